#pragma once
/// Keys written in a profile of the shared credentials or config file.

#include <optional>
#include <string_view>

#include "aws/credentials.h"
#include "aws/ini.h"
#include "util/error.h"

namespace ddbmv::aws {

/// The keys of `section` (aws_access_key_id, aws_secret_access_key, optional aws_session_token) of the
/// file shown as `file`, with source "profile NAME (FILE)". Empty when `section` is null or sets neither
/// key; fails with code "IncompleteCredentials" naming the file, line, profile and missing key when it
/// sets only one.
Result<std::optional<Credentials>> profile_credentials(const IniSection* section, std::string_view file,
                                                       std::string_view profile);

}  // namespace ddbmv::aws
