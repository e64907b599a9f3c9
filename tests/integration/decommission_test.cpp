// decommission against the sandbox, through the ddbmv binary, its clock moved with DDBMV_NOW: it refuses
// inside the observation window, after a write to an old table since cutover, while any function or
// published version still refers to an old table, and after a rollback — changing nothing each time;
// --dry-run changes nothing; otherwise it deletes exactly the old tables, each after its final backup.

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "integration/seed_migration.h"
#include "migrate/journal/journal.h"
#include "migrate/journal/journal_storage.h"
#include "migrate/plan/plan.h"
#include "util/time_format.h"

namespace ddbmv::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kOldInvoices = "ai-nexus-dev-stripe-invoices";

/// DDBMV_NOW `days` from now.
EnvironmentMap days_later(int days) {
  return {{"DDBMV_NOW", format_iso8601(std::chrono::system_clock::now() + std::chrono::hours(24 * days))}};
}

RunResult decommission(const std::string& plan, const EnvironmentMap& env,
                       const std::vector<std::string>& extra = {}) {
  std::vector<std::string> args = {"decommission", plan};
  args.insert(args.end(), extra.begin(), extra.end());
  return sandbox().run_ddbmv(args, env);
}

std::vector<std::string> sorted_tables(const migrate::Clients& clients) {
  auto tables = clients.dynamodb.list_tables();
  EXPECT_TRUE(tables);
  auto out = tables.value_or(std::vector<std::string>{});
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> new_tables() {
  std::vector<std::string> out;
  for (const auto& table : seed_old_tables())
    out.push_back(seed_new_name(table));
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> all_tables() {
  std::vector<std::string> out = seed_old_tables();
  for (const auto& table : new_tables())
    out.push_back(table);
  std::sort(out.begin(), out.end());
  return out;
}

/// Runs `decommission` expecting a refusal that names `expected` and changes nothing at all.
void expect_refused(const std::string& plan, const EnvironmentMap& env, const std::string& expected,
                    const migrate::Clients& clients) {
  const auto journal = read_text_file(fs::path(plan).parent_path() / "journal.jsonl");
  sandbox().reset_stats();
  const auto run = decommission(plan, env);
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  EXPECT_NE(run.err.find(expected), std::string::npos) << run.err;
  EXPECT_EQ(mutating_calls(), std::vector<std::string>{});
  EXPECT_EQ(sorted_tables(clients), all_tables());
  EXPECT_EQ(read_text_file(fs::path(plan).parent_path() / "journal.jsonl"), journal);
}

void set_variable(const migrate::Clients& clients, const std::string& function, const std::string& name,
                  const std::optional<std::string>& value) {
  auto configuration = clients.lambda.get_function_configuration(function);
  ASSERT_TRUE(configuration);
  auto environment = lambda::Client::environment_of(*configuration);
  if (value) {
    environment[name] = *value;
  } else {
    environment.erase(name);
  }
  ASSERT_TRUE(
      clients.lambda.update_environment(function, environment, configuration->value("RevisionId", "")));
  for (int i = 0; i < 100; ++i) {  // until the update is done
    auto now = clients.lambda.get_function_configuration(function);
    if (now && now->value("LastUpdateStatus", "Successful") == "Successful")
      return;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

TEST(Decommission, RefusesUntilTheWindowPassedNothingWroteAndNothingRefersThenDeletesExactlyTheOldTables) {
  const std::string plan = fresh_seed_plan();
  auto clients = sandbox().make_clients();
  ASSERT_EQ(apply_seed_plan(plan).exit_code, 0);
  // Deletion protection someone turned on meanwhile does not stop it (ddbmv turns it off, logged).
  ASSERT_TRUE(
      clients.dynamodb.update_table({{"TableName", kOldInvoices}, {"DeletionProtectionEnabled", true}}));

  // Inside the window: refused, naming when it opens.
  expect_refused(plan, {}, "observation window", clients);
  expect_refused(plan, days_later(6), "may be deleted from", clients);

  // A dry run after the window: every check passes, it says what it would do, and does nothing.
  {
    const auto journal = read_text_file(fs::path(plan).parent_path() / "journal.jsonl");
    sandbox().reset_stats();
    const auto dry = decommission(plan, days_later(8), {"--dry-run"});
    EXPECT_EQ(dry.exit_code, 0) << dry.out << dry.err;
    for (const auto& table : seed_old_tables()) {
      EXPECT_NE(dry.out.find("delete " + table), std::string::npos) << dry.out;
    }
    // The streams apply's cutover capture enabled on the new tables (left on for rollback) go at the end.
    for (const auto& table : new_tables()) {
      EXPECT_NE(dry.out.find("turn off the stream ddbmv enabled on " + table), std::string::npos) << dry.out;
    }
    EXPECT_NE(dry.out.find("nothing was changed"), std::string::npos) << dry.out;
    EXPECT_EQ(mutating_calls(), std::vector<std::string>{});
    EXPECT_EQ(read_text_file(fs::path(plan).parent_path() / "journal.jsonl"), journal);
  }

  // A write to an old table since cutover: refused, naming the table; undone, the check passes again.
  const json stray = {{"tenant_id", {{"S", "tenant-acme"}}},
                      {"invoice_id", {{"S", "in_stray_after_cutover"}}}};
  ASSERT_TRUE(clients.dynamodb.put_item(kOldInvoices, stray));
  expect_refused(plan, days_later(8), std::string(kOldInvoices) + " was written to since cutover", clients);
  ASSERT_TRUE(clients.dynamodb.delete_item(kOldInvoices, stray));

  // A function that still names an old table: refused, naming the function and the variable.
  set_variable(clients, kListInvoices, "ARCHIVE_TABLE", kOldInvoices);
  expect_refused(plan, days_later(8), "ARCHIVE_TABLE", clients);
  set_variable(clients, kListInvoices, "ARCHIVE_TABLE", std::nullopt);

  // Otherwise: final backups, then exactly the old tables deleted.
  const auto run = decommission(plan, days_later(8));
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_EQ(sorted_tables(clients), new_tables());
  const auto loaded = migrate::load_plan(plan);
  ASSERT_TRUE(loaded);
  migrate::FileJournalStorage storage(fs::path(plan).parent_path() / "journal.jsonl");
  auto journal = migrate::read_journal(storage, std::nullopt);
  ASSERT_TRUE(journal);
  for (const auto& table : seed_old_tables()) {
    SCOPED_TRACE(table);
    auto backups = clients.dynamodb.list_backups(table);
    ASSERT_TRUE(backups);
    const std::string name = table + "-ddbmv-final-" + loaded->migration_id;
    EXPECT_TRUE(std::any_of(backups->begin(), backups->end(), [&](const json& backup) {
      return backup.value("BackupName", "") == name && backup.value("BackupStatus", "") == "AVAILABLE";
    })) << name;
    EXPECT_LT(done_position(*journal, "decommission.backup/" + table),
              done_position(*journal, "decommission.delete/" + table));
  }
  for (const auto& table : new_tables()) {
    EXPECT_TRUE(journal->is_done("decommission.stream-off/" + table)) << table;
    EXPECT_FALSE(stream_enabled(clients, table)) << table;
  }
  const auto status = sandbox().run_ddbmv({"status", plan, "--output", "json"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  const auto phases = json::parse(status.out).at("phases");
  EXPECT_EQ(phases.back().value("phase", ""), "decommission");
  EXPECT_EQ(phases.back().value("state", ""), "done");

  // Once is enough: a second run changes nothing, and rollback has nothing to go back to.
  sandbox().reset_stats();
  const auto again = decommission(plan, days_later(8));
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("nothing to do"), std::string::npos) << again.out;
  const auto rolled = sandbox().run_ddbmv({"rollback", plan});
  EXPECT_EQ(rolled.exit_code, 3) << rolled.out << rolled.err;
  EXPECT_NE(rolled.err.find("decommissioned"), std::string::npos) << rolled.err;
  EXPECT_EQ(mutating_calls(), std::vector<std::string>{});
}

TEST(Decommission, RefusesWhileAPublishedVersionStillNamesAnOldTable) {
  sandbox().reset("ai-nexus-dev.json");
  auto clients = sandbox().make_clients();
  // Version 1 of list-invoices, published before the migration, keeps the old table in its
  // (immutable) environment.
  auto configuration = clients.lambda.get_function_configuration(kListInvoices);
  ASSERT_TRUE(configuration);
  ASSERT_TRUE(
      clients.lambda.publish_version(kListInvoices, configuration->value("RevisionId", ""), "before"));
  const std::string out = sandbox().make_temp_dir("decommission") + "/plan";
  ASSERT_EQ(sandbox().run_ddbmv({"plan", "--rename", kSeedRule, "--out", out}).exit_code, 0);
  const std::string plan = out + "/plan.json";
  ASSERT_EQ(apply_seed_plan(plan).exit_code, 0);
  expect_refused(plan, days_later(8), std::string("function ") + kListInvoices + " version 1", clients);
}

TEST(Decommission, RefusesAfterARollback) {
  const std::string plan = fresh_seed_plan();
  auto clients = sandbox().make_clients();
  ASSERT_EQ(apply_seed_plan(plan, {}, {"--until", "create"}).exit_code, 0);
  ASSERT_EQ(sandbox().run_ddbmv({"rollback", plan}).exit_code, 0);
  expect_refused(plan, days_later(8), "rolled back", clients);
}

}  // namespace
}  // namespace ddbmv::testing
