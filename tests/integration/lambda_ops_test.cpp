/// Every typed Lambda operation against the sandbox's Lambda (REST-JSON, signed as "lambda").

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "aws/curl_transport.h"
#include "integration/sandbox_environment.h"

namespace ddbmv::testing {
namespace {

using std::chrono::milliseconds;
namespace fs = std::filesystem;

constexpr const char* kFunction = "ddbmv-it-echo";

constexpr const char* kHandler = R"(exports.handler = async (event) => ({
  table: process.env.TABLE_ORDERS, color: process.env.COLOR, version: process.env.AWS_LAMBDA_FUNCTION_VERSION,
  echo: event,
});
)";

/// A scenario file with one function (two published versions' worth of setup: version 1 and alias live).
std::string write_scenario() {
  const fs::path dir = sandbox().make_temp_dir("lambda-scenario");
  fs::create_directories(dir / "functions" / "echo");
  std::ofstream(dir / "functions" / "echo" / "index.js") << kHandler;
  Json scenario = {{"tables", Json::array()},
                   {"functions",
                    {{{"FunctionName", kFunction},
                      {"Runtime", "nodejs20.x"},
                      {"Handler", "index.handler"},
                      {"Role", "arn:aws:iam::000000000000:role/ddbmv-it"},
                      {"Environment", {{"Variables", {{"TABLE_ORDERS", "old-orders"}, {"COLOR", "blue"}}}}},
                      {"source", "functions/echo"},
                      {"publishVersions", 1},
                      {"aliases", {{{"Name", "live"}, {"FunctionVersion", "1"}}}}}}}};
  std::ofstream(dir / "scenario.json") << scenario.dump(2);
  return (dir / "scenario.json").string();
}

class LambdaOps : public ::testing::Test {
 protected:
  void SetUp() override {
    sandbox().reset(write_scenario());
    m_clients.emplace(sandbox().make_clients());
  }
  const lambda::Client& fns() const { return m_clients->lambda; }

  /// Waits until the function's last update has finished (LastUpdateStatus Successful).
  Json wait_until_updated() const {
    Json configuration;
    for (int i = 0; i < 100; ++i) {
      auto current = fns().get_function_configuration(kFunction);
      if (!current) {
        ADD_FAILURE() << current.error().to_error().message;
        return configuration;
      }
      configuration = std::move(*current);
      if (configuration.value("LastUpdateStatus", "Successful") == "Successful")
        return configuration;
      std::this_thread::sleep_for(milliseconds{50});  // waiting for a state, not timing
    }
    ADD_FAILURE() << "LastUpdateStatus stayed " << configuration.value("LastUpdateStatus", "");
    return configuration;
  }

  std::optional<migrate::Clients> m_clients;
};

TEST_F(LambdaOps, FunctionsAreListedAndTheirConfigurationRead) {
  auto functions = fns().list_functions();
  ASSERT_TRUE(functions.has_value()) << functions.error().to_error().message;
  ASSERT_EQ(functions->size(), 1u);
  EXPECT_EQ((*functions)[0]["FunctionName"], kFunction);

  auto configuration = fns().get_function_configuration(kFunction);
  ASSERT_TRUE(configuration.has_value()) << configuration.error().to_error().message;
  EXPECT_EQ(lambda::Client::environment_of(*configuration),
            (lambda::Environment{{"COLOR", "blue"}, {"TABLE_ORDERS", "old-orders"}}));
  const std::string arn = (*configuration)["FunctionArn"];

  // By ARN (':' encoded in the path, then encoded again for the signature) and by qualifier.
  auto by_arn = fns().get_function_configuration(arn, "1");
  ASSERT_TRUE(by_arn.has_value()) << by_arn.error().to_error().message;
  EXPECT_EQ((*by_arn)["Version"], "1");
  auto by_alias = fns().find_function_configuration(kFunction, "live");
  ASSERT_TRUE(by_alias.has_value() && by_alias->has_value());

  auto missing = fns().find_function_configuration("ddbmv-it-nothing");
  ASSERT_TRUE(missing.has_value()) << missing.error().to_error().message;
  EXPECT_FALSE(missing->has_value());
  auto missing_config = fns().get_function_configuration("ddbmv-it-nothing");
  ASSERT_FALSE(missing_config.has_value());
  EXPECT_EQ(missing_config.error().code, "ResourceNotFoundException");
  EXPECT_EQ(missing_config.error().http_status, 404);
}

TEST_F(LambdaOps, EnvironmentUpdateIsGuardedByTheRevisionId) {
  auto before = wait_until_updated();
  const std::string revision = before["RevisionId"];

  auto stale =
      fns().update_environment(kFunction, {{"TABLE_ORDERS", "x"}}, "00000000-0000-0000-0000-000000000000");
  ASSERT_FALSE(stale.has_value());
  EXPECT_EQ(stale.error().code, "PreconditionFailedException");
  EXPECT_FALSE(stale.error().retryable);

  auto variables = lambda::Client::environment_of(before);
  variables["TABLE_ORDERS"] = "new-orders";
  auto updated = fns().update_environment(kFunction, variables, revision);
  ASSERT_TRUE(updated.has_value()) << updated.error().to_error().message;
  EXPECT_NE((*updated)["RevisionId"], revision);
  auto after = wait_until_updated();
  EXPECT_EQ(lambda::Client::environment_of(after),
            (lambda::Environment{{"COLOR", "blue"}, {"TABLE_ORDERS", "new-orders"}}));
}

TEST_F(LambdaOps, VersionsArePublishedAndAliasesMoved) {
  auto versions = fns().list_versions_by_function(kFunction);
  ASSERT_TRUE(versions.has_value()) << versions.error().to_error().message;
  ASSERT_EQ(versions->size(), 2u);  // $LATEST and 1
  auto aliases = fns().list_aliases(kFunction);
  ASSERT_TRUE(aliases.has_value()) << aliases.error().to_error().message;
  ASSERT_EQ(aliases->size(), 1u);
  EXPECT_EQ((*aliases)[0]["Name"], "live");
  EXPECT_EQ((*aliases)[0]["FunctionVersion"], "1");
  const std::string alias_revision = (*aliases)[0].value("RevisionId", "");

  auto configuration = wait_until_updated();
  auto variables = lambda::Client::environment_of(configuration);
  variables["TABLE_ORDERS"] = "new-orders";
  ASSERT_TRUE(fns().update_environment(kFunction, variables, configuration["RevisionId"]).has_value());
  configuration = wait_until_updated();

  auto published = fns().publish_version(kFunction, configuration["RevisionId"], "ddbmv integration test");
  ASSERT_TRUE(published.has_value()) << published.error().to_error().message;
  EXPECT_EQ((*published)["Version"], "2");
  EXPECT_EQ((*published)["Description"], "ddbmv integration test");

  auto moved =
      fns().update_alias(kFunction, "live", "2",
                         alias_revision.empty() ? std::nullopt : std::optional<std::string>(alias_revision));
  ASSERT_TRUE(moved.has_value()) << moved.error().to_error().message;
  EXPECT_EQ((*moved)["FunctionVersion"], "2");

  auto invoked = fns().invoke(kFunction, R"({"ping":1})", "live");
  ASSERT_TRUE(invoked.has_value()) << invoked.error().to_error().message;
  EXPECT_EQ(invoked->status_code, 200);
  EXPECT_EQ(invoked->function_error, "");
  EXPECT_EQ(invoked->executed_version, "2");
  auto payload = Json::parse(invoked->payload);
  EXPECT_EQ(payload["table"], "new-orders");
  EXPECT_EQ(payload["echo"]["ping"], 1);

  auto old_version = fns().invoke(kFunction, "{}", "1");
  ASSERT_TRUE(old_version.has_value()) << old_version.error().to_error().message;
  EXPECT_EQ(Json::parse(old_version->payload)["table"], "old-orders");

  auto versions_after = fns().list_versions_by_function(kFunction);
  ASSERT_TRUE(versions_after.has_value());
  EXPECT_EQ(versions_after->size(), 3u);
}

TEST_F(LambdaOps, InvokeReportsAFunctionError) {
  const fs::path dir = sandbox().make_temp_dir("lambda-failing");
  fs::create_directories(dir / "functions" / "boom");
  std::ofstream(dir / "functions" / "boom" / "index.js")
      << "exports.handler = async () => { throw new Error('boom'); };\n";
  Json scenario = {{"functions",
                    {{{"FunctionName", "ddbmv-it-boom"},
                      {"Runtime", "nodejs20.x"},
                      {"Handler", "index.handler"},
                      {"Role", "arn:aws:iam::000000000000:role/ddbmv-it"},
                      {"source", "functions/boom"}}}}};
  std::ofstream(dir / "scenario.json") << scenario.dump();
  sandbox().admin_post("load", {{"scenario", (dir / "scenario.json").string()}});

  auto invoked = fns().invoke("ddbmv-it-boom", "{}");
  ASSERT_TRUE(invoked.has_value()) << invoked.error().to_error().message;
  EXPECT_EQ(invoked->function_error, "Unhandled");
  EXPECT_NE(invoked->payload.find("boom"), std::string::npos);
}

TEST_F(LambdaOps, EventSourceMappingsAreFoundByTheirSourceArn) {
  // Create a stream-enabled table and map the function to its stream (CreateEventSourceMapping is not
  // one of ddbmv's operations: it is sent here through the same signed ServiceClient).
  Json spec = {{"TableName", "ops-mapped"},
               {"BillingMode", "PAY_PER_REQUEST"},
               {"AttributeDefinitions", {{{"AttributeName", "pk"}, {"AttributeType", "S"}}}},
               {"KeySchema", {{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}},
               {"StreamSpecification", {{"StreamEnabled", true}, {"StreamViewType", "NEW_IMAGE"}}}};
  auto table = m_clients->dynamodb.create_table(spec);
  ASSERT_TRUE(table.has_value()) << table.error().to_error().message;
  const std::string stream_arn = (*table)["LatestStreamArn"];

  const auto config = sandbox().resolve();
  aws::ServiceClient raw({"lambda", "lambda", "", config.region, config.endpoint(aws::Service::kLambda)},
                         std::make_shared<aws::CurlTransport>(), config.credentials,
                         std::make_shared<SystemClock>(), aws::RetryPolicy{});
  Json input = {{"EventSourceArn", stream_arn},
                {"FunctionName", kFunction},
                {"StartingPosition", "LATEST"},
                {"BatchSize", 10}};
  auto created = raw.call_rest("CreateEventSourceMapping", "POST", "/2015-03-31/event-source-mappings/", {},
                               input.dump());
  ASSERT_TRUE(created.has_value()) << created.error().to_error().message;

  auto mappings = fns().list_event_source_mappings(stream_arn);
  ASSERT_TRUE(mappings.has_value()) << mappings.error().to_error().message;
  ASSERT_EQ(mappings->size(), 1u);
  EXPECT_EQ((*mappings)[0]["EventSourceArn"], stream_arn);
  EXPECT_TRUE((*mappings)[0]["FunctionArn"].get<std::string>().ends_with(kFunction));

  auto none = fns().list_event_source_mappings(stream_arn + "-other");
  ASSERT_TRUE(none.has_value());
  EXPECT_TRUE(none->empty());
}

}  // namespace
}  // namespace ddbmv::testing
