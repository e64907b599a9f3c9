#include "aws/error.h"

#include <fmt/core.h>

#include <array>
#include <nlohmann/json.hpp>

namespace ddbmv::aws {
namespace {

/// Throttling and transient codes of the AWS SDKs' standard retry mode (botocore retries/standard.py),
/// plus the local transport codes. LimitExceededException is on the SDKs' list and so on ours: DynamoDB
/// uses it for "too many concurrent control-plane operations" (CreateTable, UpdateTable, backups), which
/// clears as the other operations finish, so backing off and trying again is the right answer; the bounded
/// number of attempts keeps a persistent limit (e.g. the account's table quota) from looping.
constexpr std::array<std::string_view, 20> kRetryableCodes = {
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
    "RequestTimeout",
    "RequestTimeoutException",
    "InternalServerError",
    "ServiceUnavailable",
    "ConnectionError",
    "Timeout",
};

/// "com.amazonaws.dynamodb.v20120810#ResourceNotFoundException" -> "ResourceNotFoundException";
/// "ResourceNotFoundException:http://internal.amazon.com/coral/..." -> "ResourceNotFoundException".
std::string bare_code(std::string_view raw) {
  if (auto hash = raw.rfind('#'); hash != std::string_view::npos)
    raw.remove_prefix(hash + 1);
  if (auto colon = raw.find(':'); colon != std::string_view::npos)
    raw = raw.substr(0, colon);
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t'))
    raw.remove_suffix(1);
  while (!raw.empty() && (raw.front() == ' ' || raw.front() == '\t'))
    raw.remove_prefix(1);
  return std::string(raw);
}

std::string string_member(const nlohmann::json& body, std::initializer_list<const char*> names) {
  if (!body.is_object())
    return {};
  for (const char* name : names) {
    auto it = body.find(name);
    if (it != body.end() && it->is_string())
      return it->get<std::string>();
  }
  return {};
}

std::string code_from_status(long status) {
  switch (status) {
    case 500:
      return "InternalServerError";
    case 502:
      return "BadGateway";
    case 503:
      return "ServiceUnavailable";
    case 504:
      return "GatewayTimeout";
    default:
      return fmt::format("HttpStatus{}", status);
  }
}

}  // namespace

bool is_retryable(std::string_view code, long http_status) {
  if (http_status == 429 || http_status == 500 || http_status == 502 || http_status == 503 ||
      http_status == 504) {
    return true;
  }
  for (auto retryable : kRetryableCodes) {
    if (code == retryable)
      return true;
  }
  return false;
}

AwsError error_from_response(std::string_view service, std::string_view operation,
                             const HttpResponse& response) {
  AwsError error;
  error.service = service;
  error.operation = operation;
  error.http_status = response.status;

  const auto body = nlohmann::json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  // Lambda (REST-JSON) names the code in a header; its body's "Type" is "User" or "Service", not a code.
  std::string raw = response.header("x-amzn-errortype");
  if (raw.empty())
    raw = string_member(body, {"__type", "code", "Code"});
  if (raw.empty()) {
    auto type = string_member(body, {"Type"});
    if (type != "User" && type != "Service")
      raw = type;
  }
  error.code = raw.empty() ? code_from_status(response.status) : bare_code(raw);
  error.message = string_member(body, {"message", "Message", "errorMessage"});
  if (error.message.empty() && !body.is_object() && !response.body.empty() && response.body.size() <= 200) {
    error.message = response.body;  // a short non-JSON body (a proxy's page): better than nothing
  }
  error.request_id = response.request_id();
  error.retryable = is_retryable(error.code, error.http_status);
  return error;
}

AwsError error_from_transport(std::string_view service, std::string_view operation,
                              const TransportError& error) {
  AwsError out;
  out.service = service;
  out.operation = operation;
  out.code = error.timed_out ? "Timeout" : "ConnectionError";
  out.message = error.message;
  out.retryable = true;
  return out;
}

Error AwsError::to_error(std::string_view doing, std::string_view fallback_hint) const {
  Error out = to_error();
  out.message = fmt::format("{}: {}", doing, out.message);
  if (out.hint.empty())
    out.hint = std::string(fallback_hint);
  return out;
}

Error AwsError::to_error() const {
  std::string text = fmt::format("{} {} failed: {}", service, operation, code);
  if (!message.empty())
    text += fmt::format(": {}", message);
  if (http_status != 0)
    text += fmt::format(" (HTTP {}", http_status);
  if (http_status != 0 && !request_id.empty())
    text += fmt::format(", request id {}", request_id);
  if (http_status != 0)
    text += ")";

  std::string hint;
  if (code == "CredentialsError" || code == "UnrecognizedClientException" ||
      code == "InvalidSignatureException" || code == "IncompleteSignature" ||
      code == "ExpiredTokenException" || code == "MissingAuthenticationToken") {
    hint = "check the credentials in use (--profile, AWS_PROFILE, AWS_ACCESS_KEY_ID, ~/.aws/credentials)";
  } else if (code == "AccessDeniedException" || code == "AccessDenied") {
    hint = fmt::format("grant the caller permission for {}:{}", service == "lambda" ? "lambda" : "dynamodb",
                       operation);
  } else if (code == "ConnectionError" || code == "Timeout") {
    hint = "check the network and the endpoint (--endpoint-url, AWS_ENDPOINT_URL, --region)";
  } else if (retryable) {
    hint = "AWS kept refusing after every retry; try again later";
  }
  return Error{code, std::move(text), std::move(hint)};
}

}  // namespace ddbmv::aws
