// rollback of a split cutover (apply killed after two functions moved) with apply's live writes: apply's
// capture of the new tables' streams is replayed, so an update the old table took after apply stopped
// is kept; and when that capture is gone, the old table's live-writes stream is caught up onto the new
// table first (rollback.forward), so copying back does not overwrite that update either. The streams
// apply enabled are turned off again.

#include <gtest/gtest.h>

#include <filesystem>

#include "integration/seed_migration.h"
#include "migrate/journal/journal.h"
#include "migrate/journal/journal_storage.h"

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

/// A fresh seed migration whose apply was killed right after the checkout moved: the webhook and the
/// checkout use the new tables, the other functions the old ones.
std::string split_migration(const migrate::Clients& clients, std::map<std::string, json>& functions_before) {
  const std::string plan = fresh_seed_plan();
  functions_before = function_configurations(clients);
  const auto stopped =
      apply_seed_plan(plan, {{"DDBMV_TEST_CRASH_AFTER", std::string("cutover.function/") + kCheckout}});
  EXPECT_EQ(stopped.exit_code, 137) << stopped.out << stopped.err;
  return plan;
}

migrate::JournalState journal_of(const std::string& plan) {
  migrate::FileJournalStorage storage(fs::path(plan).parent_path() / "journal.jsonl");
  auto journal = migrate::read_journal(storage, std::nullopt);
  EXPECT_TRUE(journal) << journal.error().message;
  return journal.value_or(migrate::JournalState{});
}

TEST(RollbackWithLiveWrites, ApplysCutoverCaptureIsReplayedInsteadOfCopyingBack) {
  auto clients = sandbox().make_clients();
  std::map<std::string, json> functions_before;
  const std::string plan = split_migration(clients, functions_before);
  write_on_both_sides_and_roll_back(clients, plan, "user-rb-capture", functions_before);

  const auto journal = journal_of(plan);
  EXPECT_TRUE(journal.steps_with_prefix("rollback.data/").empty())
      << "copied back although the capture was there";
  EXPECT_TRUE(journal.steps_with_prefix("rollback.capture/").empty());
  for (const auto& table : seed_old_tables()) {
    EXPECT_EQ(journal.result_of("rollback.replay/" + seed_new_name(table)).value("from", ""),
              "cutover.capture/" + seed_new_name(table));
    EXPECT_FALSE(stream_enabled(clients, seed_new_name(table))) << table;
    EXPECT_FALSE(stream_enabled(clients, table)) << "the stream live writes enabled is still on: " << table;
  }
}

TEST(RollbackWithLiveWrites, WithoutTheCutoverCaptureTheOldTablesStreamIsCaughtUpBeforeTheCopyBack) {
  auto clients = sandbox().make_clients();
  std::map<std::string, json> functions_before;
  const std::string plan = split_migration(clients, functions_before);
  // Someone turned off the stream apply captured on the new customers table: rollback cannot know from
  // it what that table took, so it copies back, after catching up the old table's own writes.
  turn_stream_off(clients, seed_new_name(kOldCustomers));
  write_on_both_sides_and_roll_back(clients, plan, "user-rb-forward", functions_before);

  const auto journal = journal_of(plan);
  EXPECT_GE(journal.result_of(std::string("rollback.forward/") + kOldCustomers).value("records_applied", 0),
            1);
  EXPECT_EQ(journal.result_of(std::string("rollback.data/") + kOldCustomers).value("mode", ""), "merge");
  EXPECT_TRUE(journal.is_done(std::string("rollback.stream-off/") + kOldCustomers));
  EXPECT_FALSE(stream_enabled(clients, kOldCustomers));
}

}  // namespace
}  // namespace ddbmv::testing
