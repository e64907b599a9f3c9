// discover and plan through the ddbmv binary against the sandbox: the seed's plan reproduced from the
// account (golden over plan.json and plan.md), every spec accepted by Debian's AWS CLI and creating a
// table like its source, no secret in any output or file, only read calls made.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <set>
#include <sstream>

#include "integration/discover_plan_scenario.h"
#include "integration/sandbox_environment.h"
#include "integration/seed_migration.h"

namespace ddbmv::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using Rows = std::vector<std::vector<std::string>>;

constexpr const char* kAwsCli = "/usr/bin/aws";  // Debian's v2; a pip v1 may shadow it on PATH

/// The rows of the markdown table that follows `heading` in `markdown`: each row's cells, trimmed and
/// without backticks.
Rows markdown_rows(const std::string& markdown, const std::string& heading) {
  Rows rows;
  const auto start = markdown.find(heading + "\n");
  if (start == std::string::npos)
    return rows;
  std::istringstream lines(markdown.substr(start + heading.size() + 1));
  bool in_table = false;
  for (std::string line; std::getline(lines, line);) {
    if (!line.starts_with("|")) {
      if (in_table)
        break;
      continue;
    }
    in_table = true;
    if (line.starts_with("|---"))
      continue;
    std::vector<std::string> cells;
    std::istringstream parts(line.substr(1));
    for (std::string cell; std::getline(parts, cell, '|');) {
      std::erase(cell, '`');
      const auto first = cell.find_first_not_of(' ');
      const auto last = cell.find_last_not_of(' ');
      cells.push_back(first == std::string::npos ? "" : cell.substr(first, last - first + 1));
    }
    rows.push_back(std::move(cells));
  }
  if (!rows.empty())
    rows.erase(rows.begin());  // the header
  return rows;
}

std::string lambdas(std::size_t count) {
  return std::to_string(count) + (count == 1 ? " Lambda" : " Lambdas");
}

std::string variables(std::size_t count) {
  return std::to_string(count) + (count == 1 ? " variable" : " variables");
}

/// The seed's "Tables to Migrate" (old, new, dependencies, risk), in its order.
const Rows kSeedTables = {
    {"ai-nexus-dev-stripe-customers", "diatonic-ai-stripe-customers", "6 Lambdas", "HIGH"},
    {"ai-nexus-dev-stripe-subscriptions", "diatonic-ai-stripe-subscriptions", "5 Lambdas", "HIGH"},
    {"ai-nexus-dev-stripe-invoices", "diatonic-ai-stripe-invoices", "2 Lambdas", "MEDIUM"},
    {"ai-nexus-dev-stripe-idempotency", "diatonic-ai-stripe-idempotency", "1 Lambda", "LOW"},
};

/// The seed's "Lambda Functions to Update" (function, variables to change, criticality), sorted by name
/// (the seed orders functions of one grade as it pleases).
const Rows kSeedFunctions = {
    {"ai-nexus-dev-stripe-cancel-subscription", "1 variable", "MEDIUM"},
    {"ai-nexus-dev-stripe-create-checkout-session", "2 variables", "HIGH"},
    {"ai-nexus-dev-stripe-create-portal-session", "1 variable", "MEDIUM"},
    {"ai-nexus-dev-stripe-create-setup-intent", "1 variable", "MEDIUM"},
    {"ai-nexus-dev-stripe-get-subscription-status", "2 variables", "HIGH"},
    {"ai-nexus-dev-stripe-list-invoices", "1 variable", "MEDIUM"},
    {"ai-nexus-dev-stripe-stripe-webhook-handler", "4 variables", "CRITICAL"},
    {"ai-nexus-dev-stripe-update-subscription", "2 variables", "HIGH"},
};

class DiscoverPlanTest : public ::testing::Test {
 protected:
  void SetUp() override { sandbox().reset("ai-nexus-dev.json"); }

  /// A fresh --out directory (not yet existing).
  static std::string out_dir(std::string_view name) { return sandbox().make_temp_dir(name) + "/plan"; }
};

TEST_F(DiscoverPlanTest, PlanReproducesTheSeedsTablesAndFunctions) {
  const std::string out = out_dir("golden");
  const auto run = sandbox().run_ddbmv({"plan", "--rename", kSeedRule, "--critical", kWebhook, "--out", out});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;

  const json plan = json::parse(read_text(out + "/plan.json"));
  Rows tables, functions;
  for (const auto& table : plan.at("tables")) {
    tables.push_back(
        {table.at("source"), table.at("target"), lambdas(table.at("dependents").size()), table.at("risk")});
  }
  for (const auto& function : plan.at("functions")) {
    functions.push_back(
        {function.at("name"), variables(function.at("changes").size()), function.at("criticality")});
  }
  std::ranges::sort(functions);
  EXPECT_EQ(tables, kSeedTables);
  EXPECT_EQ(functions, kSeedFunctions);

  // Each change is exactly a variable that names a seed table, old name -> new name.
  const json scenario = seed_scenario();
  for (const auto& function : plan.at("functions")) {
    std::set<std::tuple<std::string, std::string, std::string>> expected, planned;
    for (const auto& f : scenario.at("functions")) {
      if (f.at("FunctionName") != function.at("name"))
        continue;
      for (const auto& [variable, value] : f.at("Environment").at("Variables").items()) {
        const std::string text = value;
        if (text.starts_with("ai-nexus-dev-stripe-") && seed_table_names().contains(text))
          expected.emplace(variable, text, "diatonic-ai-stripe-" + text.substr(20));
      }
    }
    for (const auto& change : function.at("changes"))
      planned.emplace(change.at("variable"), change.at("old"), change.at("new"));
    EXPECT_EQ(planned, expected) << function.at("name");
  }

  // plan.md shows the same two tables (Size and Items are the sandbox's data, not the seed's).
  const std::string markdown = read_text(out + "/plan.md");
  Rows md_tables, md_functions;
  for (const auto& row : markdown_rows(markdown, "### Tables to Migrate")) {
    ASSERT_EQ(row.size(), 6u);
    md_tables.push_back({row[0], row[1], row[4], row[5]});
  }
  for (const auto& row : markdown_rows(markdown, "### Lambda Functions to Update")) {
    ASSERT_EQ(row.size(), 3u);
    md_functions.push_back({row[0], row[1].substr(0, row[1].find(" (")), row[2]});
  }
  std::ranges::sort(md_functions);
  EXPECT_EQ(md_tables, kSeedTables);
  EXPECT_EQ(md_functions, kSeedFunctions);
  for (const auto& file :
       {"plan.json", "plan.md", "specs/diatonic-ai-stripe-customers.json",
        "specs/diatonic-ai-stripe-subscriptions.json", "specs/diatonic-ai-stripe-invoices.json",
        "specs/diatonic-ai-stripe-idempotency.json"}) {
    EXPECT_TRUE(fs::is_regular_file(fs::path(out) / file)) << file;
  }
  EXPECT_EQ(std::distance(fs::directory_iterator(fs::path(out) / "specs"), fs::directory_iterator()), 4);
}

TEST_F(DiscoverPlanTest, WithoutCriticalNoFunctionIsCritical) {
  const auto run = sandbox().run_ddbmv({"--output", "json", "plan", "--rename", kSeedRule});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json plan = json::parse(run.out);
  for (const auto& function : plan.at("functions")) {
    EXPECT_NE(function.at("criticality"), "CRITICAL") << function.at("name");
    if (function.at("name") == kWebhook) {
      EXPECT_EQ(function.at("criticality"), "HIGH");
    }
  }
}

TEST_F(DiscoverPlanTest, DiscoverCountsEveryDependentAndOnlyExactReferences) {
  const auto json_run =
      sandbox().run_ddbmv({"--output", "json", "discover", "--prefix", "ai-nexus-dev-stripe-"});
  ASSERT_EQ(json_run.exit_code, 0) << json_run.err;
  const json inventory = json::parse(json_run.out);
  std::map<std::string, std::set<std::string>> dependents;
  for (const auto& function : inventory.at("functions")) {
    for (const auto& reference : function.at("references"))
      dependents[reference.at("table")].insert(function.at("name"));
    if (function.at("name") == kWebhook) {
      // EVENTBRIDGE_BUS_NAME=ai-nexus-dev-stripe-event-bus contains the prefix but names no table.
      EXPECT_EQ(function.at("references").size(), 4u);
      EXPECT_EQ(function.at("variable_names").size(), 9u);
    }
  }
  EXPECT_EQ(inventory.at("tables").size(), 4u);
  EXPECT_EQ(inventory.at("functions").size(), 8u);
  std::map<std::string, std::size_t> counts;
  for (const auto& [table, functions] : dependents)
    counts[table] = functions.size();
  EXPECT_EQ(counts, (std::map<std::string, std::size_t>{{"ai-nexus-dev-stripe-customers", 6},
                                                        {"ai-nexus-dev-stripe-idempotency", 1},
                                                        {"ai-nexus-dev-stripe-invoices", 2},
                                                        {"ai-nexus-dev-stripe-subscriptions", 5}}));

  const auto text = sandbox().run_ddbmv({"discover", "--prefix", "ai-nexus-dev-stripe-"});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  for (const auto* line : {"ai-nexus-dev-stripe-customers  ACTIVE  6 dependent functions",
                           "ai-nexus-dev-stripe-subscriptions  ACTIVE  5 dependent functions",
                           "ai-nexus-dev-stripe-invoices  ACTIVE  2 dependent functions",
                           "ai-nexus-dev-stripe-idempotency  ACTIVE  1 dependent function\n",
                           "ai-nexus-dev-stripe-stripe-webhook-handler  (4 of 9 variables)"}) {
    EXPECT_NE(text.out.find(line), std::string::npos) << line << "\n" << text.out;
  }
}

// ---- Specs: accepted by the AWS CLI, and the table they create is the source's twin. ----

/// A DescribeTable `Table` without what differs between a table and its twin: name, ARNs, ids, dates,
/// and the item counts and sizes (the twin is empty). Indexes and attributes in name order.
json settings_of(json table) {
  auto drop = [](json& object, std::initializer_list<const char*> keys) {
    for (const char* key : keys)
      object.erase(key);
  };
  drop(table, {"TableName", "TableArn", "TableId", "CreationDateTime", "LatestStreamArn", "LatestStreamLabel",
               "ItemCount", "TableSizeBytes"});
  const auto drop_dates = [&](json& holder) {
    if (holder.contains("ProvisionedThroughput"))
      drop(holder["ProvisionedThroughput"], {"LastIncreaseDateTime", "LastDecreaseDateTime"});
  };
  drop_dates(table);
  if (table.contains("BillingModeSummary"))
    drop(table["BillingModeSummary"], {"LastUpdateToPayPerRequestDateTime"});
  if (table.contains("TableClassSummary"))
    drop(table["TableClassSummary"], {"LastUpdateDateTime"});
  const auto by = [](const char* key) {
    return [key](const json& a, const json& b) { return a.at(key) < b.at(key); };
  };
  for (const char* kind : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
    if (!table.contains(kind))
      continue;
    for (auto& index : table[kind]) {
      drop(index, {"IndexArn", "IndexSizeBytes", "ItemCount"});
      drop_dates(index);
    }
    std::sort(table[kind].begin(), table[kind].end(), by("IndexName"));
  }
  std::sort(table["AttributeDefinitions"].begin(), table["AttributeDefinitions"].end(), by("AttributeName"));
  return table;
}

std::map<std::string, std::string> tags_of(const migrate::Clients& clients, const std::string& arn) {
  std::map<std::string, std::string> tags;
  auto listed = clients.dynamodb.list_tags_of_resource(arn);
  EXPECT_TRUE(listed) << arn;
  for (const auto& tag : listed.value_or(std::vector<dynamodb::Tag>{}))
    tags[tag.key] = tag.value;
  return tags;
}

/// TTL and PITR as DescribeTimeToLive and DescribeContinuousBackups show them.
json backups_and_ttl_of(const migrate::Clients& clients, const std::string& table) {
  auto ttl = clients.dynamodb.describe_time_to_live(table);
  auto backups = clients.dynamodb.describe_continuous_backups(table);
  EXPECT_TRUE(ttl && backups) << table;
  const json pitr = backups.value_or(json::object()).value("PointInTimeRecoveryDescription", json::object());
  return {{"ttl", ttl.value_or(json::object())},
          {"continuous_backups", backups.value_or(json::object()).value("ContinuousBackupsStatus", "")},
          {"pitr", pitr.value("PointInTimeRecoveryStatus", "")}};
}

TEST_F(DiscoverPlanTest, EverySpecIsAcceptedByTheAwsCliAndCreatesATableLikeItsSource) {
  sandbox().admin_post("load", {{"scenario", ledger_scenario()}});
  const std::string out = out_dir("specs");
  const auto run =
      sandbox().run_ddbmv({"plan", "--rename", kSeedRule, "--rename", kLedgerRule, "--out", out});
  ASSERT_EQ(run.exit_code, 0) << run.out << run.err;
  const json plan = json::parse(read_text(out + "/plan.json"));
  ASSERT_EQ(plan.at("tables").size(), 5u);

  // Each spec unchanged through Debian's AWS CLI, as plan.md tells a person to (all at once).
  std::vector<std::future<RunResult>> creating;
  for (const auto& table : plan.at("tables")) {
    const std::string spec = out + "/specs/" + table.at("target").get<std::string>() + ".json";
    creating.push_back(std::async(std::launch::async, [spec] {
      return sandbox().run_program({kAwsCli, "dynamodb", "create-table", "--cli-input-json", "file://" + spec,
                                    "--endpoint-url", sandbox().endpoint(), "--output", "json"});
    }));
  }
  for (auto& created : creating) {
    const auto result = created.get();
    ASSERT_EQ(result.exit_code, 0) << result.err << result.out;
  }

  // What CreateTable cannot carry, as the plan records it for apply.
  const auto clients = sandbox().make_clients();
  for (const auto& table : plan.at("tables")) {
    const std::string target = table.at("target");
    const json& after = table.at("after_create");
    if (after.contains("ttl") && !after.at("ttl").is_null()) {
      ASSERT_TRUE(clients.dynamodb.update_time_to_live(target, after.at("ttl").at("AttributeName"), true));
    }
    if (after.at("point_in_time_recovery") == true) {
      ASSERT_TRUE(clients.dynamodb.update_continuous_backups(target, true));
    }
    if (after.at("deletion_protection") == true) {
      ASSERT_TRUE(
          clients.dynamodb.update_table({{"TableName", target}, {"DeletionProtectionEnabled", true}}));
    }
  }

  for (const auto& table : plan.at("tables")) {
    const std::string source = table.at("source"), target = table.at("target");
    SCOPED_TRACE(source + " -> " + target);
    auto source_description = clients.dynamodb.describe_table(source);
    auto target_description = clients.dynamodb.describe_table(target);
    ASSERT_TRUE(source_description && target_description);
    EXPECT_EQ(settings_of(*target_description), settings_of(*source_description))
        << "source: " << settings_of(*source_description).dump(1)
        << "\ntarget: " << settings_of(*target_description).dump(1);
    EXPECT_EQ(backups_and_ttl_of(clients, target), backups_and_ttl_of(clients, source));
    auto tags = tags_of(clients, target_description->at("TableArn"));
    EXPECT_EQ(tags["ddbmv:source-table"], source);
    EXPECT_EQ(tags["ddbmv:migration-id"], plan.at("migration_id"));
    tags.erase("ddbmv:source-table");
    tags.erase("ddbmv:migration-id");
    // The source's aws: tags (CloudFormation's stack tags) are AWS's own: no one else can set them.
    auto source_tags = tags_of(clients, source_description->at("TableArn"));
    std::erase_if(source_tags, [](const auto& tag) { return tag.first.starts_with("aws:"); });
    EXPECT_EQ(tags, source_tags);
  }

  // The comparison above is not of two empty shells: the ledger's twin has every setting.
  auto twin = clients.dynamodb.describe_table("diatonic-ai-ledger-entries");
  ASSERT_TRUE(twin);
  EXPECT_EQ(twin->at("LocalSecondaryIndexes").size(), 1u);
  EXPECT_EQ(twin->at("GlobalSecondaryIndexes").size(), 2u);
  EXPECT_EQ(twin->at("/GlobalSecondaryIndexes/0/Projection/ProjectionType"_json_pointer), "INCLUDE");
  EXPECT_EQ(twin->at("/ProvisionedThroughput/WriteCapacityUnits"_json_pointer), 4);
  EXPECT_EQ(twin->at("/SSEDescription/KMSMasterKeyArn"_json_pointer), kLedgerKmsKey);
  EXPECT_EQ(twin->at("/StreamSpecification/StreamViewType"_json_pointer), "NEW_AND_OLD_IMAGES");
  EXPECT_EQ(twin->at("/TableClassSummary/TableClass"_json_pointer), "STANDARD_INFREQUENT_ACCESS");
  EXPECT_EQ(twin->at("DeletionProtectionEnabled"), true);
  EXPECT_EQ(backups_and_ttl_of(clients, "diatonic-ai-ledger-entries").at("pitr"), "ENABLED");

  // The ledger's dependent: its ARNs become the twin's; its alias on a locked version is a warning.
  std::set<std::string> warnings;
  for (const auto& warning : plan.at("warnings"))
    warnings.insert(warning.at("code"));
  EXPECT_EQ(warnings,
            (std::set<std::string>{"IamNotChecked", "LockedAlias", "ProvisionedTable", "SourceStream"}));
  const json& functions = plan.at("functions");
  const auto poster = std::find_if(functions.begin(), functions.end(),
                                   [](const json& f) { return f.at("name") == kLedgerFunction; });
  ASSERT_NE(poster, functions.end());
  std::map<std::string, std::string> changes;
  for (const auto& change : poster->at("changes"))
    changes[change.at("variable")] = change.at("new");
  const std::string twin_arn = twin->at("TableArn");
  EXPECT_EQ(changes,
            (std::map<std::string, std::string>{{"LEDGER_BY_CURRENCY_ARN", twin_arn + "/index/by-currency"},
                                                {"LEDGER_TABLE_ARN", twin_arn}}));
  ASSERT_EQ(poster->at("aliases_on_locked_versions").size(), 1u);
  EXPECT_EQ(poster->at("aliases_on_locked_versions")[0].at("alias"), "live");
}

// ---- Secrets and side effects. ----

TEST_F(DiscoverPlanTest, NoOutputOrFileHoldsASecretAndOnlyReadsAreMade) {
  sandbox().admin_post("load", {{"scenario", ledger_scenario()}});
  sandbox().reset_stats();
  const std::string out = out_dir("secrets");
  const EnvironmentMap with_token = {{"AWS_SESSION_TOKEN", kSessionToken}};
  const std::vector<std::vector<std::string>> commands = {
      {"discover", "--prefix", "ai-nexus-dev-"},
      {"--output", "json", "discover", "--prefix", "ai-nexus-dev-", "--count"},
      {"--debug", "discover", "--prefix", "ai-nexus-dev-"},
      {"plan", "--rename", kSeedRule, "--rename", kLedgerRule, "--critical", kWebhook},
      {"--output", "json", "plan", "--rename", kSeedRule, "--rename", kLedgerRule},
      {"--debug", "plan", "--rename", kSeedRule, "--rename", kLedgerRule, "--out", out},
  };
  std::vector<std::pair<std::string, std::string>> texts;  // (where, what)
  for (const auto& args : commands) {
    const auto run = sandbox().run_ddbmv(args, with_token);
    std::string line;
    for (const auto& arg : args)
      line += arg + " ";
    EXPECT_EQ(run.exit_code, 0) << line << "\n" << run.err;
    texts.emplace_back("stdout of ddbmv " + line, run.out);
    texts.emplace_back("stderr of ddbmv " + line, run.err);
  }
  std::size_t files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(out)) {
    if (entry.is_regular_file()) {
      texts.emplace_back(entry.path().string(), read_text(entry.path()));
      ++files;
    }
  }
  EXPECT_EQ(files, 7u);  // plan.json, plan.md, five specs

  const auto secrets = secret_values();
  ASSERT_GE(secrets.size(), 6u);  // the Stripe keys, the bus name, three URLs, ... (see secret_values)
  for (const auto& [where, text] : texts) {
    for (const auto& secret : secrets) {
      EXPECT_EQ(text.find(secret), std::string::npos) << where << " holds " << secret;
    }
  }

  const json requests = sandbox().stats().at("requests");
  for (const auto& [operation, count] : requests.items()) {
    EXPECT_TRUE(is_read(operation)) << "discover or plan made " << count << " " << operation << " call(s)";
  }
  // Aliases are read only where they can serve a locked environment: of the ledger's poster, once per
  // command (not of the eight seed functions, which have no published version).
  EXPECT_EQ(requests.value("Lambda.ListAliases", 0), 6);
}

}  // namespace
}  // namespace ddbmv::testing
