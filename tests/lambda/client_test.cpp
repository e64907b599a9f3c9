#include "lambda/client.h"

#include <gtest/gtest.h>

#include "support/replay_transport.h"

namespace ddbmv::lambda {
namespace {

using namespace ddbmv::testing;

struct LambdaClientTest : ::testing::Test {
  std::shared_ptr<ReplayTransport> transport = std::make_shared<ReplayTransport>();
  Client client{make_service(lambda_endpoint(), transport)};
  void TearDown() override { EXPECT_TRUE(transport->done()) << "not every recorded exchange was used"; }
};

TEST_F(LambdaClientTest, ListFunctionsFollowsNextMarker) {
  transport->expect(
      {.method = "GET", .path = "/2015-03-31/functions/", .query = "MaxItems=50", .raw_body = ""},
      json_response(200, {{"Functions", {{{"FunctionName", "a"}}}}, {"NextMarker", "m/1="}}));
  transport->expect(
      {.method = "GET", .path = "/2015-03-31/functions/", .query = "Marker=m%2F1%3D&MaxItems=50"},
      json_response(200, {{"Functions", {{{"FunctionName", "b"}}}}, {"NextMarker", nullptr}}));
  auto functions = client.list_functions();
  ASSERT_TRUE(functions.has_value());
  ASSERT_EQ(functions->size(), 2u);
  EXPECT_EQ((*functions)[1]["FunctionName"], "b");
}

TEST_F(LambdaClientTest, GetFunctionConfigurationEncodesTheNameAndQualifier) {
  transport->expect(
      {.method = "GET",
       .path = "/2015-03-31/functions/arn%3Aaws%3Alambda%3Aus-east-1%3A0%3Afunction%3Af/configuration",
       .query = "Qualifier=%24LATEST"},
      json_response(200, {{"FunctionName", "f"}, {"RevisionId", "r1"}}));
  transport->expect({.method = "GET", .path = "/2015-03-31/functions/f/configuration", .query = ""},
                    json_response(200, {{"FunctionName", "f"}}));
  EXPECT_EQ(client.get_function_configuration("arn:aws:lambda:us-east-1:0:function:f", "$LATEST")
                .value()["RevisionId"],
            "r1");
  EXPECT_EQ(client.get_function_configuration("f").value()["FunctionName"], "f");
}

TEST_F(LambdaClientTest, FindFunctionConfigurationIsEmptyForAMissingFunction) {
  transport->reply(lambda_error(404, "ResourceNotFoundException", "Function not found"));
  transport->reply(lambda_error(403, "AccessDeniedException", "no"));
  auto missing = client.find_function_configuration("gone");
  ASSERT_TRUE(missing.has_value());
  EXPECT_FALSE(missing->has_value());
  auto denied = client.find_function_configuration("secret");
  ASSERT_FALSE(denied.has_value());
  EXPECT_EQ(denied.error().code, "AccessDeniedException");
}

TEST_F(LambdaClientTest, UpdateEnvironmentPutsTheWholeMapWithTheRevisionId) {
  transport->expect(
      {.method = "PUT",
       .path = "/2015-03-31/functions/f/configuration",
       .body = Json{{"Environment", {{"Variables", {{"A", "1"}, {"TABLE", "new"}}}}}, {"RevisionId", "r1"}}},
      json_response(200, {{"RevisionId", "r2"}, {"LastUpdateStatus", "InProgress"}}));
  auto updated = client.update_environment("f", {{"TABLE", "new"}, {"A", "1"}}, "r1");
  ASSERT_TRUE(updated.has_value());
  EXPECT_EQ((*updated)["RevisionId"], "r2");
}

TEST_F(LambdaClientTest, UpdateEnvironmentWithAStaleRevisionIsAPreconditionFailure) {
  transport->reply(
      lambda_error(412, "PreconditionFailedException", "The Revision Id provided does not match"));
  auto updated = client.update_environment("f", {}, "stale");
  ASSERT_FALSE(updated.has_value());
  EXPECT_EQ(updated.error().code, "PreconditionFailedException");
  EXPECT_EQ(transport->requests().size(), 1u);  // not retried
  EXPECT_EQ(transport->requests()[0].body, R"({"Environment":{"Variables":{}},"RevisionId":"stale"})");
}

TEST_F(LambdaClientTest, VersionsAndAliasesListEveryPage) {
  transport->expect({.method = "GET", .path = "/2015-03-31/functions/f/versions", .query = "MaxItems=50"},
                    json_response(200, {{"Versions", {{{"Version", "$LATEST"}}}}, {"NextMarker", "2"}}));
  transport->expect(
      {.method = "GET", .path = "/2015-03-31/functions/f/versions", .query = "Marker=2&MaxItems=50"},
      json_response(200, {{"Versions", {{{"Version", "1"}}}}}));
  transport->expect({.method = "GET", .path = "/2015-03-31/functions/f/aliases", .query = "MaxItems=50"},
                    json_response(200, {{"Aliases", {{{"Name", "live"}}}}, {"NextMarker", "x"}}));
  transport->expect(
      {.method = "GET", .path = "/2015-03-31/functions/f/aliases", .query = "Marker=x&MaxItems=50"},
      json_response(200, {{"Aliases", {{{"Name", "beta"}}}}}));
  auto versions = client.list_versions_by_function("f");
  ASSERT_TRUE(versions.has_value());
  ASSERT_EQ(versions->size(), 2u);
  EXPECT_EQ((*versions)[1]["Version"], "1");
  auto aliases = client.list_aliases("f");
  ASSERT_TRUE(aliases.has_value());
  ASSERT_EQ(aliases->size(), 2u);
  EXPECT_EQ((*aliases)[0]["Name"], "live");
}

TEST_F(LambdaClientTest, PublishVersionAndUpdateAlias) {
  transport->expect({.method = "POST",
                     .path = "/2015-03-31/functions/f/versions",
                     .body = Json{{"RevisionId", "r2"}, {"Description", "ddbmv cutover"}}},
                    json_response(201, {{"Version", "3"}}));
  transport->expect({.method = "PUT",
                     .path = "/2015-03-31/functions/f/aliases/live",
                     .body = Json{{"FunctionVersion", "3"}, {"RevisionId", "a1"}}},
                    json_response(200, {{"Name", "live"}, {"FunctionVersion", "3"}}));
  transport->expect({.method = "PUT",
                     .path = "/2015-03-31/functions/f/aliases/beta",
                     .body = Json{{"FunctionVersion", "2"}}},
                    json_response(200, {{"Name", "beta"}, {"FunctionVersion", "2"}}));
  EXPECT_EQ(client.publish_version("f", "r2", "ddbmv cutover").value()["Version"], "3");
  EXPECT_EQ(client.update_alias("f", "live", "3", "a1").value()["FunctionVersion"], "3");
  EXPECT_EQ(client.update_alias("f", "beta", "2").value()["FunctionVersion"], "2");
}

TEST_F(LambdaClientTest, EventSourceMappingsAreFilteredBySourceArnAndPaged) {
  const std::string arn = "arn:aws:dynamodb:us-east-1:0:table/t/stream/2024";
  transport->expect(
      {.method = "GET",
       .path = "/2015-03-31/event-source-mappings/",
       .query =
           "EventSourceArn=arn%3Aaws%3Adynamodb%3Aus-east-1%3A0%3Atable%2Ft%2Fstream%2F2024&MaxItems=50"},
      json_response(200, {{"EventSourceMappings", {{{"UUID", "u1"}}}}, {"NextMarker", "m"}}));
  transport->expect(
      {.method = "GET",
       .path = "/2015-03-31/event-source-mappings/",
       .query = "EventSourceArn=arn%3Aaws%3Adynamodb%3Aus-east-1%3A0%3Atable%2Ft%2Fstream%2F2024&Marker=m&"
                "MaxItems=50"},
      json_response(200, {{"EventSourceMappings", Json::array()}}));
  auto mappings = client.list_event_source_mappings(arn);
  ASSERT_TRUE(mappings.has_value());
  ASSERT_EQ(mappings->size(), 1u);
  EXPECT_EQ((*mappings)[0]["UUID"], "u1");
}

TEST_F(LambdaClientTest, InvokeIsRequestResponseAndReportsFunctionErrors) {
  transport->expect(
      {.method = "POST",
       .path = "/2015-03-31/functions/f/invocations",
       .query = "Qualifier=live",
       .raw_body = R"({"ping":true})"},
      aws::HttpResponse{200,
                        {{"x-amz-function-error", "Unhandled"}, {"x-amz-executed-version", "3"}},
                        R"({"errorMessage":"boom"})"});
  auto result = client.invoke("f", R"({"ping":true})", "live");
  ASSERT_TRUE(result.has_value());
  EXPECT_EQ(result->status_code, 200);
  EXPECT_EQ(result->function_error, "Unhandled");
  EXPECT_EQ(result->executed_version, "3");
  EXPECT_EQ(result->payload, R"({"errorMessage":"boom"})");
  EXPECT_EQ(header_value(transport->requests()[0].headers, "X-Amz-Invocation-Type"), "RequestResponse");
}

TEST(LambdaEnvironment, ReadsVariablesOrNothing) {
  EXPECT_EQ(Client::environment_of(Json{{"Environment", {{"Variables", {{"T", "x"}}}}}}),
            (Environment{{"T", "x"}}));
  EXPECT_TRUE(Client::environment_of(Json{{"FunctionName", "f"}}).empty());
  EXPECT_TRUE(Client::environment_of(Json{{"Environment", {{"Error", {{"ErrorCode", "KMS"}}}}}}).empty());
}

}  // namespace
}  // namespace ddbmv::lambda
