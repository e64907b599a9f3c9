#pragma once
/// Replacing a file so that a crash leaves either the old or the new contents, never a mix.

#include <filesystem>
#include <string_view>

#include "util/error.h"

namespace ddbmv {

/// Writes `contents` to a temporary file beside `path`, fsyncs it, renames it over `path` and fsyncs
/// the directory. On failure `path` is unchanged, the temporary file is removed, and the error names
/// `path` and the system's reason (code "FileWriteFailed").
Result<void> write_file_atomically(const std::filesystem::path& path, std::string_view contents,
                                   std::filesystem::perms permissions = std::filesystem::perms::owner_read |
                                                                        std::filesystem::perms::owner_write |
                                                                        std::filesystem::perms::group_read |
                                                                        std::filesystem::perms::others_read);

}  // namespace ddbmv
