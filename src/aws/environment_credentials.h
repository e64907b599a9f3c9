#pragma once
/// Credentials from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.

#include <optional>

#include "aws/config.h"
#include "aws/credentials.h"
#include "util/error.h"

namespace ddbmv::aws {

/// The environment's credentials (source "environment"). Empty when neither key variable is set (or
/// both are empty); fails with code "IncompleteCredentials" naming the missing variable when only one
/// is. AWS_SESSION_TOKEN is optional.
Result<std::optional<Credentials>> environment_credentials(const Getenv& getenv);

}  // namespace ddbmv::aws
