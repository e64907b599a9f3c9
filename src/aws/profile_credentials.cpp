#include "aws/profile_credentials.h"

#include <fmt/core.h>

namespace ddbmv::aws {

namespace {

std::optional<std::string> value_of(const IniSection& section, const char* key) {
  const auto it = section.values.find(key);
  if (it == section.values.end() || it->second.empty()) {
    return std::nullopt;
  }
  return it->second;
}

}  // namespace

Result<std::optional<Credentials>> profile_credentials(const IniSection* section, std::string_view file,
                                                       std::string_view profile) {
  if (section == nullptr) {
    return std::optional<Credentials>{};
  }
  auto access_key_id = value_of(*section, "aws_access_key_id");
  auto secret_access_key = value_of(*section, "aws_secret_access_key");
  if (!access_key_id && !secret_access_key) {
    return std::optional<Credentials>{};
  }
  if (!access_key_id || !secret_access_key) {
    const auto* missing = access_key_id ? "aws_secret_access_key" : "aws_access_key_id";
    return fail("IncompleteCredentials",
                fmt::format("{} line {}: profile '{}' has no {}", file, section->line, profile, missing),
                fmt::format("add {} to [{}], or remove the profile's other key", missing, section->name));
  }
  Credentials credentials;
  credentials.access_key_id = std::move(*access_key_id);
  credentials.secret_access_key = std::move(*secret_access_key);
  credentials.session_token = value_of(*section, "aws_session_token").value_or("");
  credentials.source = fmt::format("profile {} ({})", profile, file);
  return std::optional<Credentials>{std::move(credentials)};
}

}  // namespace ddbmv::aws
