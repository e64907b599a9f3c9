#pragma once
/// The INI dialect of AWS's shared config and credentials files.

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "util/error.h"

namespace ddbmv::aws {

struct IniSection {
  std::string name;                           ///< as written between the brackets, trimmed: "profile dev"
  std::map<std::string, std::string> values;  ///< keys lower-cased, values trimmed
  int line = 0;                               ///< where the section starts, for messages
};

struct IniFile {
  std::string path;                            ///< for messages
  std::map<std::string, IniSection> sections;  ///< by name; a repeated section's keys are merged

  /// The section called `name`, or nullptr.
  const IniSection* section(std::string_view name) const;
};

/// Parses `text` as AWS's CLI does: `[section]` headers, `key = value` lines, whole-line comments
/// starting with `#` or `;`, inline comments introduced by whitespace and `#`, blank lines. An indented
/// line after a key belongs to it (a nested sub-section such as `s3 =\n  max_bandwidth = 1MB/s`) and is
/// skipped. Anything else fails with code "MalformedConfigFile" and a message naming `path` and the line
/// number, never the line itself (it may hold a secret).
Result<IniFile> parse_ini(std::string_view text, std::string_view path);

/// Reads and parses the file at `path`. Empty when it does not exist; fails when it exists but cannot
/// be read or is malformed.
Result<std::optional<IniFile>> load_ini(const std::filesystem::path& path);

}  // namespace ddbmv::aws
