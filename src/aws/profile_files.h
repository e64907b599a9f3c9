#pragma once
/// The shared config and credentials files, loaded once, and the profiles they hold.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "aws/config.h"
#include "aws/ini.h"
#include "util/error.h"

namespace ddbmv::aws {

class ProfileFiles {
 public:
  /// Loads AWS_CONFIG_FILE (default ~/.aws/config) and AWS_SHARED_CREDENTIALS_FILE (default
  /// ~/.aws/credentials); "~" expands to $HOME. A missing file is empty; an unreadable or malformed one
  /// fails naming the file and line. Without $HOME, the default files are simply absent.
  static Result<ProfileFiles> load(const Getenv& getenv);

  /// From already parsed files (tests).
  ProfileFiles(std::optional<IniFile> config, std::optional<IniFile> credentials, std::string config_path,
               std::string credentials_path);

  /// The profile's section in the config file: `[profile NAME]`, or `[default]` for "default"
  /// (`[profile default]` also counts). nullptr when absent.
  const IniSection* config_section(std::string_view profile) const;
  /// The profile's section in the credentials file: `[NAME]`. nullptr when absent.
  const IniSection* credentials_section(std::string_view profile) const;
  /// Whether either file defines the profile.
  bool has_profile(std::string_view profile) const;

  /// A setting of the profile: the credentials file's value first, then the config file's (as the AWS
  /// CLI merges them). Empty when neither sets it (or sets it to "").
  std::optional<std::string> setting(std::string_view profile, std::string_view key) const;

  /// The paths as the user would write them ("~/.aws/config"), for messages.
  const std::string& config_path() const { return m_config_path; }
  const std::string& credentials_path() const { return m_credentials_path; }

 private:
  std::optional<IniFile> m_config;
  std::optional<IniFile> m_credentials;
  std::string m_config_path;
  std::string m_credentials_path;
};

}  // namespace ddbmv::aws
