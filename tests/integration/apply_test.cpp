// apply against the sandbox: the seed's account migrated end to end with the ddbmv binary; a run killed
// at every step boundary (and in the middle of the copy) and re-run ends where an uninterrupted run
// ends; a function changed between plan and apply stops the run before any change.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "integration/sandbox_environment.h"
#include "integration/seed_migration.h"
#include "migrate/journal/journal.h"
#include "migrate/journal/journal_storage.h"

namespace ddbmv::testing {
namespace {

using nlohmann::json;

const std::vector<std::string>& kOldTables = seed_old_tables();

/// What an apply leaves behind, minus what legitimately differs between runs (times, revision ids,
/// attribute values the test events stamp with the time).
struct AccountState {
  std::map<std::string, json> functions;
  std::set<std::string> tables;
  std::map<std::string, std::set<std::string>> keys;  ///< per table
  std::map<std::string, std::size_t> backups;         ///< AVAILABLE backups per table
  std::map<std::string, std::string> pitr;            ///< per table
  std::map<std::string, std::string> ttl;             ///< per table

  friend bool operator==(const AccountState&, const AccountState&) = default;
};

AccountState snapshot(const migrate::Clients& clients) {
  AccountState state;
  state.functions = function_configurations(clients);
  auto tables = clients.dynamodb.list_tables();
  EXPECT_TRUE(tables);
  if (!tables)
    return state;
  for (const auto& table : *tables) {
    state.tables.insert(table);
    state.keys[table] = keys_of(clients, table);
    auto backups = clients.dynamodb.list_backups(table);
    EXPECT_TRUE(backups);
    std::size_t available = 0;
    for (const auto& backup : backups.value_or(std::vector<json>{})) {
      available += backup.value("BackupStatus", "") == "AVAILABLE" ? 1 : 0;
    }
    state.backups[table] = available;
    auto pitr = clients.dynamodb.describe_continuous_backups(table);
    EXPECT_TRUE(pitr);
    state.pitr[table] = pitr.value_or(json::object())
                            .value("PointInTimeRecoveryDescription", json::object())
                            .value("PointInTimeRecoveryStatus", "");
    auto ttl = clients.dynamodb.describe_time_to_live(table);
    EXPECT_TRUE(ttl);
    const json ttl_description = ttl.value_or(json::object());
    state.ttl[table] =
        ttl_description.value("TimeToLiveStatus", "") + ":" + ttl_description.value("AttributeName", "");
  }
  return state;
}

std::string describe_difference(const AccountState& expected, const AccountState& actual) {
  std::string out;
  if (expected.tables != actual.tables)
    out += "tables differ; ";
  for (const auto& [name, config] : expected.functions) {
    if (!actual.functions.contains(name) || actual.functions.at(name) != config)
      out += "function " + name + " differs; ";
  }
  for (const auto& [table, keys] : expected.keys) {
    if (!actual.keys.contains(table) || actual.keys.at(table) != keys)
      out += "items of " + table + " differ; ";
  }
  if (expected.backups != actual.backups)
    out += "backups differ; ";
  if (expected.pitr != actual.pitr)
    out += "PITR differs; ";
  if (expected.ttl != actual.ttl)
    out += "TTL differs; ";
  return out;
}

class ApplyTest : public ::testing::Test {
 protected:
  std::string fresh_plan(const json& extra_tables = json::array()) { return fresh_seed_plan(extra_tables); }
  RunResult apply(const std::string& plan, const EnvironmentMap& env = {},
                  const std::vector<std::string>& extra = {}) {
    return apply_seed_plan(plan, env, extra);
  }
};

TEST_F(ApplyTest, MigratesTheSeedEndToEnd) {
  const std::string plan = fresh_plan();
  auto clients = sandbox().make_clients();
  const auto before = function_configurations(clients);
  std::map<std::string, std::multiset<std::string>> old_items;
  for (const auto& table : kOldTables)
    old_items[table] = items_of(clients, table);

  const auto run = apply(plan);
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_NE(run.out.find("[prepare]"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("[validate]"), std::string::npos) << run.out;
  EXPECT_EQ(run.out.find("SKIPPED"), std::string::npos) << run.out;

  // Old tables untouched; the new ones held every old item when apply verified them (the validate
  // phase's test events change some of them afterwards, so the journal's verify is the witness) and
  // still hold every old key; the streams ddbmv enabled on the old tables are off again.
  const auto directory = std::filesystem::path(plan).parent_path();
  migrate::FileJournalStorage storage(directory / "journal.jsonl");
  auto journal = migrate::read_journal(storage, std::nullopt);
  ASSERT_TRUE(journal) << journal.error().message;
  for (const auto& table : kOldTables) {
    EXPECT_EQ(items_of(clients, table), old_items[table]) << table;
    const auto verify = journal->result_of("verify/" + table);
    EXPECT_TRUE(verify.value("equal", false)) << verify.dump();
    EXPECT_EQ(verify["source"]["count"], old_items[table].size()) << verify.dump();
    EXPECT_EQ(verify["source"]["digest"], verify["target"]["digest"]) << verify.dump();
    const auto new_keys = keys_of(clients, seed_new_name(table));
    for (const auto& key : keys_of(clients, table)) {
      EXPECT_TRUE(new_keys.contains(key)) << seed_new_name(table) << " lacks " << key;
    }
    auto described = clients.dynamodb.describe_table(table);
    ASSERT_TRUE(described);
    EXPECT_FALSE(described->value("StreamSpecification", json::object()).value("StreamEnabled", false))
        << table;
    EXPECT_TRUE(journal->is_done("live.stream-off/" + table)) << table;
  }
  // Only the table variables changed: the Stripe secrets, EVENTBRIDGE_BUS_NAME and every setting are
  // identical.
  const auto after = function_configurations(clients);
  ASSERT_EQ(after.size(), before.size());
  for (const auto& [name, config] : before) {
    json expected = config;
    for (auto& [variable, value] : expected["Environment"]["Variables"].items()) {
      const std::string text = value;
      if (std::find(kOldTables.begin(), kOldTables.end(), text) != kOldTables.end())
        value = seed_new_name(text);
    }
    EXPECT_EQ(after.at(name), expected) << name;
  }
  // Every function works on the new tables: invoked again, each succeeds and names only new tables.
  for (const auto& [name, config] : after) {
    const auto event = read_text_file(std::filesystem::path(seed_events_dir()) / (name + ".json"));
    auto invoked = clients.lambda.invoke(name, event);
    ASSERT_TRUE(invoked) << name;
    EXPECT_TRUE(invoked->function_error.empty()) << name << ": " << invoked->payload;
    for (const auto& table : kOldTables) {
      EXPECT_EQ(invoked->payload.find("\"" + table + "\""), std::string::npos)
          << name << ": " << invoked->payload;
    }
    EXPECT_NE(invoked->payload.find("diatonic-ai-stripe-"), std::string::npos)
        << name << ": " << invoked->payload;
  }
  // A fresh webhook event lands in the new idempotency table, not the old one.
  auto event = json::parse(read_text_file(std::filesystem::path(seed_events_dir()) /
                                          "ai-nexus-dev-stripe-stripe-webhook-handler.json"));
  event["id"] = "evt_after_apply_0001";
  auto invoked = clients.lambda.invoke("ai-nexus-dev-stripe-stripe-webhook-handler", event.dump());
  ASSERT_TRUE(invoked);
  EXPECT_TRUE(invoked->function_error.empty()) << invoked->payload;
  const json key = {{"event_id", {{"S", "evt_after_apply_0001"}}}};
  EXPECT_TRUE(clients.dynamodb.get_item("diatonic-ai-stripe-idempotency", key).value_or(std::nullopt));
  EXPECT_FALSE(clients.dynamodb.get_item("ai-nexus-dev-stripe-idempotency", key).value_or(std::nullopt));

  // The journal is complete and CHANGES.log holds no secret.
  journal = migrate::read_journal(storage, std::nullopt);
  ASSERT_TRUE(journal) << journal.error().message;
  EXPECT_TRUE(journal->is_done("phase/validate"));
  EXPECT_TRUE(journal->is_done("cutover.complete"));
  const std::string changes = read_text_file(directory / "CHANGES.log");
  EXPECT_NE(changes.find("lambda:UpdateFunctionConfiguration"), std::string::npos);
  EXPECT_EQ(changes.find("sk_test_"), std::string::npos);
  EXPECT_EQ(changes.find("whsec_"), std::string::npos);
  // Each line names the request that made its change, as AWS's request id.
  std::istringstream lines(changes);
  int logged = 0;
  for (std::string line; std::getline(lines, line); ++logged) {
    const json change = json::parse(line);
    EXPECT_TRUE(change["request_id"].is_string() && !change["request_id"].get<std::string>().empty()) << line;
  }
  EXPECT_GT(logged, 20);

  // A second apply has nothing to do and changes nothing.
  sandbox().reset_stats();
  const auto again = apply(plan);
  EXPECT_EQ(again.exit_code, 0) << again.err;
  // Kept in a variable: the items() of a temporary would dangle in the loop.
  const json requests = sandbox().stats().value("requests", json::object());
  for (const auto& [operation, count] : requests.items()) {
    EXPECT_TRUE(is_read(operation)) << operation << " x" << count;
  }
}

TEST_F(ApplyTest, FunctionChangedAfterThePlanStopsTheRunBeforeAnyChange) {
  const std::string plan = fresh_plan();
  auto clients = sandbox().make_clients();
  const std::string changed = "ai-nexus-dev-stripe-list-invoices";
  auto configuration = clients.lambda.get_function_configuration(changed);
  ASSERT_TRUE(configuration);
  auto environment = lambda::Client::environment_of(*configuration);
  environment["LOG_LEVEL"] = "debug";
  ASSERT_TRUE(
      clients.lambda.update_environment(changed, environment, configuration->value("RevisionId", "")));
  sandbox().reset_stats();

  const auto run = apply(plan);
  EXPECT_EQ(run.exit_code, 3) << run.out << run.err;
  EXPECT_NE(run.err.find(changed), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("ddbmv plan"), std::string::npos) << run.err;
  // Kept in a variable: the items() of a temporary would dangle in the loop.
  const json requests = sandbox().stats().value("requests", json::object());
  for (const auto& [operation, count] : requests.items()) {
    EXPECT_TRUE(is_read(operation)) << "mutating call " << operation << " x" << count;
  }
  EXPECT_FALSE(std::filesystem::exists(std::filesystem::path(plan).parent_path() / "CHANGES.log"));
  auto tables = clients.dynamodb.list_tables();
  ASSERT_TRUE(tables);
  EXPECT_EQ(tables->size(), kOldTables.size());
}

TEST_F(ApplyTest, RefusesWithoutConfirmationWhenThereIsNoTerminal) {
  const std::string plan = fresh_plan();
  sandbox().reset_stats();
  const auto run = sandbox().run_ddbmv({"apply", plan});
  EXPECT_EQ(run.exit_code, 3);
  EXPECT_NE(run.err.find("--yes"), std::string::npos) << run.err;
  EXPECT_TRUE(sandbox().stats().value("requests", json::object()).empty()) << sandbox().stats().dump();
}

TEST_F(ApplyTest, UntilStopsAfterThePhaseAndARerunContinues) {
  const std::string plan = fresh_plan();
  const auto first = apply(plan, {}, {"--until", "copy"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  auto clients = sandbox().make_clients();
  // After the copy (and before any function writes to them) the new tables hold exactly the old items.
  for (const auto& table : kOldTables) {
    EXPECT_EQ(items_of(clients, seed_new_name(table)), items_of(clients, table)) << table;
  }
  const std::string webhook = "ai-nexus-dev-stripe-stripe-webhook-handler";
  auto configuration = clients.lambda.get_function_configuration(webhook);
  ASSERT_TRUE(configuration);
  EXPECT_EQ(lambda::Client::environment_of(*configuration).at("TABLE_CUSTOMERS"),
            "ai-nexus-dev-stripe-customers");
  const auto second = apply(plan);
  ASSERT_EQ(second.exit_code, 0) << second.err;
  EXPECT_NE(second.out.find("[prepare] done in an earlier run"), std::string::npos) << second.out;
  configuration = clients.lambda.get_function_configuration(webhook);
  ASSERT_TRUE(configuration);
  EXPECT_EQ(lambda::Client::environment_of(*configuration).at("TABLE_CUSTOMERS"),
            "diatonic-ai-stripe-customers");
}

/// A table big enough for several Scan pages with one segment, so a crash can land mid-copy.
json big_table() {
  return json::array({{{"spec",
                        {{"TableName", "ai-nexus-dev-stripe-events"},
                         {"BillingMode", "PAY_PER_REQUEST"},
                         {"AttributeDefinitions", {{{"AttributeName", "pk"}, {"AttributeType", "S"}}}},
                         {"KeySchema", {{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}}}},
                       {"generate", {{"count", 700}, {"seed", 5}, {"itemBytes", 4000}}}}});
}

TEST_F(ApplyTest, KilledAtEveryStepBoundaryAndMidCopyEndsLikeAnUninterruptedRun) {
  // The reference: one uninterrupted run.
  const std::string reference_plan = fresh_plan(big_table());
  const auto reference_run = apply(reference_plan, {}, {"--segments", "1"});
  ASSERT_EQ(reference_run.exit_code, 0) << reference_run.out << reference_run.err;
  auto clients = sandbox().make_clients();
  const AccountState reference = snapshot(clients);

  // Right after each kind of step's intent and outcome, and after a copy checkpoint in the middle of
  // the big table (700 items of 4 KB: three 1 MB Scan pages in its one segment).
  const std::string old_customers = "ai-nexus-dev-stripe-customers";
  const std::string new_customers = "diatonic-ai-stripe-customers";
  const std::string webhook = "ai-nexus-dev-stripe-stripe-webhook-handler";
  const std::vector<std::string> crash_points = {
      "phase/prepare@intent",
      "prepare.pitr/" + old_customers + "@intent",
      "prepare.pitr/" + old_customers,
      "prepare.backup/" + old_customers + "@intent",
      "prepare.backup/" + old_customers + "@checkpoint",
      "prepare.backup/" + old_customers,
      "phase/prepare",
      "create.table/" + new_customers + "@intent",
      "create.table/" + new_customers,
      "create.settings/diatonic-ai-stripe-idempotency@intent",
      "create.settings/diatonic-ai-stripe-idempotency",
      "create.check/" + new_customers,
      "live.stream/" + old_customers + "@intent",
      "live.stream/" + old_customers,
      "copy.table/ai-nexus-dev-stripe-events@intent",
      "copy.segment/ai-nexus-dev-stripe-events/0@checkpoint",
      "copy.table/ai-nexus-dev-stripe-events",
      "cutover.capture/" + new_customers,
      "cutover.function/" + webhook + "@intent",
      "cutover.function/" + webhook,
      "live.replicate/" + new_customers,
      "verify/" + old_customers + "@intent",
      "verify/" + old_customers,
      "live.stream-off/" + old_customers + "@intent",
      "cutover.fingerprint/" + old_customers,
      "cutover.complete",
      "validate.function/" + webhook + "@intent",
      "validate.function/" + webhook,
  };
  for (const auto& point : crash_points) {
    SCOPED_TRACE(point);
    const std::string plan = fresh_plan(big_table());
    const auto crashed = apply(plan, {{"DDBMV_TEST_CRASH_AFTER", point}}, {"--segments", "1"});
    ASSERT_EQ(crashed.exit_code, 137) << "the crash point was not reached: " << crashed.out << crashed.err;
    if (point.starts_with("copy.segment/")) {
      // The crash came in the middle of the copy: the segment had more pages to read.
      migrate::FileJournalStorage storage(std::filesystem::path(plan).parent_path() / "journal.jsonl");
      auto journal = migrate::read_journal(storage, std::nullopt);
      ASSERT_TRUE(journal) << journal.error().message;
      const auto checkpoint = journal->checkpoint_of("copy.segment/ai-nexus-dev-stripe-events/0");
      EXPECT_FALSE(checkpoint.value("done", true)) << checkpoint.dump();
      EXPECT_FALSE(checkpoint.value("last_evaluated_key", json()).is_null()) << checkpoint.dump();
    }
    const auto resumed = apply(plan, {}, {"--segments", "1"});
    ASSERT_EQ(resumed.exit_code, 0) << resumed.out << resumed.err;
    const AccountState state = snapshot(clients);
    EXPECT_TRUE(state == reference) << describe_difference(reference, state);
  }
}

}  // namespace
}  // namespace ddbmv::testing
