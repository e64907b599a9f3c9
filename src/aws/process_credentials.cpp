#include "aws/process_credentials.h"

#include <fmt/core.h>
#include <sys/wait.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>

#include "util/time_format.h"

namespace ddbmv::aws {

namespace {

constexpr std::size_t kMaxOutput = 1 << 20;

std::unexpected<Error> invalid_output(std::string_view profile, std::string_view reason) {
  return fail("InvalidCredentialProcessOutput",
              fmt::format("credential_process of profile '{}' printed {}", profile, reason),
              "it must print JSON like {\"Version\": 1, \"AccessKeyId\": ..., \"SecretAccessKey\": ..., "
              "\"SessionToken\": ..., \"Expiration\": \"2030-01-01T00:00:00Z\"}");
}

/// The string member `name`, or empty if absent; `valid` turns false when it is present but not a string.
std::optional<std::string> string_member(const nlohmann::json& json, const char* name, bool& valid) {
  const auto it = json.find(name);
  if (it == json.end() || it->is_null()) {
    return std::nullopt;
  }
  if (!it->is_string()) {
    valid = false;
    return std::nullopt;
  }
  return it->get<std::string>();
}

}  // namespace

Result<Credentials> parse_process_credentials(std::string_view output, std::string_view profile) {
  const auto json = nlohmann::json::parse(output, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded() || !json.is_object()) {
    return invalid_output(profile, "something that is not a JSON object");
  }
  const auto version = json.find("Version");
  if (version == json.end() || !version->is_number_integer() || version->get<long long>() != 1) {
    return invalid_output(profile, "JSON without \"Version\": 1");
  }
  bool valid = true;
  auto access_key_id = string_member(json, "AccessKeyId", valid);
  auto secret_access_key = string_member(json, "SecretAccessKey", valid);
  auto session_token = string_member(json, "SessionToken", valid);
  const auto expiration = string_member(json, "Expiration", valid);
  if (!valid) {
    return invalid_output(
        profile, "JSON whose AccessKeyId, SecretAccessKey, SessionToken or Expiration is not a string");
  }
  if (!access_key_id || access_key_id->empty()) {
    return invalid_output(profile, "JSON without AccessKeyId");
  }
  if (!secret_access_key || secret_access_key->empty()) {
    return invalid_output(profile, "JSON without SecretAccessKey");
  }
  Credentials credentials;
  if (expiration) {
    credentials.expiration = parse_iso8601(*expiration);
    if (!credentials.expiration) {
      return invalid_output(profile, "an Expiration that is not an ISO 8601 timestamp");
    }
  }
  credentials.access_key_id = std::move(*access_key_id);
  credentials.secret_access_key = std::move(*secret_access_key);
  credentials.session_token = session_token.value_or("");
  credentials.source = fmt::format("profile {} (credential_process)", profile);
  return credentials;
}

Result<ProcessResult> run_command(const std::string& command) {
  std::fflush(nullptr);
  FILE* pipe = ::popen(command.c_str(), "r");  // popen runs /bin/sh -c COMMAND
  if (pipe == nullptr) {
    return fail("CredentialProcessFailed", fmt::format("could not start /bin/sh: {}", std::strerror(errno)));
  }
  ProcessResult result;
  std::array<char, 4096> buffer{};
  std::size_t read = 0;
  while ((read = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
    if (result.output.size() < kMaxOutput) {
      result.output.append(buffer.data(), std::min(read, kMaxOutput - result.output.size()));
    }
  }
  const int status = ::pclose(pipe);
  if (status == -1) {
    return fail("CredentialProcessFailed",
                fmt::format("could not wait for the command: {}", std::strerror(errno)));
  }
  if (WIFEXITED(status)) {
    result.exit_status = WEXITSTATUS(status);
  } else if (WIFSIGNALED(status)) {
    result.exit_status = 128 + WTERMSIG(status);
  }
  return result;
}

ProcessCredentialsProvider::ProcessCredentialsProvider(std::string profile, std::string command,
                                                       std::shared_ptr<const Clock> clock)
    : m_profile(std::move(profile)), m_command(std::move(command)), m_clock(std::move(clock)) {}

bool ProcessCredentialsProvider::fresh(const Credentials& credentials) const {
  return !credentials.expiration ||
         m_clock->now() < *credentials.expiration - kProcessCredentialsRefreshWindow;
}

Result<Credentials> ProcessCredentialsProvider::credentials() {
  const std::lock_guard lock(m_mutex);
  if (m_cached && fresh(*m_cached)) {
    return *m_cached;
  }
  auto refreshed = refresh();
  if (!refreshed) {
    // A failed refresh inside the window: the cached credentials still work until they expire.
    if (m_cached && m_clock->now() < *m_cached->expiration) {
      return *m_cached;
    }
    return refreshed;
  }
  m_cached = std::move(*refreshed);
  return *m_cached;
}

Result<Credentials> ProcessCredentialsProvider::refresh() const {
  const auto run = run_command(m_command);
  if (!run) {
    return fail(run.error().code,
                fmt::format("credential_process of profile '{}' failed: {}", m_profile, run.error().message),
                "check the command in the profile's credential_process setting");
  }
  if (run->exit_status != 0) {
    return fail(
        "CredentialProcessFailed",
        fmt::format("credential_process of profile '{}' exited with status {}", m_profile, run->exit_status),
        "run the profile's credential_process command yourself to see why");
  }
  return parse_process_credentials(run->output, m_profile);
}

}  // namespace ddbmv::aws
