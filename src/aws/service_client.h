#pragma once
/// One AWS service endpoint with signing, retries and error mapping: what the typed DynamoDB, Streams
/// and Lambda operations call. Thread-safe: worker threads share one ServiceClient.

#include <expected>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "aws/credentials.h"
#include "aws/error.h"
#include "aws/http.h"
#include "aws/retry.h"
#include "util/clock.h"

namespace ddbmv::aws {

template <class T>
using Outcome = std::expected<T, AwsError>;

struct ServiceEndpoint {
  std::string signing_name;   ///< "dynamodb" (also for Streams), "lambda"
  std::string service_label;  ///< for errors and logs: "dynamodb", "streams.dynamodb", "lambda"
  std::string target_prefix;  ///< JSON-protocol services: "DynamoDB_20120810", "DynamoDBStreams_20120810"
  std::string region;
  std::string url;  ///< scheme://host[:port]
};

/// A line of `--debug` output: service, operation, status, attempt, latency. Never a header or body.
using DebugLog = std::function<void(std::string_view line)>;

struct RestResponse {
  long status = 0;
  Headers headers;  ///< lower-case names
  std::string body;
};

class ServiceClient {
 public:
  ServiceClient(ServiceEndpoint endpoint, std::shared_ptr<Transport> transport,
                std::shared_ptr<CredentialsProvider> credentials, std::shared_ptr<const Clock> clock,
                RetryPolicy retry, DebugLog debug_log = {});

  /// JSON 1.0 protocol: POST / with X-Amz-Target "<target_prefix>.<operation>"; retries per policy.
  Outcome<nlohmann::json> call_json(std::string_view operation, const nlohmann::json& input) const;
  /// The same with a pre-serialised body and the raw response body (hot paths: Scan, BatchWriteItem).
  Outcome<std::string> call_json_raw(std::string_view operation, std::string body) const;
  /// REST-JSON protocol (Lambda): `path` and `query` already encoded; non-2xx becomes AwsError.
  /// `headers` are added to the request (and signed), e.g. X-Amz-Invocation-Type.
  Outcome<RestResponse> call_rest(std::string_view operation, std::string_view method, std::string path,
                                  std::string query = {}, std::string body = {}, Headers headers = {}) const;

  const ServiceEndpoint& endpoint() const { return m_endpoint; }

 private:
  /// Signs and sends `request` (Host and protocol headers already set), retrying per the policy;
  /// a non-2xx response or transport failure after the last attempt becomes the AwsError.
  Outcome<HttpResponse> send(std::string_view operation, HttpRequest request) const;

  ServiceEndpoint m_endpoint;
  std::shared_ptr<Transport> m_transport;
  std::shared_ptr<CredentialsProvider> m_credentials;
  std::shared_ptr<const Clock> m_clock;
  RetryPolicy m_retry;
  DebugLog m_debug_log;
};

/// AWS's request id for this thread's latest call of `call` ("<service_label>:<operation>", e.g.
/// "dynamodb:CreateTable", "lambda:UpdateFunctionConfiguration") if that call succeeded, else
/// empty. What CHANGES.log records beside a change: each change is logged right after its call, on
/// the thread that made it.
std::string last_request_id(std::string_view call);

}  // namespace ddbmv::aws
