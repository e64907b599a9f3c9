#include "aws/environment_credentials.h"

#include <fmt/core.h>

namespace ddbmv::aws {

Result<std::optional<Credentials>> environment_credentials(const Getenv& getenv) {
  auto access_key_id = non_empty_variable(getenv, "AWS_ACCESS_KEY_ID");
  auto secret_access_key = non_empty_variable(getenv, "AWS_SECRET_ACCESS_KEY");
  if (!access_key_id && !secret_access_key) {
    return std::optional<Credentials>{};
  }
  if (!access_key_id || !secret_access_key) {
    const auto* missing = access_key_id ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID";
    const auto* present = access_key_id ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY";
    return fail("IncompleteCredentials", fmt::format("{} is set but {} is not", present, missing),
                fmt::format("set {} too, or unset {} to use a profile", missing, present));
  }
  Credentials credentials;
  credentials.access_key_id = std::move(*access_key_id);
  credentials.secret_access_key = std::move(*secret_access_key);
  credentials.session_token = non_empty_variable(getenv, "AWS_SESSION_TOKEN").value_or("");
  credentials.source = "environment";
  return std::optional<Credentials>{std::move(credentials)};
}

}  // namespace ddbmv::aws
