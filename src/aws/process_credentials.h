#pragma once
/// Credentials from a profile's `credential_process`: a command that prints them as JSON.

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "aws/credentials.h"
#include "util/clock.h"
#include "util/error.h"

namespace ddbmv::aws {

/// Credentials are refreshed this long before they expire.
inline constexpr std::chrono::minutes kProcessCredentialsRefreshWindow{5};

/// Parses a credential_process's output: {"Version": 1, "AccessKeyId", "SecretAccessKey",
/// "SessionToken"?, "Expiration"? (ISO 8601)}. Fails with code "InvalidCredentialProcessOutput" naming
/// the profile and what is wrong, never quoting the output (it holds secrets).
Result<Credentials> parse_process_credentials(std::string_view output, std::string_view profile);

/// What a command printed on stdout, and how it ended.
struct ProcessResult {
  std::string output;
  int exit_status = 0;  ///< the exit code, or 128 + the signal that ended it
};

/// Runs `command` with /bin/sh -c, stdin and stderr inherited, and collects its stdout (at most 1 MiB).
/// Fails (code "CredentialProcessFailed") only when it cannot be started.
Result<ProcessResult> run_command(const std::string& command);

class ProcessCredentialsProvider final : public CredentialsProvider {
 public:
  /// `profile` is for messages and the source; `command` is the profile's credential_process.
  ProcessCredentialsProvider(std::string profile, std::string command, std::shared_ptr<const Clock> clock);

  /// Runs the command on first use and again once the cached credentials are within
  /// kProcessCredentialsRefreshWindow of their Expiration; without an Expiration they never expire.
  /// Thread-safe: one refresh at a time, the others wait for it. When a refresh fails while the cached
  /// credentials have not yet expired, returns those. Fails naming the profile and the command's exit
  /// status, never its output.
  Result<Credentials> credentials() override;

 private:
  bool fresh(const Credentials& credentials) const;
  /// Runs the command and parses what it printed.
  Result<Credentials> refresh() const;

  const std::string m_profile;
  const std::string m_command;
  const std::shared_ptr<const Clock> m_clock;
  std::mutex m_mutex;
  std::optional<Credentials> m_cached;
};

}  // namespace ddbmv::aws
