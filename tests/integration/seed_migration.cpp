#include "integration/seed_migration.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "migrate/journal/journal_storage.h"
#include "migrate/streams/replication_checkpoint.h"

namespace ddbmv::testing {

namespace fs = std::filesystem;

const std::vector<std::string>& seed_old_tables() {
  static const std::vector<std::string> tables = {
      "ai-nexus-dev-stripe-customers", "ai-nexus-dev-stripe-idempotency", "ai-nexus-dev-stripe-invoices",
      "ai-nexus-dev-stripe-subscriptions"};
  return tables;
}

std::string seed_new_name(const std::string& old) {
  return "diatonic-ai-stripe-" + old.substr(std::string("ai-nexus-dev-stripe-").size());
}

std::string seed_events_dir() {
  return std::string(DDBMV_SOURCE_DIR) + "/sandbox/scenarios/ai-nexus-dev-events";
}

std::string read_text_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string fresh_seed_plan(const Json& extra_tables) {
  sandbox().reset("ai-nexus-dev.json");
  if (!extra_tables.empty())
    sandbox().admin_post("load", {{"scenario", {{"tables", extra_tables}}}});
  const std::string out = sandbox().make_temp_dir("migration") + "/plan";
  auto planned = sandbox().run_ddbmv({"plan", "--rename", kSeedRule, "--out", out});
  EXPECT_EQ(planned.exit_code, 0) << planned.out << planned.err;
  return out + "/plan.json";
}

RunResult apply_seed_plan(const std::string& plan, const EnvironmentMap& env,
                          const std::vector<std::string>& extra) {
  // Live writes on (the default) with a short drain: nothing writes to the tables while apply runs in
  // these tests, and the sandbox's functions finish in milliseconds.
  std::vector<std::string> args = {"apply",           plan,           "--yes", "--test-events",
                                   seed_events_dir(), "--live-quiet", "0.2"};
  args.insert(args.end(), extra.begin(), extra.end());
  return sandbox().run_ddbmv(args, env);
}

std::multiset<std::string> items_of(const migrate::Clients& clients, const std::string& table) {
  std::multiset<std::string> items;
  dynamodb::ScanRequest request{table, {}, {}, nullptr, {}, false, true};
  do {
    auto page = clients.dynamodb.scan(request);
    EXPECT_TRUE(page) << table << ": " << page.error().message;
    if (!page)
      break;
    for (const auto& item : page->items)
      items.insert(item.dump());
    request.exclusive_start_key = page->last_evaluated_key;
  } while (!request.exclusive_start_key.is_null());
  return items;
}

std::set<std::string> keys_of(const migrate::Clients& clients, const std::string& table) {
  auto described = clients.dynamodb.describe_table(table);
  EXPECT_TRUE(described);
  std::set<std::string> keys;
  if (!described)
    return keys;
  for (const auto& text : items_of(clients, table)) {
    const auto item = Json::parse(text);
    Json key = Json::object();
    for (const auto& element : described->at("KeySchema")) {
      const std::string name = element.at("AttributeName");
      key[name] = item.at(name);
    }
    keys.insert(key.dump());
  }
  return keys;
}

std::map<std::string, Json> function_configurations(const migrate::Clients& clients) {
  std::map<std::string, Json> out;
  auto functions = clients.lambda.list_functions();
  EXPECT_TRUE(functions);
  if (!functions)
    return out;
  for (const auto& listed : *functions) {
    const std::string name = listed.at("FunctionName");
    auto configuration = clients.lambda.get_function_configuration(name);
    EXPECT_TRUE(configuration);
    if (!configuration)
      continue;
    Json kept = *configuration;
    for (const char* key : {"RevisionId", "LastModified", "LastUpdateStatus", "LastUpdateStatusReason",
                            "LastUpdateStatusReasonCode", "State", "StateReason", "StateReasonCode"}) {
      kept.erase(key);
    }
    out[name] = kept;
  }
  return out;
}

bool has_item(const migrate::Clients& clients, const std::string& table, const Json& key) {
  auto found = clients.dynamodb.get_item(table, key);
  EXPECT_TRUE(found) << table;
  return found && found->has_value();
}

Json customer_key(const std::string& user) {
  return {{"tenant_id", {{"S", "tenant-acme"}}}, {"user_id", {{"S", user}}}};
}

std::string variable_of(const migrate::Clients& clients, const std::string& function,
                        const std::string& name) {
  auto configuration = clients.lambda.get_function_configuration(function);
  EXPECT_TRUE(configuration);
  return configuration ? lambda::Client::environment_of(*configuration)[name] : std::string();
}

std::string pitr_of(const migrate::Clients& clients, const std::string& table) {
  auto described = clients.dynamodb.describe_continuous_backups(table);
  EXPECT_TRUE(described);
  return described.value_or(Json::object())
      .value("PointInTimeRecoveryDescription", Json::object())
      .value("PointInTimeRecoveryStatus", "");
}

bool stream_enabled(const migrate::Clients& clients, const std::string& table) {
  auto described = clients.dynamodb.describe_table(table);
  EXPECT_TRUE(described);
  return described.value_or(Json::object())
      .value("StreamSpecification", Json::object())
      .value("StreamEnabled", false);
}

void expect_rolled_back(const migrate::Clients& clients,
                        const std::map<std::string, Json>& functions_before) {
  EXPECT_EQ(function_configurations(clients), functions_before);
  for (const auto& table : seed_old_tables()) {
    EXPECT_EQ(items_of(clients, table), items_of(clients, seed_new_name(table))) << table;
    EXPECT_EQ(pitr_of(clients, table), "DISABLED") << table;
    EXPECT_FALSE(stream_enabled(clients, seed_new_name(table))) << "rollback left a stream on " << table;
  }
}

void turn_stream_off(const migrate::Clients& clients, const std::string& table) {
  ASSERT_TRUE(clients.dynamodb.update_table(
      {{"TableName", table}, {"StreamSpecification", {{"StreamEnabled", false}}}}));
  ASSERT_FALSE(stream_enabled(clients, table));
}

std::ptrdiff_t done_position(const migrate::JournalState& journal, const std::string& step) {
  const auto& records = journal.records;
  return std::find_if(records.begin(), records.end(),
                      [&](const migrate::JournalRecord& record) {
                        return record.step == step && record.event == migrate::JournalEvent::kDone;
                      }) -
         records.begin();
}

bool is_read(const std::string& operation) {
  return operation.find(".Describe") != std::string::npos || operation.find(".List") != std::string::npos ||
         operation.find(".Get") != std::string::npos || operation.find(".Scan") != std::string::npos ||
         operation.find(".Query") != std::string::npos;
}

std::vector<std::string> mutating_calls() {
  std::vector<std::string> out;
  const Json requests = sandbox().stats().value("requests", Json::object());
  for (const auto& [operation, count] : requests.items()) {
    if (!is_read(operation))
      out.push_back(operation + " x" + count.dump());
  }
  return out;
}

std::string webhook_event(const std::string& id) {
  auto event = Json::parse(
      read_text_file(std::filesystem::path(seed_events_dir()) / (std::string(kWebhook) + ".json")));
  event["id"] = "evt_" + id;
  event["data"]["object"]["id"] = "in_" + id;
  return event.dump();
}

}  // namespace ddbmv::testing
