#include "aws/profile_files.h"

namespace ddbmv::aws {

namespace {

struct FileLocation {
  std::optional<std::filesystem::path> path;  ///< empty when it cannot be located (no $HOME)
  std::string shown;                          ///< for messages
};

std::optional<std::string> non_empty(const Getenv& getenv, std::string_view name) {
  auto value = getenv(name);
  if (value && value->empty()) {
    return std::nullopt;
  }
  return value;
}

FileLocation locate(const Getenv& getenv, std::string_view variable, std::string_view default_path) {
  const auto home = non_empty(getenv, "HOME");
  const auto expand = [&](const std::string& text) -> std::optional<std::filesystem::path> {
    if (text == "~" || text.starts_with("~/")) {
      if (!home) {
        return std::nullopt;
      }
      return std::filesystem::path(*home + text.substr(1));
    }
    return std::filesystem::path(text);
  };
  if (const auto configured = non_empty(getenv, variable)) {
    return {expand(*configured), *configured};
  }
  return {expand(std::string(default_path)), std::string(default_path)};
}

Result<std::optional<IniFile>> load(const FileLocation& location) {
  if (!location.path) {
    return std::optional<IniFile>{};
  }
  auto file = load_ini(*location.path);
  if (file && *file) {
    (*file)->path = location.shown;
  }
  return file;
}

const IniSection* non_null_section(const std::optional<IniFile>& file, std::string_view name) {
  return file ? file->section(name) : nullptr;
}

std::optional<std::string> value_of(const IniSection* section, std::string_view key) {
  if (section == nullptr) {
    return std::nullopt;
  }
  const auto it = section->values.find(std::string(key));
  if (it == section->values.end() || it->second.empty()) {
    return std::nullopt;
  }
  return it->second;
}

}  // namespace

Result<ProfileFiles> ProfileFiles::load(const Getenv& getenv) {
  const auto config_location = locate(getenv, "AWS_CONFIG_FILE", "~/.aws/config");
  const auto credentials_location = locate(getenv, "AWS_SHARED_CREDENTIALS_FILE", "~/.aws/credentials");
  auto config = aws::load(config_location);
  if (!config) {
    return std::unexpected(config.error());
  }
  auto credentials = aws::load(credentials_location);
  if (!credentials) {
    return std::unexpected(credentials.error());
  }
  return ProfileFiles(std::move(*config), std::move(*credentials), config_location.shown,
                      credentials_location.shown);
}

ProfileFiles::ProfileFiles(std::optional<IniFile> config, std::optional<IniFile> credentials,
                           std::string config_path, std::string credentials_path)
    : m_config(std::move(config)),
      m_credentials(std::move(credentials)),
      m_config_path(std::move(config_path)),
      m_credentials_path(std::move(credentials_path)) {}

const IniSection* ProfileFiles::config_section(std::string_view profile) const {
  if (const auto* section = non_null_section(m_config, "profile " + std::string(profile))) {
    return section;
  }
  return profile == "default" ? non_null_section(m_config, "default") : nullptr;
}

const IniSection* ProfileFiles::credentials_section(std::string_view profile) const {
  return non_null_section(m_credentials, profile);
}

bool ProfileFiles::has_profile(std::string_view profile) const {
  return config_section(profile) != nullptr || credentials_section(profile) != nullptr;
}

std::optional<std::string> ProfileFiles::setting(std::string_view profile, std::string_view key) const {
  if (auto value = value_of(credentials_section(profile), key)) {
    return value;
  }
  return value_of(config_section(profile), key);
}

}  // namespace ddbmv::aws
