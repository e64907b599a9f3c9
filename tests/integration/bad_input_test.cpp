// Bad input to discover and plan, through the ddbmv binary: each exits non-zero with ONE message on
// stderr (a "ddbmv:" line naming the thing and the reason, and at most a hint with the fix), prints
// nothing on stdout, writes nothing to --out and makes no mutating call.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "integration/discover_plan_scenario.h"
#include "integration/sandbox_environment.h"
#include "integration/seed_migration.h"

namespace ddbmv::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct BadInput {
  std::string name;
  std::vector<std::string> args;  ///< "{OUT}" becomes a fresh --out path, "{RULES}" a rule file
  EnvironmentMap env;
  int exit_code = 2;
  std::vector<std::string> mentions;  ///< each must appear in the message or its hint
  bool reaches_aws = true;            ///< false: fails before any request
};

std::ostream& operator<<(std::ostream& out, const BadInput& input) {
  return out << input.name;
}

const std::vector<std::string> kPlanSeed = {"plan", "--rename", kSeedRule, "--out", "{OUT}"};

std::vector<std::string> with(std::vector<std::string> front, const std::vector<std::string>& back) {
  front.insert(front.end(), back.begin(), back.end());
  return front;
}

const BadInput kCases[] = {
    {"UnknownProfile",
     with({"--profile", "nosuch-profile"}, kPlanSeed),
     {},
     2,
     {"profile 'nosuch-profile' not found", "aws configure list-profiles"},
     false},
    {"UnknownProfileFromTheEnvironment",
     kPlanSeed,
     {{"AWS_PROFILE", "nosuch-profile"}},
     2,
     {"profile 'nosuch-profile' not found", "AWS_CONFIG_FILE"},
     false},
    {"MissingRegion",
     kPlanSeed,
     {{"AWS_REGION", ""}, {"AWS_DEFAULT_REGION", ""}},
     2,
     {"no AWS region", "--region", "AWS_REGION"},
     false},
    {"MissingCredentials",
     kPlanSeed,
     {{"AWS_ACCESS_KEY_ID", ""}, {"AWS_SECRET_ACCESS_KEY", ""}},
     2,
     {"no AWS credentials found", "AWS_ACCESS_KEY_ID", "--profile"},
     false},
    {"HalfTheCredentials",
     {"discover", "--prefix", "ai-nexus-dev-"},
     {{"AWS_SECRET_ACCESS_KEY", ""}},
     2,
     {"AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"},
     false},
    {"UnreachableEndpoint",
     with({"--endpoint-url", "http://127.0.0.1:1"}, kPlanSeed),
     {},
     1,
     {"cannot reach http://127.0.0.1:1", "ListTables", "--endpoint-url"},
     false},
    {"NoTableMatchedThePrefix",
     {"discover", "--prefix", "ai-nexus-prod-"},
     {},
     2,
     {"no table in us-east-1 matched prefix 'ai-nexus-prod-'", "--region"}},
    {"NoTableMatchedTheRule",
     {"plan", "--rename", "ai-nexus-prod-*=diatonic-ai-*", "--out", "{OUT}"},
     {},
     2,
     {"no table in us-east-1 matched pattern 'ai-nexus-prod-*'", "--region"}},
    {"TargetExists",
     kPlanSeed,
     {},
     3,
     {"target table diatonic-ai-stripe-invoices already exists",
      "rename rule '" + std::string(kSeedRule) + "'", "choose another name"}},
    {"MalformedRuleFile",
     {"plan", "--rename-file", "{RULES}", "--out", "{OUT}"},
     {},
     2,
     {"rules.txt:3: rename rule 'ai-nexus-dev-stripe-invoices -> invoices-v2' is not of the form OLD=NEW",
      "OLD=NEW"},
     false},
    {"MissingRuleFile",
     {"plan", "--rename-file", "/nonexistent/rules.txt", "--out", "{OUT}"},
     {},
     2,
     {"cannot read rename file /nonexistent/rules.txt", "--rename-file"},
     false},
    {"RuleMapsATableToItself",
     {"plan", "--rename", "ai-nexus-dev-stripe-customers=ai-nexus-dev-stripe-customers", "--out", "{OUT}"},
     {},
     2,
     {"maps table ai-nexus-dev-stripe-customers to itself", "different name"}},
    {"TwoRulesMapTwoTablesToOneName",
     {"plan", "--rename", "ai-nexus-dev-stripe-customers=billing", "--rename",
      "ai-nexus-dev-stripe-invoices=billing", "--out", "{OUT}"},
     {},
     2,
     {"map ai-nexus-dev-stripe-customers and ai-nexus-dev-stripe-invoices to billing", "own new name"}},
    {"OneRuleMapsThreeTablesToOneName",
     {"plan", "--rename", "ai-nexus-dev-stripe-*s=billing", "--out", "{OUT}"},
     {},
     2,
     {"maps ai-nexus-dev-stripe-customers, ai-nexus-dev-stripe-invoices and "
      "ai-nexus-dev-stripe-subscriptions to "
      "billing",
      "own new name"}},
};

class BadInputTest : public ::testing::TestWithParam<BadInput> {
 protected:
  /// The seed, plus a table already named like one of the seed rule's targets (the collision case;
  /// the other cases fail before or apart from that check).
  static void SetUpTestSuite() {
    sandbox().reset("ai-nexus-dev.json");
    json taken = {{"TableName", "diatonic-ai-stripe-invoices"},
                  {"BillingMode", "PAY_PER_REQUEST"},
                  {"AttributeDefinitions", {{{"AttributeName", "id"}, {"AttributeType", "S"}}}},
                  {"KeySchema", {{{"AttributeName", "id"}, {"KeyType", "HASH"}}}}};
    sandbox().admin_post("load", {{"scenario", {{"tables", {{{"spec", taken}}}}}}});
  }
};

TEST_P(BadInputTest, ExitsWithOneClearMessageAndWritesNothing) {
  const BadInput& input = GetParam();
  const std::string dir = sandbox().make_temp_dir("bad-input");
  const std::string out = dir + "/plan";
  const std::string rules = dir + "/rules.txt";
  std::ofstream(rules) << "# the stripe tables\nai-nexus-dev-stripe-customers=customers-v2\n"
                          "ai-nexus-dev-stripe-invoices -> invoices-v2\n";
  std::vector<std::string> args = input.args;
  for (auto& arg : args) {
    if (arg == "{OUT}")
      arg = out;
    if (arg == "{RULES}")
      arg = rules;
  }
  sandbox().reset_stats();
  const auto run = sandbox().run_ddbmv(args, input.env);

  EXPECT_EQ(run.exit_code, input.exit_code) << run.err;
  EXPECT_EQ(run.out, "");
  std::vector<std::string> lines;
  std::istringstream stream(run.err);
  for (std::string line; std::getline(stream, line);)
    lines.push_back(line);
  ASSERT_FALSE(lines.empty());
  EXPECT_TRUE(lines[0].starts_with("ddbmv: ")) << run.err;
  EXPECT_LE(lines.size(), 2u) << "more than one message:\n" << run.err;
  if (lines.size() == 2) {
    EXPECT_TRUE(lines[1].starts_with("  hint: ")) << run.err;
  }
  for (const auto& text : input.mentions) {
    EXPECT_NE(run.err.find(text), std::string::npos) << "no '" << text << "' in:\n" << run.err;
  }
  EXPECT_FALSE(fs::exists(out)) << "something was written to --out";

  const json requests = sandbox().stats().at("requests");
  if (!input.reaches_aws) {
    EXPECT_TRUE(requests.empty()) << requests.dump();
  }
  for (const auto& [operation, count] : requests.items()) {
    EXPECT_TRUE(is_read(operation)) << operation;
  }
}

INSTANTIATE_TEST_SUITE_P(DiscoverAndPlan, BadInputTest, ::testing::ValuesIn(kCases),
                         [](const auto& case_info) { return case_info.param.name; });

}  // namespace
}  // namespace ddbmv::testing
