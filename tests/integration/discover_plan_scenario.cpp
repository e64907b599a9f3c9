#include "integration/discover_plan_scenario.h"

#include <fstream>
#include <sstream>

#include "integration/sandbox_environment.h"

namespace ddbmv::testing {

using nlohmann::json;

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

json seed_scenario() {
  return json::parse(read_text(std::string(DDBMV_SOURCE_DIR) + "/sandbox/scenarios/ai-nexus-dev.json"));
}

std::set<std::string> seed_table_names() {
  std::set<std::string> names;
  const json scenario = seed_scenario();  // not a temporary in the loop: it would die before the loop runs
  for (const auto& table : scenario.at("tables"))
    names.insert(table.at("spec").at("TableName").get<std::string>());
  return names;
}

namespace {

json attribute(const char* name, const char* type) {
  return {{"AttributeName", name}, {"AttributeType", type}};
}

json key(const char* name, const char* type) {
  return {{"AttributeName", name}, {"KeyType", type}};
}

json include(std::initializer_list<const char*> attributes) {
  return {{"ProjectionType", "INCLUDE"}, {"NonKeyAttributes", attributes}};
}

json capacity(int read, int write) {
  return {{"ReadCapacityUnits", read}, {"WriteCapacityUnits", write}};
}

}  // namespace

json ledger_scenario() {
  const std::string arn = std::string("arn:aws:dynamodb:us-east-1:000000000000:table/") + kLedgerTable;
  json spec = {
      {"TableName", kLedgerTable},
      {"AttributeDefinitions",
       {attribute("account_id", "S"), attribute("entry_id", "S"), attribute("posted_at", "N"),
        attribute("currency", "S"), attribute("state", "S")}},
      {"KeySchema", {key("account_id", "HASH"), key("entry_id", "RANGE")}},
      {"LocalSecondaryIndexes",
       {{{"IndexName", "by-posted-at"},
         {"KeySchema", {key("account_id", "HASH"), key("posted_at", "RANGE")}},
         {"Projection", include({"amount", "memo"})}}}},
      {"GlobalSecondaryIndexes",
       {{{"IndexName", "by-currency"},
         {"KeySchema", {key("currency", "HASH"), key("posted_at", "RANGE")}},
         {"Projection", include({"amount", "memo"})},
         {"ProvisionedThroughput", capacity(3, 2)}},
        {{"IndexName", "by-state"},
         {"KeySchema", {key("state", "HASH")}},
         {"Projection", {{"ProjectionType", "KEYS_ONLY"}}},
         {"ProvisionedThroughput", capacity(1, 1)}}}},
      {"BillingMode", "PROVISIONED"},
      {"ProvisionedThroughput", capacity(5, 4)},
      {"SSESpecification", {{"Enabled", true}, {"SSEType", "KMS"}, {"KMSMasterKeyId", kLedgerKmsKey}}},
      {"StreamSpecification", {{"StreamEnabled", true}, {"StreamViewType", "NEW_AND_OLD_IMAGES"}}},
      {"TableClass", "STANDARD_INFREQUENT_ACCESS"},
      {"DeletionProtectionEnabled", true},
      {"Tags",
       {{{"Key", "Project"}, {"Value", "ai-nexus"}},
        {{"Key", "Service"}, {"Value", "ledger"}},
        {{"Key", "CostCenter"}, {"Value", "finance-42"}}}}};
  json function = {{"FunctionName", kLedgerFunction},
                   {"Runtime", "nodejs20.x"},
                   {"Handler", "index.handler"},
                   {"Role", "arn:aws:iam::000000000000:role/ai-nexus-dev-ledger-role"},
                   {"Environment",
                    {{"Variables",
                      {{"LEDGER_TABLE_ARN", arn},
                       {"LEDGER_BY_CURRENCY_ARN", arn + "/index/by-currency"},
                       {"LEDGER_SIGNING_KEY", "lsk_sandbox_NotARealSigningKey_LedgerPoster_0001"},
                       {"LOG_LEVEL", "info"}}}}},
                   {"source", std::string(DDBMV_SOURCE_DIR) + "/sandbox/scenarios/functions/list-invoices"},
                   {"publishVersions", 1},
                   {"aliases", {{{"Name", "live"}, {"FunctionVersion", "1"}}}}};
  return {{"tables",
           {{{"spec", spec},
             {"ttl", {{"AttributeName", "expires_at"}, {"Enabled", true}}},
             {"pitr", true},
             {"generate", {{"count", 30}, {"seed", 4}}}}}},
          {"functions", {function}}};
}

std::vector<std::string> secret_values() {
  const std::set<std::string> tables = seed_table_names();
  std::set<std::string> secrets = {sandbox().secret_access_key(), kSessionToken};
  for (const json& scenario : {seed_scenario(), ledger_scenario()}) {
    for (const auto& function : scenario.at("functions")) {
      for (const auto& [variable, value] : function.at("Environment").at("Variables").items()) {
        const std::string text = value;
        if (text.size() >= 8 && !tables.contains(text) && !text.starts_with("arn:aws:dynamodb:"))
          secrets.insert(text);
      }
    }
  }
  return {secrets.begin(), secrets.end()};
}

}  // namespace ddbmv::testing
