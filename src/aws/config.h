#pragma once
/// Where ddbmv's AWS settings come from, in the AWS CLI's order: command-line flags, AWS_* environment
/// variables, the shared config and credentials files, credential_process. Resolved once, in cli,
/// into an immutable ResolvedConfig that is passed down.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "aws/credentials.h"
#include "util/clock.h"
#include "util/error.h"

namespace ddbmv::aws {

/// Looks up an environment variable; injectable so tests never touch the process environment.
using Getenv = std::function<std::optional<std::string>(std::string_view name)>;

/// The real process environment.
Getenv process_environment();

/// The variable's value, or nullopt when it is unset or empty (the AWS CLI ignores an empty one).
std::optional<std::string> non_empty_variable(const Getenv& getenv, std::string_view name);

/// What the command line said; empty means "not given".
struct ConfigInputs {
  std::optional<std::string> profile;       ///< --profile
  std::optional<std::string> region;        ///< --region
  std::optional<std::string> endpoint_url;  ///< --endpoint-url (applies to every service)
};

/// The services ddbmv talks to, as the AWS_ENDPOINT_URL_<SERVICE> variables name them.
enum class Service { kDynamoDb, kDynamoDbStreams, kLambda };

struct ResolvedConfig {
  std::string profile;  ///< "default" when none was named
  std::string region;
  std::shared_ptr<CredentialsProvider> credentials;
  std::optional<std::string> endpoint_url;           ///< --endpoint-url
  std::optional<std::string> endpoint_url_env;       ///< AWS_ENDPOINT_URL, or the profile's endpoint_url
  std::optional<std::string> endpoint_url_dynamodb;  ///< AWS_ENDPOINT_URL_DYNAMODB
  std::optional<std::string> endpoint_url_streams;   ///< AWS_ENDPOINT_URL_DYNAMODB_STREAMS
  std::optional<std::string> endpoint_url_lambda;    ///< AWS_ENDPOINT_URL_LAMBDA

  /// --endpoint-url, then AWS_ENDPOINT_URL_<SERVICE>, then AWS_ENDPOINT_URL, then the region's public
  /// endpoint (https://dynamodb.REGION.amazonaws.com, streams.dynamodb..., lambda...; .com.cn in China).
  std::string endpoint(Service service) const;
};

/// Resolves region, profile, endpoints and the credentials chain. Fails with one clear message
/// (naming the variable, file and line, or profile) when the region or a named profile is missing or
/// a file is malformed. Credentials themselves are fetched lazily, by the provider.
Result<ResolvedConfig> resolve_config(const ConfigInputs& inputs, const Getenv& getenv,
                                      std::shared_ptr<const Clock> clock);

}  // namespace ddbmv::aws
