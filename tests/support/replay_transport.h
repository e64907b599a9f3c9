#pragma once
/// Test doubles for the AWS client: a Transport that plays back recorded exchanges (and checks that
/// each request is the one expected), fixed credentials, and helpers that build AWS-shaped responses.
///
///   auto transport = std::make_shared<ReplayTransport>();
///   transport->expect({.target = "DynamoDB_20120810.ListTables", .body = R"({})"_json},
///                     json_response(200, {{"TableNames", {"a"}}}));
///   ... call the client ...
///   EXPECT_TRUE(transport->done());
///
/// Requests that differ from the expectation are reported as gtest failures (ADD_FAILURE), with the
/// field that differed; every request is kept in `requests()` for further checks.

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <deque>
#include <expected>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "aws/credentials.h"
#include "aws/http.h"
#include "aws/service_client.h"
#include "support/manual_clock.h"
#include "util/clock.h"

namespace ddbmv::testing {

/// What a request must look like; unset fields are not checked.
struct ExpectedRequest {
  std::optional<std::string> method = std::nullopt;
  std::optional<std::string> path = std::nullopt;
  std::optional<std::string> query = std::nullopt;
  std::optional<std::string> target = std::nullopt;    ///< X-Amz-Target
  std::optional<nlohmann::json> body = std::nullopt;   ///< compared as JSON (member order does not matter)
  std::optional<std::string> raw_body = std::nullopt;  ///< compared byte for byte
};

inline bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

/// The value of the first header named `name` (case-insensitive), or empty.
inline std::string header_value(const aws::Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (equals_ignoring_case(key, name))
      return value;
  }
  return {};
}

/// How many headers are named `name` (case-insensitive).
inline size_t header_count(const aws::Headers& headers, std::string_view name) {
  return static_cast<size_t>(std::count_if(headers.begin(), headers.end(), [&](const auto& header) {
    return equals_ignoring_case(header.first, name);
  }));
}

class ReplayTransport final : public aws::Transport {
 public:
  using Reply = std::expected<aws::HttpResponse, aws::TransportError>;

  /// The next request must match `expected`; it is answered with `reply`.
  ReplayTransport& expect(ExpectedRequest expected, Reply reply) {
    std::lock_guard lock(m_mutex);
    m_exchanges.push_back({std::move(expected), std::move(reply)});
    return *this;
  }
  /// The next request, whatever it is, is answered with `reply`.
  ReplayTransport& reply(Reply reply) { return expect({}, std::move(reply)); }

  Reply send(const aws::HttpRequest& request) override {
    std::lock_guard lock(m_mutex);
    m_requests.push_back(request);
    if (m_exchanges.empty()) {
      ADD_FAILURE() << "unexpected request " << request.method << " " << request.path << " target "
                    << header_value(request.headers, "X-Amz-Target");
      return std::unexpected(aws::TransportError{"ReplayTransport: no exchange left", false});
    }
    auto exchange = std::move(m_exchanges.front());
    m_exchanges.pop_front();
    check(exchange.expected, request);
    return std::move(exchange.reply);
  }

  /// Every request sent so far, as sent (signed).
  std::vector<aws::HttpRequest> requests() const {
    std::lock_guard lock(m_mutex);
    return m_requests;
  }
  /// Whether every recorded exchange was used.
  bool done() const {
    std::lock_guard lock(m_mutex);
    return m_exchanges.empty();
  }

 private:
  struct Exchange {
    ExpectedRequest expected;
    Reply reply;
  };

  static void check(const ExpectedRequest& expected, const aws::HttpRequest& request) {
    if (expected.method) {
      EXPECT_EQ(*expected.method, request.method) << "method of " << request.path;
    }
    if (expected.path) {
      EXPECT_EQ(*expected.path, request.path);
    }
    if (expected.query) {
      EXPECT_EQ(*expected.query, request.query) << "query of " << request.path;
    }
    if (expected.target) {
      EXPECT_EQ(*expected.target, header_value(request.headers, "X-Amz-Target"));
    }
    if (expected.raw_body) {
      EXPECT_EQ(*expected.raw_body, request.body);
    }
    if (expected.body) {
      auto body = nlohmann::json::parse(request.body, nullptr, false);
      EXPECT_EQ(expected.body->dump(), body.dump()) << "body of " << request.method << " " << request.path
                                                    << " " << header_value(request.headers, "X-Amz-Target");
    }
  }

  mutable std::mutex m_mutex;
  std::deque<Exchange> m_exchanges;
  std::vector<aws::HttpRequest> m_requests;
};

/// A 2xx/4xx/5xx response with a JSON body.
inline aws::HttpResponse json_response(long status, const nlohmann::json& body, aws::Headers headers = {}) {
  headers.emplace_back("x-amzn-requestid", "REQ-1");
  return aws::HttpResponse{status, std::move(headers), body.dump()};
}

/// A DynamoDB (JSON 1.0) error: `__type` names the code.
inline aws::HttpResponse dynamodb_error(std::string_view code, std::string_view message, long status = 400) {
  return json_response(status, {{"__type", "com.amazonaws.dynamodb.v20120810#" + std::string(code)},
                                {"message", std::string(message)}});
}

/// A Lambda (REST-JSON) error: the x-amzn-ErrorType header names the code.
inline aws::HttpResponse lambda_error(long status, std::string_view code, std::string_view message) {
  return json_response(
      status, {{"Type", "User"}, {"Message", std::string(message)}},
      {{"x-amzn-errortype", std::string(code) + ":http://internal.amazon.com/coral/com.amazonaws.lambda/"}});
}

inline constexpr std::string_view kTestAccessKey = "AKIDEXAMPLE";
inline constexpr std::string_view kTestSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
inline constexpr std::string_view kTestToken = "SESSIONTOKENEXAMPLE/secret+token";

/// Always the same credentials (with a session token when asked), or always the same failure.
class StaticCredentials final : public aws::CredentialsProvider {
 public:
  explicit StaticCredentials(bool with_token = false) : m_with_token(with_token) {}
  static std::shared_ptr<StaticCredentials> failing(std::string message) {
    auto provider = std::make_shared<StaticCredentials>();
    provider->m_failure = std::move(message);
    return provider;
  }
  Result<aws::Credentials> credentials() override {
    if (!m_failure.empty())
      return fail("NoCredentials", m_failure);
    return aws::Credentials{std::string(kTestAccessKey), std::string(kTestSecret),
                            m_with_token ? std::string(kTestToken) : std::string(), std::nullopt, "test"};
  }

 private:
  bool m_with_token = false;
  std::string m_failure;
};

/// 2024-01-02T03:04:05Z, a fixed start for manual clocks.
inline TimePoint test_time() {
  return TimePoint{std::chrono::seconds{1704164645}};
}

/// Endpoints as make_clients builds them, on a fake host.
inline aws::ServiceEndpoint dynamodb_endpoint() {
  return {"dynamodb", "dynamodb", "DynamoDB_20120810", "us-east-1", "https://dynamodb.test:8443"};
}
inline aws::ServiceEndpoint streams_endpoint() {
  return {"dynamodb", "streams.dynamodb", "DynamoDBStreams_20120810", "us-east-1", "https://streams.test"};
}
inline aws::ServiceEndpoint lambda_endpoint() {
  return {"lambda", "lambda", "", "us-east-1", "https://lambda.test"};
}

/// A retry policy that never waits (random() = 0) unless told otherwise.
inline aws::RetryPolicy no_wait_retry(int max_attempts = 8) {
  aws::RetryPolicy policy;
  policy.max_attempts = max_attempts;
  policy.random = [] { return 0.0; };
  return policy;
}

/// A ServiceClient over `transport` with fixed credentials, a manual clock and no waiting.
inline aws::ServiceClient make_service(aws::ServiceEndpoint endpoint,
                                       std::shared_ptr<aws::Transport> transport,
                                       aws::RetryPolicy retry = no_wait_retry(), aws::DebugLog log = {}) {
  return aws::ServiceClient(std::move(endpoint), std::move(transport), std::make_shared<StaticCredentials>(),
                            std::make_shared<testing::ManualClock>(test_time()), std::move(retry),
                            std::move(log));
}

}  // namespace ddbmv::testing
