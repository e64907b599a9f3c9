#include "aws/credentials_chain.h"

#include <fmt/core.h>

#include <array>
#include <utility>

#include "aws/environment_credentials.h"
#include "aws/process_credentials.h"
#include "aws/profile_credentials.h"
#include "aws/static_credentials.h"

namespace ddbmv::aws {

namespace {

struct UnsupportedSetting {
  const char* key;
  const char* what;
};

constexpr std::array<UnsupportedSetting, 4> kUnsupported = {{
    {"role_arn", "assuming a role (role_arn)"},
    {"sso_session", "IAM Identity Center (sso_session)"},
    {"sso_start_url", "IAM Identity Center (sso_start_url)"},
    {"web_identity_token_file", "web identity (web_identity_token_file)"},
}};

}  // namespace

Error profile_not_found(const ProfileFiles& files, std::string_view profile) {
  return Error{"ProfileNotFound",
               fmt::format("profile '{}' not found in {} or {}", profile, files.config_path(),
                           files.credentials_path()),
               "check the name (aws configure list-profiles), or set AWS_CONFIG_FILE / "
               "AWS_SHARED_CREDENTIALS_FILE to the files that define it"};
}

CredentialsChain::CredentialsChain(std::string profile, bool profile_from_command_line, const Getenv& getenv,
                                   std::shared_ptr<const ProfileFiles> files,
                                   std::shared_ptr<const Clock> clock)
    : m_profile(std::move(profile)),
      m_profile_from_command_line(profile_from_command_line),
      m_environment(environment_credentials(getenv)),
      m_files(std::move(files)),
      m_clock(std::move(clock)) {}

Result<Credentials> CredentialsChain::credentials() {
  std::shared_ptr<CredentialsProvider> source;
  {
    const std::lock_guard lock(m_mutex);
    if (!m_source) {
      auto found = find_source();
      if (!found) {
        return std::unexpected(found.error());
      }
      m_source = std::move(*found);
    }
    source = m_source;
  }
  return source->credentials();  // each source is thread-safe itself
}

Result<std::shared_ptr<CredentialsProvider>> CredentialsChain::find_source() const {
  const auto as_source = [](Credentials credentials) -> std::shared_ptr<CredentialsProvider> {
    return std::make_shared<StaticCredentialsProvider>(std::move(credentials));
  };
  if (!m_profile_from_command_line) {
    if (!m_environment) {
      return std::unexpected(m_environment.error());
    }
    if (*m_environment) {
      return as_source(**m_environment);
    }
  }
  const auto& files = *m_files;
  if (m_profile_from_command_line && !files.has_profile(m_profile)) {
    return std::unexpected(profile_not_found(files, m_profile));
  }
  const auto from_credentials_file =
      profile_credentials(files.credentials_section(m_profile), files.credentials_path(), m_profile);
  if (!from_credentials_file) {
    return std::unexpected(from_credentials_file.error());
  }
  if (*from_credentials_file) {
    return as_source(**from_credentials_file);
  }
  if (const auto command = files.setting(m_profile, "credential_process")) {
    return std::make_shared<ProcessCredentialsProvider>(m_profile, *command, m_clock);
  }
  const auto from_config_file =
      profile_credentials(files.config_section(m_profile), files.config_path(), m_profile);
  if (!from_config_file) {
    return std::unexpected(from_config_file.error());
  }
  if (*from_config_file) {
    return as_source(**from_config_file);
  }
  for (const auto& unsupported : kUnsupported) {
    if (files.setting(m_profile, unsupported.key)) {
      return fail(
          "UnsupportedCredentials",
          fmt::format("profile '{}' uses {}, which ddbmv does not support", m_profile, unsupported.what),
          fmt::format("make a profile with credential_process = aws configure export-credentials "
                      "--profile {} --format process, and pass that one to --profile",
                      m_profile));
    }
  }
  return fail(
      "NoCredentials",
      fmt::format("no AWS credentials found: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or use --profile "
                  "with a profile that has keys or credential_process in {} or {} (profile '{}' has none)",
                  files.credentials_path(), files.config_path(), m_profile));
}

}  // namespace ddbmv::aws
