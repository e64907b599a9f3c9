#include "migrate/plan/inventory.h"

#include <gtest/gtest.h>

#include "support/seed_inventory.h"

namespace ddbmv::migrate {
namespace {

TEST(Inventory, JsonHoldsVariableNamesAndReferencesButNoOtherValue) {
  Inventory inventory = testing::seed_inventory();
  std::string document = to_json(inventory).dump();
  EXPECT_EQ(document.find(testing::kStripeSecret), std::string::npos);
  EXPECT_EQ(document.find(testing::kWebhookSecret), std::string::npos);
  EXPECT_EQ(document.find("ai-nexus-dev-stripe-event-bus"), std::string::npos);
  EXPECT_NE(document.find("STRIPE_SECRET_KEY"), std::string::npos);  // the name is fine
  EXPECT_NE(document.find("EVENTBRIDGE_BUS_NAME"), std::string::npos);
}

TEST(Inventory, RoundTripsThroughJsonKeepingReferences) {
  Inventory inventory = testing::seed_inventory();
  auto parsed = inventory_from_json(to_json(inventory));
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(parsed->tables, inventory.tables);
  ASSERT_EQ(parsed->functions.size(), inventory.functions.size());
  EXPECT_EQ(parsed->functions[6].references, inventory.functions[6].references);
  EXPECT_EQ(parsed->functions[6].variable_names, inventory.functions[6].variable_names);
  EXPECT_FALSE(parsed->functions[6].environment.contains("STRIPE_SECRET_KEY"));
  EXPECT_EQ(inventory_fingerprint(*parsed), inventory_fingerprint(inventory));
}

TEST(Inventory, FingerprintIgnoresDiscoveryTimeButNotState) {
  Inventory a = testing::seed_inventory();
  Inventory b = a;
  b.discovered_at = "2030-01-01T00:00:00Z";
  EXPECT_EQ(inventory_fingerprint(a), inventory_fingerprint(b));
  b.tables[0].description["ItemCount"] = 5;
  EXPECT_NE(inventory_fingerprint(a), inventory_fingerprint(b));
}

TEST(Inventory, RejectsABadFieldNamingIt) {
  Json document = to_json(testing::seed_inventory());
  document["functions"][2]["references"][0]["kind"] = "guess";
  auto parsed = inventory_from_json(document);
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message.find("functions[2].references[0].kind"), std::string::npos)
      << parsed.error().message;
}

TEST(Inventory, TableAccessorsReadTheDescription) {
  TableInventory table = testing::seed_table("customers", "user_id", {"email"});
  EXPECT_EQ(table.status(), "ACTIVE");
  EXPECT_FALSE(table.provisioned());
  EXPECT_FALSE(table.stream_enabled());
  EXPECT_EQ(table.stream_arn(), "");
  EXPECT_FALSE(table.pitr_enabled());
  EXPECT_EQ(table.index_names(), (std::vector<std::string>{"email-index"}));
  table.exact_count = 42;
  EXPECT_EQ(table.item_count(), 42);
}

TEST(Inventory, ParsesArns) {
  auto parts = parse_arn("arn:aws:dynamodb:us-east-1:000000000000:table/x/index/y");
  ASSERT_TRUE(parts);
  EXPECT_EQ(parts->account, "000000000000");
  EXPECT_EQ(parts->region, "us-east-1");
  EXPECT_EQ(parts->resource, "table/x/index/y");
  EXPECT_FALSE(parse_arn("not-an-arn"));
}

}  // namespace
}  // namespace ddbmv::migrate
