// rollback of a split cutover when apply's live writes had a stream on an old table: what functions
// still on the old table wrote after apply stopped is caught up onto the new table first, so copying
// the new table back does not overwrite it; the stream live writes enabled is turned off again.
//
// Apply on this branch does not enable live writes yet (#7 wires them into the copy): the test stands in
// for it by enabling the old table's stream before the copy and journaling the live.stream step as
// live_writes.h describes it.

#include <gtest/gtest.h>

#include <filesystem>

#include "integration/seed_migration.h"
#include "migrate/journal.h"
#include "migrate/journal_storage.h"
#include "migrate/live_writes.h"
#include "migrate/replication_checkpoint.h"

namespace ddbmv::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kOldCustomers = "ai-nexus-dev-stripe-customers";

/// With the cutover split (setup-intent on the old tables, the checkout on the new ones): an update
/// setup-intent makes to an item both tables hold, and a new customer the checkout adds; then a rollback,
/// after which the functions are as before and the old table has both writes.
void write_on_both_sides_and_roll_back(const migrate::Clients& clients, const std::string& plan,
                                       const std::string& new_user,
                                       const std::map<std::string, json>& functions_before) {
  auto invoked =
      clients.lambda.invoke(kSetupIntent, json{{"tenant_id", "tenant-acme"}, {"user_id", "user-002"}}.dump());
  ASSERT_TRUE(invoked && invoked->function_error.empty());
  invoked = clients.lambda.invoke(
      kCheckout,
      json{{"tenant_id", "tenant-acme"}, {"user_id", new_user}, {"price_id", "price_SbxProMonthly"}}.dump());
  ASSERT_TRUE(invoked && invoked->function_error.empty());

  const auto run = sandbox().run_ddbmv({"rollback", plan, "--drain", "1s"});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;

  EXPECT_EQ(function_configurations(clients), functions_before);
  auto customer = clients.dynamodb.get_item(kOldCustomers, customer_key("user-002"));
  ASSERT_TRUE(customer && customer->has_value());
  EXPECT_TRUE((*customer)->contains("setup_intent_id"))
      << "the old table's own write was overwritten: " << (*customer)->dump();
  EXPECT_TRUE(has_item(clients, kOldCustomers, customer_key(new_user)))
      << "the new table's write is not there";
}

TEST(RollbackWithLiveWrites, WritesToAnOldTableAfterApplyStoppedSurviveTheCopyBack) {
  const std::string plan = fresh_seed_plan();
  auto clients = sandbox().make_clients();
  const auto functions_before = function_configurations(clients);
  ASSERT_EQ(apply_seed_plan(plan, {}, {"--until", "create"}).exit_code, 0);
  capture_like_apply(clients, plan, kOldCustomers, migrate::live_stream_step(kOldCustomers));
  // The cutover stops after two functions: the checkout writes the new tables, setup-intent the old.
  const auto stopped =
      apply_seed_plan(plan, {{"DDBMV_TEST_CRASH_AFTER", std::string("cutover.function/") + kCheckout}});
  ASSERT_EQ(stopped.exit_code, 137) << stopped.out << stopped.err;

  write_on_both_sides_and_roll_back(clients, plan, "user-rb-live", functions_before);
  auto described = clients.dynamodb.describe_table(kOldCustomers);
  ASSERT_TRUE(described);
  EXPECT_FALSE(described->value("StreamSpecification", json::object()).value("StreamEnabled", false))
      << "the stream live writes enabled is still on";

  migrate::FileJournalStorage storage(fs::path(plan).parent_path() / "journal.jsonl");
  auto journal = migrate::read_journal(storage, std::nullopt);
  ASSERT_TRUE(journal);
  EXPECT_GE(journal->result_of(std::string("rollback.forward/") + kOldCustomers).value("records_applied", 0),
            1);
  EXPECT_TRUE(journal->is_done(std::string("rollback.stream-off/") + kOldCustomers));
}

TEST(RollbackWithLiveWrites, ApplysCutoverCaptureIsReplayedInsteadOfCopyingBack) {
  const std::string plan = fresh_seed_plan();
  auto clients = sandbox().make_clients();
  const auto functions_before = function_configurations(clients);
  ASSERT_EQ(apply_seed_plan(plan, {}, {"--until", "copy"}).exit_code, 0);
  for (const auto& table : seed_old_tables()) {
    capture_like_apply(clients, plan, seed_new_name(table), "cutover.capture/" + seed_new_name(table));
  }
  const auto stopped =
      apply_seed_plan(plan, {{"DDBMV_TEST_CRASH_AFTER", std::string("cutover.function/") + kCheckout}});
  ASSERT_EQ(stopped.exit_code, 137) << stopped.out << stopped.err;
  write_on_both_sides_and_roll_back(clients, plan, "user-rb-capture", functions_before);
  migrate::FileJournalStorage storage(fs::path(plan).parent_path() / "journal.jsonl");
  auto journal = migrate::read_journal(storage, std::nullopt);
  ASSERT_TRUE(journal);
  EXPECT_TRUE(journal->steps_with_prefix("rollback.data/").empty())
      << "copied back although the capture was there";
  EXPECT_TRUE(journal->steps_with_prefix("rollback.capture/").empty());
  for (const auto& table : seed_old_tables()) {
    EXPECT_EQ(journal->result_of("rollback.replay/" + seed_new_name(table)).value("from", ""),
              "cutover.capture/" + seed_new_name(table));
    auto described = clients.dynamodb.describe_table(seed_new_name(table));
    ASSERT_TRUE(described);
    EXPECT_FALSE(described->value("StreamSpecification", json::object()).value("StreamEnabled", false))
        << table;
  }
}

}  // namespace
}  // namespace ddbmv::testing
