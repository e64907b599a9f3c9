#pragma once
/// The AWS CLI's credential chain for one profile.

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "aws/config.h"
#include "aws/credentials.h"
#include "aws/profile_files.h"
#include "util/clock.h"
#include "util/error.h"

namespace ddbmv::aws {

/// The error for a named profile that neither file defines (code "ProfileNotFound").
Error profile_not_found(const ProfileFiles& files, std::string_view profile);

/// Looks for credentials in the AWS CLI's order, on first use:
///   1. AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY [+ AWS_SESSION_TOKEN], unless the profile was named
///      on the command line (--profile), which skips the environment as the AWS CLI does;
///   2. the profile's keys in the shared credentials file;
///   3. the profile's credential_process (either file), refreshed before its Expiration;
///   4. the profile's keys in the config file.
/// Profiles that need what ddbmv does not implement (role_arn, SSO, web identity) fail with a hint.
/// Nothing found fails with code "NoCredentials" and one line saying where to put credentials.
class CredentialsChain final : public CredentialsProvider {
 public:
  /// The environment is read now; `files` must already be loaded.
  CredentialsChain(std::string profile, bool profile_from_command_line, const Getenv& getenv,
                   std::shared_ptr<const ProfileFiles> files, std::shared_ptr<const Clock> clock);

  /// The first source's credentials; thread-safe. A source's failure is returned, not skipped.
  Result<Credentials> credentials() override;

 private:
  Result<std::shared_ptr<CredentialsProvider>> find_source() const;

  const std::string m_profile;
  const bool m_profile_from_command_line;
  const Result<std::optional<Credentials>> m_environment;
  const std::shared_ptr<const ProfileFiles> m_files;
  const std::shared_ptr<const Clock> m_clock;
  std::mutex m_mutex;
  std::shared_ptr<CredentialsProvider> m_source;
};

}  // namespace ddbmv::aws
