// ddbmv tried as a new user would, through the binary: --help says what each command does; settings
// come from where the AWS CLI takes them; --debug logs one line per AWS call and never a secret.

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>

#include "integration/discover_plan_scenario.h"
#include "integration/sandbox_environment.h"

namespace ddbmv::testing {
namespace {

using nlohmann::json;

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream stream(text);
  for (std::string line; std::getline(stream, line);)
    lines.push_back(line);
  return lines;
}

/// Each subcommand and words its --help must use to say what it does.
const std::vector<std::pair<std::string, std::vector<std::string>>> kCommands = {
    {"discover", {"Find tables", "Lambda", "Read-only"}},
    {"plan", {"rename rules", "spec", "plan.json", "Read-only"}},
    {"apply", {"Carry out an approved plan", "copy", "cutover", "continues where it stopped"}},
    {"status", {"done", "failed", "pending"}},
    {"rollback", {"Undo a migration", "point every function back"}},
    {"decommission", {"observation window", "final", "delete"}},
};

TEST(Cli, HelpSaysWhatDdbmvAndEachCommandDo) {
  const auto top = sandbox().run_ddbmv({"--help"});
  EXPECT_EQ(top.exit_code, 0);
  EXPECT_NE(top.out.find("ddbmv renames Amazon DynamoDB tables"), std::string::npos) << top.out;
  EXPECT_NE(top.out.find("ddbmv COMMAND --help"), std::string::npos) << top.out;
  for (const auto& [command, words] : kCommands) {
    // Listed with its description.
    const std::regex listed("\n  " + command + " +[A-Z][^\n]{30,}");
    EXPECT_TRUE(std::regex_search(top.out, listed)) << command << " is not described in:\n" << top.out;

    const auto help = sandbox().run_ddbmv({command, "--help"});
    EXPECT_EQ(help.exit_code, 0) << command;
    EXPECT_NE(help.out.find("Usage: ddbmv " + command + " [OPTIONS]"), std::string::npos) << help.out;
    for (const auto& word : words) {
      EXPECT_NE(help.out.find(word), std::string::npos) << command << " --help lacks '" << word << "':\n"
                                                        << help.out;
    }
  }
}

TEST(Cli, NoCommandSaysOneIsNeededInOneLine) {
  const auto run = sandbox().run_ddbmv({});
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("A subcommand is required"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("--help"), std::string::npos) << run.err;
  EXPECT_LE(lines_of(run.err).size(), 2u) << run.err;
}

/// A config file with one profile that has a region and no keys.
std::string config_with_profile_dev() {
  const std::string path = sandbox().make_temp_dir("config") + "/config";
  std::ofstream(path) << "[profile dev]\nregion = " << sandbox().region() << "\n";
  return path;
}

TEST(Cli, AwsProfileInTheEnvironmentLeavesTheEnvironmentsKeysInUse) {
  sandbox().reset("ai-nexus-dev.json");
  // As in the AWS CLI: AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY outrank AWS_PROFILE's files...
  const EnvironmentMap env = {{"AWS_CONFIG_FILE", config_with_profile_dev()},
                              {"AWS_PROFILE", "dev"},
                              {"AWS_REGION", ""},
                              {"AWS_DEFAULT_REGION", ""}};
  const auto run = sandbox().run_ddbmv({"discover", "--prefix", "ai-nexus-dev-stripe-"}, env);
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("4 tables selected"), std::string::npos) << run.out;
  // ...but a profile named with --profile outranks them, and this one has no keys.
  const auto named =
      sandbox().run_ddbmv({"--profile", "dev", "discover", "--prefix", "ai-nexus-dev-stripe-"}, env);
  EXPECT_EQ(named.exit_code, 2);
  EXPECT_TRUE(named.err.starts_with("ddbmv: no AWS credentials found")) << named.err;
  EXPECT_NE(named.err.find("profile 'dev' has none"), std::string::npos) << named.err;
}

TEST(Cli, DebugLogsOneLinePerAwsCallAndNeverASecret) {
  sandbox().reset("ai-nexus-dev.json");
  // Some DescribeTable calls throttled, so that retries show as attempts.
  sandbox().set_faults({{"throttleRate", 0.4}, {"operations", {"DescribeTable"}}, {"seed", 3}});
  const auto run = sandbox().run_ddbmv({"--debug", "discover", "--prefix", "ai-nexus-dev-stripe-"},
                                       {{"AWS_SESSION_TOKEN", kSessionToken}});
  ASSERT_EQ(run.exit_code, 0) << run.err;

  const std::regex line_format(
      R"(debug: (dynamodb|streams\.dynamodb|lambda) [A-Z][A-Za-z]+ -> (HTTP \d{3}( [A-Za-z]+)?|[A-Za-z]+) )"
      R"(attempt \d+/\d+ \d+ ms(, retrying in \d+ ms)?)");
  std::size_t debug_lines = 0, retries = 0;
  for (const auto& line : lines_of(run.err)) {
    ASSERT_TRUE(std::regex_match(line, line_format)) << "not a debug line: " << line;
    ++debug_lines;
    retries += line.find(", retrying in") != std::string::npos ? 1 : 0;
  }
  std::size_t calls = 0;
  const json requests = sandbox().stats().at("requests");
  for (const auto& [operation, count] : requests.items())
    calls += count.get<std::size_t>();
  EXPECT_EQ(debug_lines, calls) << run.err;
  EXPECT_GT(retries, 0u) << run.err;
  EXPECT_NE(run.err.find("DescribeTable -> HTTP 400 ProvisionedThroughputExceededException attempt 1/"),
            std::string::npos)
      << run.err;

  for (const auto& secret : secret_values()) {
    EXPECT_EQ(run.err.find(secret), std::string::npos) << "--debug printed " << secret;
  }
  for (const auto* header : {"Authorization", "X-Amz-Security-Token",
                             "Signature=", "Credential=", sandbox().access_key_id().c_str()}) {
    EXPECT_EQ(run.err.find(header), std::string::npos) << "--debug printed " << header;
  }
}

}  // namespace
}  // namespace ddbmv::testing
