#include "migrate/journal/changes_log.h"

#include <gtest/gtest.h>

#include "aws/service_client.h"
#include "support/replay_transport.h"
#include "util/time_format.h"

namespace ddbmv::migrate {
namespace {

using namespace ddbmv::testing;
using nlohmann::json;

TEST(ChangesLog, RedactsEnvironmentValuesOtherThanTableNames) {
  const std::set<std::string> tables = {"old-customers", "new-customers",
                                        "arn:aws:dynamodb:us-east-1:000000000000:table/old-customers"};
  const json changed = {{"Environment",
                         {{"Variables",
                           {{"TABLE_CUSTOMERS", "new-customers"},
                            {"STRIPE_SECRET_KEY", "sk_test_123"},
                            {"CUSTOMERS_ARN", "arn:aws:dynamodb:us-east-1:000000000000:table/old-customers"},
                            {"EVENTBRIDGE_BUS_NAME", "bus"}}}}},
                        {"variables",
                         {{"TABLE_CUSTOMERS", {{"old", "old-customers"}, {"new", "new-customers"}}},
                          {"WEIRD", {{"old", "secret"}, {"new", "new-customers"}}}}}};
  const json redacted = redact_environment_values(changed, tables);
  const auto& variables = redacted["Environment"]["Variables"];
  EXPECT_EQ(variables["TABLE_CUSTOMERS"], "new-customers");
  EXPECT_EQ(variables["STRIPE_SECRET_KEY"], "****");
  EXPECT_EQ(variables["EVENTBRIDGE_BUS_NAME"], "****");
  EXPECT_EQ(variables["CUSTOMERS_ARN"], "arn:aws:dynamodb:us-east-1:000000000000:table/old-customers");
  EXPECT_EQ(redacted["variables"]["TABLE_CUSTOMERS"]["old"], "old-customers");
  EXPECT_EQ(redacted["variables"]["WEIRD"]["old"], "****");
  EXPECT_EQ(redacted["variables"]["WEIRD"]["new"], "new-customers");
  EXPECT_EQ(redacted.dump().find("sk_test_123"), std::string::npos);
}

TEST(ChangesLog, LeavesValuesOutsideEnvironmentsAlone) {
  const json changed = {{"PointInTimeRecoveryEnabled", true}, {"BackupName", "t-ddbmv-mv-1"}};
  EXPECT_EQ(redact_environment_values(changed, {}), changed);
}

TEST(ChangesLog, WritesOneRedactedJsonLinePerCall) {
  auto storage = std::make_unique<MemoryJournalStorage>();
  auto* raw = storage.get();
  auto clock = std::make_shared<ManualClock>(*parse_iso8601("2026-11-25T16:00:00Z"));
  ChangesLog log(std::move(storage), clock, {"new-customers"});
  ASSERT_TRUE(
      log.record({"lambda:UpdateFunctionConfiguration",
                  "fn-a",
                  {{"Environment", {{"Variables", {{"TABLE", "new-customers"}, {"SECRET", "s3cr3t"}}}}}},
                  "req-1"}));
  ASSERT_TRUE(log.record({"dynamodb:CreateTable", "new-customers", {{"TableName", "new-customers"}}, ""}));
  const std::string text = raw->content();
  EXPECT_EQ(text.find("s3cr3t"), std::string::npos);
  const auto first = json::parse(text.substr(0, text.find('\n')));
  EXPECT_EQ(first["time"], "2026-11-25T16:00:00.000Z");
  EXPECT_EQ(first["operation"], "lambda:UpdateFunctionConfiguration");
  EXPECT_EQ(first["resource"], "fn-a");
  EXPECT_EQ(first["request_id"], "req-1");
  EXPECT_EQ(first["changed"]["Environment"]["Variables"]["TABLE"], "new-customers");
  const auto second = json::parse(text.substr(text.find('\n') + 1));
  EXPECT_TRUE(second["request_id"].is_null());
}

TEST(ChangesLog, ALineWithoutARequestIdTakesThatOfTheCallJustMade) {
  auto transport = std::make_shared<ReplayTransport>();
  transport->reply(
      json_response(200, {{"TableDescription", json::object()}}, {{"x-amzn-requestid", "req-9"}}));
  auto clock = std::make_shared<ManualClock>(*parse_iso8601("2026-11-25T16:00:00Z"));
  aws::ServiceClient client(dynamodb_endpoint(), transport, std::make_shared<StaticCredentials>(), clock,
                            no_wait_retry(), {});
  ASSERT_TRUE(client.call_json("CreateTable", {{"TableName", "new-customers"}}));

  auto storage = std::make_unique<MemoryJournalStorage>();
  auto* raw = storage.get();
  ChangesLog log(std::move(storage), clock, {"new-customers"});
  ASSERT_TRUE(log.record({"dynamodb:CreateTable", "new-customers", {{"TableName", "new-customers"}}, ""}));
  EXPECT_EQ(json::parse(raw->content())["request_id"], "req-9");
}

}  // namespace
}  // namespace ddbmv::migrate
