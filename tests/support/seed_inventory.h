#pragma once
/// A hand-built Inventory of the seed document's account: four ai-nexus-dev-stripe-* tables (empty,
/// on demand, SSE, no stream, no PITR) and eight functions whose environments name them, beside the
/// secrets and the event-bus name a real handler has.

#include <string>
#include <vector>

#include "migrate/plan/inventory.h"
#include "migrate/plan/references.h"

namespace ddbmv::migrate::testing {

inline constexpr const char* kSeedArnPrefix = "arn:aws:dynamodb:us-east-1:000000000000:table/";
inline constexpr const char* kStripeSecret = "sk_test_51SeedSecretValueThatMustNeverLeak";
inline constexpr const char* kWebhookSecret = "whsec_SeedWebhookSecretNeverPrinted";

inline TableInventory seed_table(const std::string& suffix, const std::string& sort_key,
                                 const std::vector<std::string>& gsis) {
  std::string name = "ai-nexus-dev-stripe-" + suffix;
  std::string hash = suffix == "idempotency" ? "event_id" : "tenant_id";
  Json table = {{"TableName", name},
                {"TableArn", std::string(kSeedArnPrefix) + name},
                {"TableId", "id-" + suffix},
                {"TableStatus", "ACTIVE"},
                {"CreationDateTime", 1726540812.0},
                {"ItemCount", 0},
                {"TableSizeBytes", 0},
                {"KeySchema", Json::array({{{"AttributeName", hash}, {"KeyType", "HASH"}}})},
                {"AttributeDefinitions", Json::array({{{"AttributeName", hash}, {"AttributeType", "S"}}})},
                {"ProvisionedThroughput",
                 {{"NumberOfDecreasesToday", 0}, {"ReadCapacityUnits", 0}, {"WriteCapacityUnits", 0}}},
                {"BillingModeSummary", {{"BillingMode", "PAY_PER_REQUEST"}}},
                {"SSEDescription",
                 {{"Status", "ENABLED"},
                  {"SSEType", "KMS"},
                  {"KMSMasterKeyArn", "arn:aws:kms:us-east-1:000000000000:key/seed-key"}}},
                {"DeletionProtectionEnabled", false}};
  if (!sort_key.empty()) {
    table["KeySchema"].push_back({{"AttributeName", sort_key}, {"KeyType", "RANGE"}});
    table["AttributeDefinitions"].push_back({{"AttributeName", sort_key}, {"AttributeType", "S"}});
  }
  for (const auto& gsi : gsis) {
    table["AttributeDefinitions"].push_back({{"AttributeName", gsi}, {"AttributeType", "S"}});
    Json index = {{"IndexName", gsi + "-index"},
                  {"KeySchema", Json::array({{{"AttributeName", gsi}, {"KeyType", "HASH"}}})},
                  {"Projection", {{"ProjectionType", "ALL"}}},
                  {"IndexStatus", "ACTIVE"}};
    table["GlobalSecondaryIndexes"].push_back(index);
  }
  TableInventory out;
  out.name = name;
  out.description = table;
  out.tags = {{"project", "ai-nexus"}, {"env", "dev"}};
  out.time_to_live = {{"TimeToLiveStatus", "DISABLED"}};
  out.continuous_backups = {{"ContinuousBackupsStatus", "ENABLED"},
                            {"PointInTimeRecoveryDescription", {{"PointInTimeRecoveryStatus", "DISABLED"}}}};
  return out;
}

inline FunctionInventory seed_function(const std::string& short_name, const lambda::Environment& tables,
                                       const ReferenceIndex& index) {
  FunctionInventory out;
  out.name = "ai-nexus-dev-stripe-" + short_name;
  out.arn = "arn:aws:lambda:us-east-1:000000000000:function:" + out.name;
  out.revision_id = "rev-" + short_name;
  out.configuration = {{"FunctionName", out.name}, {"Runtime", "nodejs20.x"}, {"Handler", "index.handler"}};
  out.environment = tables;
  out.environment["STRIPE_SECRET_KEY"] = kStripeSecret;
  out.environment["STRIPE_WEBHOOK_SECRET"] = kWebhookSecret;
  out.environment["EVENTBRIDGE_BUS_NAME"] = "ai-nexus-dev-stripe-event-bus";
  out.variable_names = variable_names(out.environment);
  out.references = index.find(out.environment);
  return out;
}

inline Inventory seed_inventory() {
  Inventory inventory;
  inventory.region = "us-east-1";
  inventory.account = "000000000000";
  inventory.discovered_at = "2025-09-17T02:42:00Z";
  inventory.tables = {seed_table("customers", "user_id", {"email"}), seed_table("idempotency", "", {}),
                      seed_table("invoices", "invoice_id", {"status"}),
                      seed_table("subscriptions", "subscription_id", {"customer", "status"})};
  for (const auto& table : inventory.tables) {
    inventory.existing_tables.push_back(table.name);
  }
  inventory.existing_tables.push_back("unrelated-table");
  ReferenceIndex index(inventory.tables);
  const std::string c = "ai-nexus-dev-stripe-customers", s = "ai-nexus-dev-stripe-subscriptions",
                    i = "ai-nexus-dev-stripe-invoices", d = "ai-nexus-dev-stripe-idempotency";
  inventory.functions = {
      seed_function("cancel-subscription", {{"TABLE_SUBSCRIPTIONS", s}}, index),
      seed_function("create-checkout-session", {{"TABLE_CUSTOMERS", c}, {"TABLE_SUBSCRIPTIONS", s}}, index),
      seed_function("create-portal-session", {{"TABLE_CUSTOMERS", c}}, index),
      seed_function("create-setup-intent", {{"TABLE_CUSTOMERS", c}}, index),
      seed_function("get-subscription-status", {{"TABLE_CUSTOMERS", c}, {"TABLE_SUBSCRIPTIONS", s}}, index),
      seed_function("list-invoices", {{"TABLE_INVOICES", i}}, index),
      seed_function("stripe-webhook-handler",
                    {{"TABLE_CUSTOMERS", c},
                     {"TABLE_SUBSCRIPTIONS", s},
                     {"TABLE_INVOICES", i},
                     {"TABLE_IDEMPOTENCY", d}},
                    index),
      seed_function("update-subscription", {{"TABLE_CUSTOMERS", c}, {"TABLE_SUBSCRIPTIONS", s}}, index),
  };
  inventory.functions_scanned = 9;
  return inventory;
}

}  // namespace ddbmv::migrate::testing
