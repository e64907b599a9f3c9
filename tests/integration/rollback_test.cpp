// rollback against the sandbox, through the ddbmv binary: after apply and writes made through the
// re-pointed functions, every function is back on the old tables (every other setting byte-identical)
// with those writes in the old tables; writes made while the functions move back are not lost; a second
// rollback makes no mutating call; apply refuses a rolled-back plan.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include "integration/seed_migration.h"
#include "migrate/journal/journal.h"
#include "migrate/journal/journal_storage.h"
#include "migrate/plan/plan.h"

namespace ddbmv::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

RunResult rollback(const std::string& plan, const std::vector<std::string>& extra = {},
                   const EnvironmentMap& env = {}) {
  std::vector<std::string> args = {"rollback", plan, "--drain", "1s"};
  args.insert(args.end(), extra.begin(), extra.end());
  return sandbox().run_ddbmv(args, env);
}

json invoke(const migrate::Clients& clients, const std::string& function, const json& event) {
  auto invoked = clients.lambda.invoke(function, event.dump());
  EXPECT_TRUE(invoked) << function;
  if (!invoked)
    return json::object();
  EXPECT_TRUE(invoked->function_error.empty()) << function << ": " << invoked->payload;
  return json::parse(invoked->payload, nullptr, false);
}

json checkout_event(const std::string& user) {
  return {{"tenant_id", "tenant-acme"}, {"user_id", user}, {"price_id", "price_SbxProMonthly"}};
}

json idempotency_key(const std::string& id) {
  return {{"event_id", {{"S", "evt_" + id}}}};
}

TEST(Rollback, AfterWritesThroughTheRepointedFunctionsEveryFunctionIsBackAndNoWriteIsLost) {
  const std::string plan = fresh_seed_plan();
  auto clients = sandbox().make_clients();
  const auto functions_before = function_configurations(clients);
  const auto applied = apply_seed_plan(plan);
  ASSERT_EQ(applied.exit_code, 0) << applied.out << applied.err;

  // Writes through the re-pointed functions: new keys and an update, all landing in the new tables.
  invoke(clients, kWebhook, json::parse(webhook_event("rb_after_apply_1")));
  invoke(clients, kCheckout, checkout_event("user-rb-after-apply"));
  invoke(clients, kCancel,
         {{"tenant_id", "tenant-acme"}, {"subscription_id", "sub_SbxAcme001"}, {"at_period_end", false}});
  ASSERT_TRUE(has_item(clients, "diatonic-ai-stripe-idempotency", idempotency_key("rb_after_apply_1")));
  ASSERT_FALSE(has_item(clients, "ai-nexus-dev-stripe-idempotency", idempotency_key("rb_after_apply_1")));

  const auto run = rollback(plan);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;

  // Every function is exactly as before apply (the planned variables back, everything else untouched)
  // and every old table holds exactly what its new table holds: each write made after cutover is there.
  expect_rolled_back(clients, functions_before);
  EXPECT_TRUE(has_item(clients, "ai-nexus-dev-stripe-idempotency", idempotency_key("rb_after_apply_1")));
  EXPECT_TRUE(has_item(clients, "ai-nexus-dev-stripe-customers", customer_key("user-rb-after-apply")));
  // And the functions write there again.
  invoke(clients, kWebhook, json::parse(webhook_event("rb_after_rollback_1")));
  EXPECT_TRUE(has_item(clients, "ai-nexus-dev-stripe-idempotency", idempotency_key("rb_after_rollback_1")));
  EXPECT_FALSE(has_item(clients, "diatonic-ai-stripe-idempotency", idempotency_key("rb_after_rollback_1")));

  // A second rollback has nothing to do and changes nothing.
  const auto journal_before = read_text_file(fs::path(plan).parent_path() / "journal.jsonl");
  sandbox().reset_stats();
  const auto again = rollback(plan);
  EXPECT_EQ(again.exit_code, 0) << again.out << again.err;
  EXPECT_NE(again.out.find("nothing to do"), std::string::npos) << again.out;
  EXPECT_EQ(mutating_calls(), std::vector<std::string>{});
  EXPECT_EQ(read_text_file(fs::path(plan).parent_path() / "journal.jsonl"), journal_before);

  // Applying the rolled-back plan again is refused, before any change, with what to do instead.
  sandbox().reset_stats();
  const auto reapplied = apply_seed_plan(plan);
  EXPECT_EQ(reapplied.exit_code, 3) << reapplied.out << reapplied.err;
  EXPECT_NE(reapplied.err.find("rolled back"), std::string::npos) << reapplied.err;
  EXPECT_NE(reapplied.err.find("ddbmv plan"), std::string::npos) << reapplied.err;
  EXPECT_EQ(mutating_calls(), std::vector<std::string>{});
}

/// Waits until `path` exists (the rollback paused), up to a minute.
bool wait_for(const fs::path& path) {
  for (int i = 0; i < 3000 && !fs::exists(path); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return fs::exists(path);
}

TEST(Rollback, WritesMadeToTheNewTablesWhileFunctionsMoveBackAreNotLost) {
  const std::string plan = fresh_seed_plan();
  auto clients = sandbox().make_clients();
  const auto loaded = migrate::load_plan(plan);
  ASSERT_TRUE(loaded);
  ASSERT_EQ(loaded->functions.front().name, kWebhook) << "the test assumes the webhook moves back first";
  ASSERT_EQ(apply_seed_plan(plan).exit_code, 0);

  // Pause the rollback right after the first function moved back: the data was copied back, the
  // other functions still write to the new tables.
  const std::string pause_dir = sandbox().make_temp_dir("pause");
  auto running = std::async(std::launch::async, [&] {
    return rollback(plan, {},
                    {{"DDBMV_TEST_PAUSE_AFTER", std::string("rollback.function/") + kWebhook},
                     {"DDBMV_TEST_PAUSE_DIR", pause_dir}});
  });
  ASSERT_TRUE(wait_for(fs::path(pause_dir) / "paused")) << running.get().err;
  ASSERT_EQ(variable_of(clients, kWebhook, "TABLE_IDEMPOTENCY"), "ai-nexus-dev-stripe-idempotency");
  ASSERT_EQ(variable_of(clients, kCheckout, "TABLE_CUSTOMERS"), "diatonic-ai-stripe-customers");
  ASSERT_EQ(variable_of(clients, kCancel, "TABLE_SUBSCRIPTIONS"), "diatonic-ai-stripe-subscriptions");
  // Functions not yet moved back write to the new tables: a new customer, a cancelled subscription...
  invoke(clients, kCheckout, checkout_event("user-rb-in-the-gap"));
  invoke(clients, kCancel,
         {{"tenant_id", "tenant-acme"}, {"subscription_id", "sub_SbxAcme001"}, {"at_period_end", false}});
  ASSERT_TRUE(has_item(clients, "diatonic-ai-stripe-customers", customer_key("user-rb-in-the-gap")));
  // ...while the one moved back writes to the old ones.
  invoke(clients, kWebhook, json::parse(webhook_event("rb_in_the_gap")));
  ASSERT_TRUE(has_item(clients, "ai-nexus-dev-stripe-idempotency", idempotency_key("rb_in_the_gap")));
  std::ofstream(fs::path(pause_dir) / "resume") << "go\n";
  const auto run = running.get();
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;

  EXPECT_TRUE(has_item(clients, "ai-nexus-dev-stripe-customers", customer_key("user-rb-in-the-gap")))
      << "a write made to the new table by a function not yet moved back was lost";
  auto subscription = clients.dynamodb.get_item(
      "ai-nexus-dev-stripe-subscriptions",
      {{"tenant_id", {{"S", "tenant-acme"}}}, {"subscription_id", {{"S", "sub_SbxAcme001"}}}});
  ASSERT_TRUE(subscription && subscription->has_value());
  EXPECT_EQ((**subscription)["status"]["S"], "canceled") << "an update made to the new table was lost";
  EXPECT_TRUE(has_item(clients, "ai-nexus-dev-stripe-idempotency", idempotency_key("rb_in_the_gap")))
      << "the moved-back function's write to the old table was lost";
}

TEST(Rollback, KilledAtEachStepAndRunAgainItEndsAsAnUninterruptedRollback) {
  const std::string plan = fresh_seed_plan();
  auto clients = sandbox().make_clients();
  const auto functions_before = function_configurations(clients);
  ASSERT_EQ(apply_seed_plan(plan).exit_code, 0);
  invoke(clients, kCheckout, checkout_event("user-rb-before-crashes"));

  const std::string customers = "diatonic-ai-stripe-customers";
  // Apply's cutover capture of one table is gone (someone turned its stream off): that table is
  // captured and copied back by rollback itself, the others replay apply's capture.
  turn_stream_off(clients, customers);
  const std::vector<std::string> crash_points = {
      "rollback.capture/" + customers + "@intent",          "rollback.capture/" + customers,
      "rollback.data/ai-nexus-dev-stripe-customers@intent", std::string("rollback.function/") + kWebhook,
      "rollback.replay/" + customers + "@checkpoint",       "rollback.stream-off/" + customers + "@intent",
      "rollback.pitr/ai-nexus-dev-stripe-customers@intent",
  };
  int written = 0;
  for (const auto& point : crash_points) {
    SCOPED_TRACE(point);
    const auto crashed = rollback(plan, {}, {{"DDBMV_TEST_CRASH_AFTER", point}});
    ASSERT_EQ(crashed.exit_code, 137) << "the crash point was not reached: " << crashed.out << crashed.err;
    // Between runs, a function still on the new tables takes a write: the next run must carry it.
    if (variable_of(clients, kCheckout, "TABLE_CUSTOMERS") == "diatonic-ai-stripe-customers") {
      invoke(clients, kCheckout, checkout_event("user-rb-between-crashes-" + std::to_string(written++)));
    }
  }
  ASSERT_GT(written, 2);
  const auto finished = rollback(plan);
  ASSERT_EQ(finished.exit_code, 0) << finished.out << finished.err;

  expect_rolled_back(clients, functions_before);
  for (int i = 0; i < written; ++i) {
    EXPECT_TRUE(has_item(clients, "ai-nexus-dev-stripe-customers",
                         customer_key("user-rb-between-crashes-" + std::to_string(i))))
        << i;
  }
  sandbox().reset_stats();
  EXPECT_EQ(rollback(plan).exit_code, 0);
  EXPECT_EQ(mutating_calls(), std::vector<std::string>{});
}

TEST(Rollback, DeleteNewTablesDeletesOnlyTablesThisMigrationCreatedEachAfterItsBackup) {
  const std::string plan = fresh_seed_plan();
  auto clients = sandbox().make_clients();
  ASSERT_EQ(apply_seed_plan(plan, {}, {"--until", "copy"}).exit_code, 0);
  // Someone else's table by now: its governance tag names another migration.
  const std::string foreign = "diatonic-ai-stripe-invoices";
  auto described = clients.dynamodb.describe_table(foreign);
  ASSERT_TRUE(described);
  ASSERT_TRUE(clients.dynamodb.tag_resource(described->value("TableArn", ""),
                                            {{"ddbmv:migration-id", "mv-someone-else"}}));

  const auto run = rollback(plan, {"--delete-new-tables"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.err.find(foreign), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("mv-someone-else"), std::string::npos) << run.err;

  auto tables = clients.dynamodb.list_tables();
  ASSERT_TRUE(tables);
  std::vector<std::string> expected = seed_old_tables();
  expected.push_back(foreign);
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(*tables, expected);
  auto foreign_backups = clients.dynamodb.list_backups(foreign);
  ASSERT_TRUE(foreign_backups);
  EXPECT_TRUE(foreign_backups->empty()) << "a table rollback leaves alone is not backed up by it either";
  // CHANGES.log: each deleted table's backup was taken (and waited for) before its deletion.
  std::vector<json> changes;
  std::istringstream lines(read_text_file(fs::path(plan).parent_path() / "CHANGES.log"));
  for (std::string line; std::getline(lines, line);) {
    changes.push_back(json::parse(line));
  }
  auto line_of = [&](const std::string& operation, const std::string& resource) {
    return std::find_if(changes.begin(), changes.end(),
                        [&](const json& change) {
                          return change.value("operation", "") == operation &&
                                 change.value("resource", "") == resource;
                        }) -
           changes.begin();
  };
  for (const auto& old : seed_old_tables()) {
    const std::string table = seed_new_name(old);
    if (table == foreign)
      continue;
    SCOPED_TRACE(table);
    const auto backup = line_of("dynamodb:CreateBackup", table);
    const auto deletion = line_of("dynamodb:DeleteTable", table);
    ASSERT_LT(deletion, static_cast<std::ptrdiff_t>(changes.size()));
    EXPECT_LT(backup, deletion);
    auto backups = clients.dynamodb.list_backups(table);
    ASSERT_TRUE(backups);
    ASSERT_EQ(backups->size(), 1u);
    EXPECT_EQ(backups->front().value("BackupStatus", ""), "AVAILABLE");
  }
}

TEST(Rollback, ACutoverStoppedBeforeAnyFunctionMovedLeavesNoStreamDdbmvEnabled) {
  const std::string plan = fresh_seed_plan();
  auto clients = sandbox().make_clients();
  const auto functions_before = function_configurations(clients);
  // Killed right after apply captured the new tables' streams, before the first function moved: live
  // writes' streams on the old tables and the capture streams on the new ones are on.
  const auto stopped = apply_seed_plan(
      plan, {{"DDBMV_TEST_CRASH_AFTER", std::string("cutover.function/") + kWebhook + "@intent"}});
  ASSERT_EQ(stopped.exit_code, 137) << stopped.out << stopped.err;
  for (const auto& table : seed_old_tables()) {
    ASSERT_TRUE(stream_enabled(clients, table)) << table;
    ASSERT_TRUE(stream_enabled(clients, seed_new_name(table))) << seed_new_name(table);
  }

  const auto run = rollback(plan);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(function_configurations(clients), functions_before);
  for (const auto& table : seed_old_tables()) {
    EXPECT_FALSE(stream_enabled(clients, table)) << table;
    EXPECT_FALSE(stream_enabled(clients, seed_new_name(table))) << seed_new_name(table);
    EXPECT_EQ(pitr_of(clients, table), "DISABLED") << table;
  }
}

}  // namespace
}  // namespace ddbmv::testing
