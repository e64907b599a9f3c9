/// The harness itself: what other integration tests rely on.

#include "integration/sandbox_environment.h"

#include <gtest/gtest.h>

#include <filesystem>

namespace ddbmv::testing {
namespace {

TEST(SandboxHarness, ChildEnvironmentHasTheSandboxAndAPrivateHomeOnly) {
  auto env = sandbox().environment({{"AWS_PROFILE", "dev"}, {"AWS_REGION", ""}});
  EXPECT_EQ(env["AWS_ENDPOINT_URL"], sandbox().endpoint());
  EXPECT_EQ(env["AWS_ACCESS_KEY_ID"], sandbox().access_key_id());
  EXPECT_EQ(env["AWS_PROFILE"], "dev");
  EXPECT_FALSE(env.contains("AWS_REGION"));  // an empty override removes
  EXPECT_TRUE(std::filesystem::is_directory(env["HOME"]));
  EXPECT_TRUE(std::filesystem::is_empty(env["HOME"]));
  EXPECT_FALSE(env.contains("SANDBOX_PID"));
}

TEST(SandboxHarness, RunsTheBuiltBinary) {
  auto run = sandbox().run_ddbmv({"--version"});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("ddbmv"), std::string::npos);
  auto bad = sandbox().run_ddbmv({"--no-such-flag"});
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
}

TEST(SandboxHarness, StatsCountSignedRequestsUntilReset) {
  sandbox().reset();
  auto clients = sandbox().make_clients();
  ASSERT_TRUE(clients.dynamodb.list_tables().has_value());
  ASSERT_TRUE(clients.lambda.list_functions().has_value());
  auto stats = sandbox().stats();
  EXPECT_EQ(stats["requests"].value("DynamoDB.ListTables", 0), 1);
  EXPECT_EQ(stats["requests"].value("Lambda.ListFunctions", 0), 1);
  sandbox().reset_stats();
  EXPECT_EQ(sandbox().stats()["requests"].value("DynamoDB.ListTables", 0), 0);
}

TEST(SandboxHarness, ResetLoadsAnInlineScenario) {
  Json scenario = {{"tables",
                    {{{"spec",
                       {{"TableName", "harness-inline"},
                        {"BillingMode", "PAY_PER_REQUEST"},
                        {"AttributeDefinitions", {{{"AttributeName", "pk"}, {"AttributeType", "S"}}}},
                        {"KeySchema", {{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}}}},
                      {"items", {{{"pk", {{"S", "a"}}}}}}}}}};
  sandbox().reset(scenario);
  auto clients = sandbox().make_clients();
  auto names = clients.dynamodb.list_tables();
  ASSERT_TRUE(names.has_value());
  EXPECT_EQ(*names, std::vector<std::string>{"harness-inline"});
  sandbox().reset();
  EXPECT_TRUE(clients.dynamodb.list_tables().value().empty());
}

}  // namespace
}  // namespace ddbmv::testing
