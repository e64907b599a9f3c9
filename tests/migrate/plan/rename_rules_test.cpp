#include "migrate/plan/rename_rules.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

namespace ddbmv::migrate {
namespace {

const std::vector<std::string> kTables = {"ai-nexus-dev-stripe-customers", "ai-nexus-dev-stripe-invoices",
                                          "ai-nexus-dev-stripe-subscriptions", "orders"};

std::vector<RenameRule> rules(std::initializer_list<const char*> texts) {
  std::vector<RenameRule> out;
  for (const char* text : texts) {
    auto rule = parse_rule(text);
    EXPECT_TRUE(rule) << text;
    out.push_back(*rule);
  }
  return out;
}

bool mentions(const std::vector<Error>& errors, const std::string& text) {
  return std::ranges::any_of(errors,
                             [&](const Error& e) { return e.message.find(text) != std::string::npos; });
}

TEST(RenameRules, ParsesOldEqualsNewAndTrimsSpaces) {
  auto rule = parse_rule("  orders = orders-v2 ");
  ASSERT_TRUE(rule);
  EXPECT_EQ(rule->source, "orders");
  EXPECT_EQ(rule->target, "orders-v2");
  EXPECT_EQ(rule->text, "orders=orders-v2");
}

TEST(RenameRules, RejectsMalformedRulesNamingThem) {
  for (const char* bad : {"orders", "=x", "x=", "a=b=c", "a-*=b-*-*", "a-*=b?"}) {
    auto rule = parse_rule(bad);
    ASSERT_FALSE(rule) << bad;
    EXPECT_EQ(rule.error().code, "InvalidRule");
    EXPECT_NE(rule.error().message.find("rename rule"), std::string::npos) << rule.error().message;
  }
}

TEST(RenameRules, PrefixRuleRenamesEveryMatchingTable) {
  auto mapping = apply_rules(rules({"ai-nexus-dev-stripe-*=diatonic-ai-stripe-*"}), kTables);
  EXPECT_TRUE(mapping.errors.empty());
  ASSERT_EQ(mapping.renames.size(), 3u);
  EXPECT_EQ(mapping.renames[0], (Rename{"ai-nexus-dev-stripe-customers", "diatonic-ai-stripe-customers",
                                        "ai-nexus-dev-stripe-*=diatonic-ai-stripe-*"}));
}

TEST(RenameRules, ExplicitRulesCombine) {
  auto mapping = apply_rules(rules({"orders=orders-v2", "ai-nexus-dev-stripe-invoices=invoices"}), kTables);
  EXPECT_TRUE(mapping.errors.empty());
  ASSERT_EQ(mapping.renames.size(), 2u);
  EXPECT_EQ(mapping.renames[1].target, "orders-v2");
}

TEST(RenameRules, ARuleThatMatchesNothingIsAnError) {
  auto mapping = apply_rules(rules({"nothing-*=x-*"}), kTables);
  ASSERT_EQ(mapping.errors.size(), 1u);
  EXPECT_TRUE(mentions(mapping.errors, "'nothing-*=x-*' matches no selected table"));
}

TEST(RenameRules, TwoTablesToOneNameIsAnError) {
  auto mapping = apply_rules(rules({"orders=one-table", "ai-nexus-dev-stripe-invoices=one-table"}), kTables);
  ASSERT_EQ(mapping.errors.size(), 1u);
  EXPECT_EQ(mapping.errors.front().message,
            "rename rule 'ai-nexus-dev-stripe-invoices=one-table' and rename rule 'orders=one-table' map "
            "ai-nexus-dev-stripe-invoices and orders to one-table");
  EXPECT_TRUE(mapping.renames.empty());
}

TEST(RenameRules, ManyTablesToOneNameIsOneErrorNamingThemAll) {
  auto mapping = apply_rules(rules({"ai-nexus-dev-stripe-*=one-table"}), kTables);
  ASSERT_EQ(mapping.errors.size(), 1u);
  EXPECT_EQ(mapping.errors.front().message,
            "rename rule 'ai-nexus-dev-stripe-*=one-table' maps ai-nexus-dev-stripe-customers, "
            "ai-nexus-dev-stripe-invoices and ai-nexus-dev-stripe-subscriptions to one-table");
}

TEST(RenameRules, RenamesAreSortedBySource) {
  auto mapping = apply_rules(rules({"orders=a-orders", "ai-nexus-dev-stripe-*=z-*"}), kTables);
  ASSERT_TRUE(mapping.errors.empty());
  std::vector<std::string> sources;
  for (const auto& rename : mapping.renames) {
    sources.push_back(rename.source);
  }
  EXPECT_EQ(sources, kTables);
}

TEST(RenameRules, ATableToItselfIsAnError) {
  auto mapping = apply_rules(rules({"orders=orders"}), kTables);
  EXPECT_TRUE(mentions(mapping.errors, "maps table orders to itself"));
}

TEST(RenameRules, AnInvalidTargetNameIsAnError) {
  auto mapping = apply_rules(rules({"orders=o!", "ai-nexus-dev-stripe-invoices=in"}), kTables);
  EXPECT_EQ(mapping.errors.size(), 2u);
  EXPECT_TRUE(mentions(mapping.errors, "'o!', which is not a valid DynamoDB table name"));
  EXPECT_TRUE(mentions(mapping.errors, "'in', which is not a valid"));
  EXPECT_TRUE(mapping.renames.empty());
}

TEST(RenameRules, ATableMatchedByTwoRulesIsAnError) {
  auto mapping = apply_rules(rules({"orders=a-orders", "ord*=b-*"}), kTables);
  EXPECT_TRUE(mentions(mapping.errors, "both match table orders"));
}

TEST(RenameRules, ValidatesDynamoDbTableNames) {
  EXPECT_TRUE(valid_table_name("abc"));
  EXPECT_TRUE(valid_table_name("A_b.c-9"));
  EXPECT_FALSE(valid_table_name("ab"));
  EXPECT_FALSE(valid_table_name(std::string(256, 'a')));
  EXPECT_TRUE(valid_table_name(std::string(255, 'a')));
  EXPECT_FALSE(valid_table_name("a b c"));
  EXPECT_FALSE(valid_table_name("tábla"));
}

TEST(RenameRules, FileSkipsCommentsAndBlankLines) {
  auto parsed = parse_rules(
      "# stripe tables\n\nai-nexus-dev-stripe-*=diatonic-ai-stripe-*  # all four\n"
      "orders=orders-v2\r\n",
      "rules.txt");
  ASSERT_TRUE(parsed) << parsed.error().message;
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[0].origin, "rules.txt:3");
  EXPECT_EQ((*parsed)[1].text, "orders=orders-v2");
}

TEST(RenameRules, FileErrorNamesFileAndLine) {
  auto parsed = parse_rules("a=b\n# fine\nno-equals-here\n", "rules.txt");
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message.find("rules.txt:3"), std::string::npos) << parsed.error().message;
}

TEST(RenameRules, MatchErrorsNameTheRuleFileLine) {
  auto parsed = parse_rules("missing-*=x-*\n", "rules.txt");
  ASSERT_TRUE(parsed);
  auto mapping = apply_rules(*parsed, kTables);
  EXPECT_TRUE(mentions(mapping.errors, "rules.txt:1: rename rule 'missing-*=x-*'"));
}

TEST(RenameRules, UnreadableFileIsAnErrorNamingIt) {
  auto parsed = load_rule_file("/nonexistent/rules.txt");
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message.find("/nonexistent/rules.txt"), std::string::npos);
}

}  // namespace
}  // namespace ddbmv::migrate
