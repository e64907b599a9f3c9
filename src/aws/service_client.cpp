#include "aws/service_client.h"

#include <fmt/core.h>

#include <chrono>
#include <map>

#include "aws/sigv4.h"

namespace ddbmv::aws {
namespace {

bool is_success(long status) {
  return status >= 200 && status < 300;
}

/// last_request_id's record: "<service_label>:<operation>" → request id of the latest call, erased
/// when a call of it starts.
thread_local std::map<std::string, std::string, std::less<>> t_last_request_ids;

}  // namespace

ServiceClient::ServiceClient(ServiceEndpoint endpoint, std::shared_ptr<Transport> transport,
                             std::shared_ptr<CredentialsProvider> credentials,
                             std::shared_ptr<const Clock> clock, RetryPolicy retry, DebugLog debug_log)
    : m_endpoint(std::move(endpoint)),
      m_transport(std::move(transport)),
      m_credentials(std::move(credentials)),
      m_clock(std::move(clock)),
      m_retry(std::move(retry)),
      m_debug_log(std::move(debug_log)) {
  while (!m_endpoint.url.empty() && m_endpoint.url.back() == '/')
    m_endpoint.url.pop_back();
}

Outcome<HttpResponse> ServiceClient::send(std::string_view operation, HttpRequest request) const {
  const int max_attempts = std::max(1, m_retry.max_attempts);
  const sigv4::Scope scope{m_endpoint.region, m_endpoint.signing_name};
  const size_t unsigned_header_count = request.headers.size();
  const std::string call = fmt::format("{}:{}", m_endpoint.service_label, operation);
  t_last_request_ids.erase(call);

  for (int attempt = 1;; ++attempt) {
    auto credentials = m_credentials->credentials();
    if (!credentials) {
      AwsError error;
      error.service = m_endpoint.service_label;
      error.operation = operation;
      error.code = "CredentialsError";
      error.message = credentials.error().message;
      if (m_debug_log) {
        m_debug_log(fmt::format("{} {} -> CredentialsError attempt {}/{}", m_endpoint.service_label,
                                operation, attempt, max_attempts));
      }
      return std::unexpected(std::move(error));
    }
    // Each attempt is signed afresh: the time in the signature must be current.
    request.headers.resize(unsigned_header_count);
    auto signature = sigv4::sign(request, *credentials, scope, m_clock->now());
    for (auto& header : signature.headers_to_add)
      request.headers.push_back(std::move(header));

    const auto started = std::chrono::steady_clock::now();
    auto response = m_transport->send(request);
    const auto latency_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started)
            .count();

    if (response && is_success(response->status)) {
      if (m_debug_log) {
        m_debug_log(fmt::format("{} {} -> HTTP {} attempt {}/{} {} ms", m_endpoint.service_label, operation,
                                response->status, attempt, max_attempts, latency_ms));
      }
      t_last_request_ids[call] = response->request_id();
      return std::move(*response);
    }

    AwsError error = response ? error_from_response(m_endpoint.service_label, operation, *response)
                              : error_from_transport(m_endpoint.service_label, operation, response.error());
    const bool again = error.retryable && attempt < max_attempts;
    const auto delay = again ? m_retry.backoff(attempt) : std::chrono::milliseconds{0};
    if (m_debug_log) {
      std::string status =
          error.http_status != 0 ? fmt::format("HTTP {} {}", error.http_status, error.code) : error.code;
      std::string next = again ? fmt::format(", retrying in {} ms", delay.count()) : std::string();
      m_debug_log(fmt::format("{} {} -> {} attempt {}/{} {} ms{}", m_endpoint.service_label, operation,
                              status, attempt, max_attempts, latency_ms, next));
    }
    if (!again)
      return std::unexpected(std::move(error));
    m_clock->sleep_for(delay);
  }
}

Outcome<std::string> ServiceClient::call_json_raw(std::string_view operation, std::string body) const {
  HttpRequest request;
  request.method = "POST";
  request.endpoint = m_endpoint.url;
  request.path = "/";
  request.headers = {{"Host", sigv4::host_header(m_endpoint.url)},
                     {"Content-Type", "application/x-amz-json-1.0"},
                     {"X-Amz-Target", fmt::format("{}.{}", m_endpoint.target_prefix, operation)}};
  request.body = std::move(body);
  auto response = send(operation, std::move(request));
  if (!response)
    return std::unexpected(std::move(response.error()));
  return std::move(response->body);
}

Outcome<nlohmann::json> ServiceClient::call_json(std::string_view operation,
                                                 const nlohmann::json& input) const {
  auto body = call_json_raw(operation, input.dump());
  if (!body)
    return std::unexpected(std::move(body.error()));
  if (body->empty())
    return nlohmann::json::object();
  auto output = nlohmann::json::parse(*body, nullptr, /*allow_exceptions=*/false);
  if (output.is_discarded()) {
    return std::unexpected(AwsError{m_endpoint.service_label,
                                    std::string(operation),
                                    "InvalidResponse",
                                    "the response body is not JSON",
                                    200,
                                    {},
                                    false});
  }
  return output;
}

Outcome<RestResponse> ServiceClient::call_rest(std::string_view operation, std::string_view method,
                                               std::string path, std::string query, std::string body,
                                               Headers headers) const {
  HttpRequest request;
  request.method = std::string(method);
  request.endpoint = m_endpoint.url;
  request.path = std::move(path);
  request.query = std::move(query);
  request.headers.emplace_back("Host", sigv4::host_header(m_endpoint.url));
  if (!body.empty())
    request.headers.emplace_back("Content-Type", "application/json");
  for (auto& header : headers)
    request.headers.push_back(std::move(header));
  request.body = std::move(body);
  auto response = send(operation, std::move(request));
  if (!response)
    return std::unexpected(std::move(response.error()));
  return RestResponse{response->status, std::move(response->headers), std::move(response->body)};
}

std::string last_request_id(std::string_view call) {
  auto found = t_last_request_ids.find(call);
  return found == t_last_request_ids.end() ? std::string() : found->second;
}

}  // namespace ddbmv::aws
