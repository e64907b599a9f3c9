#include "aws/service_client.h"

#include <gtest/gtest.h>

#include <thread>

#include "support/manual_clock.h"
#include "support/replay_transport.h"

namespace ddbmv::aws {
namespace {

using namespace ddbmv::testing;
using std::chrono::milliseconds;

struct Harness {
  std::shared_ptr<ReplayTransport> transport = std::make_shared<ReplayTransport>();
  std::shared_ptr<testing::ManualClock> clock = std::make_shared<testing::ManualClock>(test_time());
  std::vector<std::string> log;

  ServiceClient client(RetryPolicy retry, bool with_token = false,
                       ServiceEndpoint endpoint = dynamodb_endpoint()) {
    return ServiceClient(std::move(endpoint), transport, std::make_shared<StaticCredentials>(with_token),
                         clock, std::move(retry), [this](std::string_view line) { log.emplace_back(line); });
  }
};

RetryPolicy retry_with_random(double value, int max_attempts = 8) {
  RetryPolicy policy;
  policy.max_attempts = max_attempts;
  policy.base_delay = milliseconds{100};
  policy.max_delay = milliseconds{20'000};
  policy.random = [value] { return value; };
  return policy;
}

TEST(ServiceClient, JsonCallPostsSignedJsonWithTheTarget) {
  Harness h;
  h.transport->expect({.method = "POST",
                       .path = "/",
                       .query = "",
                       .target = "DynamoDB_20120810.DescribeTable",
                       .body = nlohmann::json{{"TableName", "t"}}},
                      json_response(200, {{"Table", {{"TableName", "t"}}}}));
  auto output = h.client(no_wait_retry()).call_json("DescribeTable", {{"TableName", "t"}});
  ASSERT_TRUE(output.has_value());
  EXPECT_EQ((*output)["Table"]["TableName"], "t");

  const auto request = h.transport->requests().at(0);
  EXPECT_EQ(request.endpoint, "https://dynamodb.test:8443");
  EXPECT_EQ(header_value(request.headers, "Host"), "dynamodb.test:8443");
  EXPECT_EQ(header_value(request.headers, "Content-Type"), "application/x-amz-json-1.0");
  EXPECT_EQ(header_value(request.headers, "X-Amz-Date"), "20240102T030405Z");
  EXPECT_TRUE(
      header_value(request.headers, "Authorization")
          .starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240102/us-east-1/dynamodb/aws4_request"));
}

TEST(ServiceClient, RemembersTheRequestIdOfThisThreadsLatestSuccessfulCallPerOperation) {
  Harness h;
  h.transport->reply(json_response(200, nlohmann::json::object(), {{"x-amzn-requestid", "req-create"}}))
      .reply(json_response(200, nlohmann::json::object(), {{"x-amzn-requestid", "req-describe"}}))
      .reply(dynamodb_error("ResourceInUseException", "exists"));
  auto client = h.client(no_wait_retry());
  ASSERT_TRUE(client.call_json("CreateTable", nlohmann::json::object()));
  ASSERT_TRUE(client.call_json("DescribeTable", nlohmann::json::object()));
  EXPECT_EQ(last_request_id("dynamodb:CreateTable"), "req-create");
  EXPECT_EQ(last_request_id("dynamodb:DescribeTable"), "req-describe");
  std::string elsewhere = "unset";
  std::thread([&] { elsewhere = last_request_id("dynamodb:CreateTable"); }).join();
  EXPECT_EQ(elsewhere, "");

  ASSERT_FALSE(client.call_json("CreateTable", nlohmann::json::object()));
  EXPECT_EQ(last_request_id("dynamodb:CreateTable"), "") << "a failed call has no change to log";
}

TEST(ServiceClient, SessionTokenTravelsWithTheRequest) {
  Harness h;
  h.transport->reply(json_response(200, nlohmann::json::object()));
  ASSERT_TRUE(
      h.client(no_wait_retry(), /*with_token=*/true).call_json("ListTables", nlohmann::json::object()));
  EXPECT_EQ(header_value(h.transport->requests().at(0).headers, "X-Amz-Security-Token"), kTestToken);
}

TEST(ServiceClient, RetriesThrottlingAfterJitteredBackoffOnTheInjectedClock) {
  Harness h;
  h.transport->reply(dynamodb_error("ThrottlingException", "slow down"))
      .reply(dynamodb_error("ProvisionedThroughputExceededException", "slow down"))
      .reply(json_response(200, {{"TableNames", nlohmann::json::array()}}));
  auto output = h.client(retry_with_random(0.5)).call_json("ListTables", nlohmann::json::object());
  ASSERT_TRUE(output.has_value()) << output.error().code;
  EXPECT_EQ(h.transport->requests().size(), 3u);
  EXPECT_EQ(h.clock->now() - test_time(), milliseconds{50 + 100});  // 0.5 * 100 ms, then 0.5 * 200 ms
}

TEST(ServiceClient, SignsEachAttemptAfreshWithTheCurrentTime) {
  Harness h;
  h.transport->reply(HttpResponse{500, {}, ""}).reply(json_response(200, nlohmann::json::object()));
  RetryPolicy retry = retry_with_random(0.999);
  retry.base_delay = milliseconds{5'000};
  ASSERT_TRUE(h.client(retry).call_json("ListTables", nlohmann::json::object()));
  const auto requests = h.transport->requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(header_value(requests[0].headers, "X-Amz-Date"), "20240102T030405Z");
  EXPECT_EQ(header_value(requests[1].headers, "X-Amz-Date"), "20240102T030409Z");
  for (const auto& request : requests) {
    EXPECT_EQ(header_count(request.headers, "Authorization"), 1u);
    EXPECT_EQ(header_count(request.headers, "X-Amz-Date"), 1u);
    EXPECT_EQ(header_count(request.headers, "Host"), 1u);
  }
}

TEST(ServiceClient, GivesUpAfterMaxAttemptsWithTheLastError) {
  Harness h;
  for (int i = 0; i < 3; ++i)
    h.transport->reply(HttpResponse{503, {}, ""});
  auto output = h.client(retry_with_random(0.0, /*max_attempts=*/3)).call_json("Scan", {{"TableName", "t"}});
  ASSERT_FALSE(output.has_value());
  EXPECT_EQ(output.error().code, "ServiceUnavailable");
  EXPECT_EQ(output.error().http_status, 503);
  EXPECT_TRUE(output.error().retryable);
  EXPECT_EQ(h.transport->requests().size(), 3u);
  EXPECT_TRUE(h.transport->done());
}

TEST(ServiceClient, StopsAtTheFirstNonRetryableError) {
  Harness h;
  h.transport->reply(dynamodb_error("ValidationException", "bad key"));
  auto output = h.client(retry_with_random(0.5)).call_json("GetItem", {{"TableName", "t"}});
  ASSERT_FALSE(output.has_value());
  EXPECT_EQ(output.error().code, "ValidationException");
  EXPECT_EQ(output.error().message, "bad key");
  EXPECT_EQ(output.error().service, "dynamodb");
  EXPECT_EQ(output.error().operation, "GetItem");
  EXPECT_EQ(h.transport->requests().size(), 1u);
  EXPECT_EQ(h.clock->now(), test_time());  // never slept
}

TEST(ServiceClient, RetriesConnectionFailuresAndTimeouts) {
  Harness h;
  h.transport->reply(std::unexpected(TransportError{"connection refused", false}))
      .reply(std::unexpected(TransportError{"timed out", true}))
      .reply(json_response(200, nlohmann::json::object()));
  EXPECT_TRUE(h.client(no_wait_retry()).call_json("ListTables", nlohmann::json::object()));
  EXPECT_EQ(h.transport->requests().size(), 3u);
}

TEST(ServiceClient, CredentialsFailureIsACredentialsErrorAndSendsNothing) {
  auto transport = std::make_shared<ReplayTransport>();
  ServiceClient client(dynamodb_endpoint(), transport,
                       StaticCredentials::failing("profile dev: credential_process exited with status 1"),
                       std::make_shared<testing::ManualClock>(test_time()), no_wait_retry());
  auto output = client.call_json("ListTables", nlohmann::json::object());
  ASSERT_FALSE(output.has_value());
  EXPECT_EQ(output.error().code, "CredentialsError");
  EXPECT_EQ(output.error().message, "profile dev: credential_process exited with status 1");
  EXPECT_FALSE(output.error().retryable);
  EXPECT_TRUE(transport->requests().empty());
}

TEST(ServiceClient, DebugLogHasOneLinePerAttemptAndNoSecrets) {
  Harness h;
  h.transport->reply(dynamodb_error("ThrottlingException", "slow down"))
      .reply(json_response(200, nlohmann::json::object()));
  ASSERT_TRUE(
      h.client(retry_with_random(0.5), /*with_token=*/true).call_json("DescribeTable", {{"TableName", "t"}}));
  ASSERT_EQ(h.log.size(), 2u);
  EXPECT_TRUE(h.log[0].starts_with("dynamodb DescribeTable -> HTTP 400 ThrottlingException attempt 1/8 "))
      << h.log[0];
  EXPECT_TRUE(h.log[0].ends_with(", retrying in 50 ms")) << h.log[0];
  EXPECT_TRUE(h.log[1].starts_with("dynamodb DescribeTable -> HTTP 200 attempt 2/8 ")) << h.log[1];
  EXPECT_TRUE(h.log[1].ends_with(" ms")) << h.log[1];
  for (const auto& line : h.log) {
    EXPECT_EQ(line.find(kTestSecret), std::string::npos);
    EXPECT_EQ(line.find(kTestToken), std::string::npos);
    EXPECT_EQ(line.find(kTestAccessKey), std::string::npos);
    EXPECT_EQ(line.find("Authorization"), std::string::npos);
    EXPECT_EQ(line.find("AWS4-HMAC-SHA256"), std::string::npos);
    EXPECT_EQ(line.find("TableName"), std::string::npos);  // no body
  }
}

TEST(ServiceClient, RawJsonCallSendsTheBodyAsGivenAndReturnsTheRawBody) {
  Harness h;
  const std::string body = R"({"RequestItems":{"t":[]}})";
  h.transport->expect({.target = "DynamoDB_20120810.BatchWriteItem", .raw_body = body},
                      HttpResponse{200, {}, R"({"UnprocessedItems":{}})"});
  auto output = h.client(no_wait_retry()).call_json_raw("BatchWriteItem", body);
  ASSERT_TRUE(output.has_value());
  EXPECT_EQ(*output, R"({"UnprocessedItems":{}})");
}

TEST(ServiceClient, NonJsonSuccessBodyIsAnInvalidResponse) {
  Harness h;
  h.transport->reply(HttpResponse{200, {}, "<html>"});
  auto output = h.client(no_wait_retry()).call_json("ListTables", nlohmann::json::object());
  ASSERT_FALSE(output.has_value());
  EXPECT_EQ(output.error().code, "InvalidResponse");
}

TEST(ServiceClient, RestCallSendsMethodPathQueryBodyAndExtraHeaders) {
  Harness h;
  h.transport->expect({.method = "POST",
                       .path = "/2015-03-31/functions/f/invocations",
                       .query = "Qualifier=live",
                       .raw_body = "{}"},
                      HttpResponse{200, {{"x-amz-executed-version", "3"}}, "null"});
  auto output = h.client(no_wait_retry(), false, lambda_endpoint())
                    .call_rest("Invoke", "POST", "/2015-03-31/functions/f/invocations", "Qualifier=live",
                               "{}", {{"X-Amz-Invocation-Type", "RequestResponse"}});
  ASSERT_TRUE(output.has_value());
  EXPECT_EQ(output->status, 200);
  EXPECT_EQ(output->body, "null");
  const auto request = h.transport->requests().at(0);
  EXPECT_EQ(header_value(request.headers, "X-Amz-Invocation-Type"), "RequestResponse");
  EXPECT_EQ(header_value(request.headers, "Content-Type"), "application/json");
  EXPECT_EQ(header_value(request.headers, "Host"), "lambda.test");
  EXPECT_EQ(header_value(request.headers, "X-Amz-Target"), "");
  EXPECT_TRUE(header_value(request.headers, "Authorization").find("/us-east-1/lambda/aws4_request") !=
              std::string::npos);
}

TEST(ServiceClient, RestErrorIsMappedFromLambdasErrorTypeHeader) {
  Harness h;
  h.transport->reply(
      lambda_error(412, "PreconditionFailedException", "The Revision Id provided does not match"));
  auto output =
      h.client(no_wait_retry(), false, lambda_endpoint())
          .call_rest("UpdateFunctionConfiguration", "PUT", "/2015-03-31/functions/f/configuration", "", "{}");
  ASSERT_FALSE(output.has_value());
  EXPECT_EQ(output.error().service, "lambda");
  EXPECT_EQ(output.error().code, "PreconditionFailedException");
  EXPECT_EQ(output.error().http_status, 412);
  EXPECT_EQ(h.transport->requests().size(), 1u);
}

}  // namespace
}  // namespace ddbmv::aws
