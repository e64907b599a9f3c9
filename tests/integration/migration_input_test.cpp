// Bad input to rollback, decommission, status and apply, through the binary: a plan never applied, the
// journal of another plan, a journal whose last line was cut, a journal line edited by hand. Each gets
// an error that names the file (and line), says why and what to do, a non-zero exit, and changes
// nothing: no mutating AWS call, the journal byte-identical, no file created.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "integration/seed_migration.h"

namespace ddbmv::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct Attempt {
  std::vector<std::string> args;
  int exit_code;
};

std::vector<Attempt> changing_commands(const std::string& plan) {
  return {{{"rollback", plan}, 2},
          {{"rollback", plan, "--delete-new-tables"}, 2},
          {{"decommission", plan, "--after", "0s"}, 2}};
}

std::set<std::string> files_in(const fs::path& directory) {
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(directory))
    names.insert(entry.path().filename().string());
  return names;
}

/// Runs each attempt and checks that it fails with `exit_code`, that stderr holds every one of
/// `expected` and a hint, and that nothing changed.
void expect_rejected(const std::string& plan, const std::vector<Attempt>& attempts,
                     const std::vector<std::string>& expected) {
  const fs::path directory = fs::path(plan).parent_path();
  const auto files = files_in(directory);
  const auto journal =
      fs::exists(directory / "journal.jsonl") ? read_text_file(directory / "journal.jsonl") : "";
  for (const auto& attempt : attempts) {
    SCOPED_TRACE(attempt.args[0] + " " + (attempt.args.size() > 2 ? attempt.args[2] : ""));
    sandbox().reset_stats();
    const auto run = sandbox().run_ddbmv(attempt.args);
    EXPECT_EQ(run.exit_code, attempt.exit_code) << run.out << run.err;
    for (const auto& text : expected) {
      EXPECT_NE(run.err.find(text), std::string::npos) << "no '" << text << "' in: " << run.err;
    }
    EXPECT_NE(run.err.find("hint: "), std::string::npos) << run.err;
    EXPECT_EQ(mutating_calls(), std::vector<std::string>{});
    EXPECT_EQ(files_in(directory), files);
    if (!journal.empty()) {
      EXPECT_EQ(read_text_file(directory / "journal.jsonl"), journal);
    }
  }
}

void write_file(const fs::path& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

TEST(MigrationInput, APlanNeverAppliedIsNotRolledBackOrDecommissioned) {
  const std::string plan = fresh_seed_plan();
  expect_rejected(plan, changing_commands(plan), {"has not been applied", plan, "journal.jsonl"});
}

TEST(MigrationInput, AJournalOfAnotherPlanIsRefusedByEveryCommand) {
  const std::string applied = fresh_seed_plan();
  ASSERT_EQ(apply_seed_plan(applied, {}, {"--until", "prepare"}).exit_code, 0);
  const std::string other = sandbox().make_temp_dir("other") + "/plan";
  ASSERT_EQ(sandbox()
                .run_ddbmv({"plan", "--rename", "ai-nexus-dev-stripe-*=other-stripe-*", "--out", other})
                .exit_code,
            0);
  const std::string plan = other + "/plan.json";
  fs::copy_file(fs::path(applied).parent_path() / "journal.jsonl", fs::path(other) / "journal.jsonl");
  auto attempts = changing_commands(plan);
  attempts.push_back({{"status", plan}, 2});
  attempts.push_back({{"apply", plan, "--yes"}, 2});
  expect_rejected(plan, attempts, {"belongs to another plan", "journal.jsonl"});
}

TEST(MigrationInput, AJournalWhoseLastLineWasCutIsNotActedOn) {
  const std::string plan = fresh_seed_plan();
  ASSERT_EQ(apply_seed_plan(plan, {}, {"--until", "prepare"}).exit_code, 0);
  const fs::path journal = fs::path(plan).parent_path() / "journal.jsonl";
  std::string text = read_text_file(journal);
  const auto lines = std::count(text.begin(), text.end(), '\n');
  text.resize(text.size() - 7);  // the end of the last record and its newline
  write_file(journal, text);
  expect_rejected(plan, changing_commands(plan),
                  {"line " + std::to_string(lines) + " is incomplete", "journal.jsonl", "truncate -s"});
  // status reads it, and says so.
  const auto status = sandbox().run_ddbmv({"status", plan});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("last line is incomplete"), std::string::npos) << status.out;
}

TEST(MigrationInput, AJournalLineEditedByHandIsRefusedByEveryCommand) {
  const std::string plan = fresh_seed_plan();
  ASSERT_EQ(apply_seed_plan(plan, {}, {"--until", "prepare"}).exit_code, 0);
  const fs::path journal = fs::path(plan).parent_path() / "journal.jsonl";
  std::string text = read_text_file(journal);
  // Pretend PITR was on before apply, so that rollback would leave it on.
  const auto at = text.find(R"("previous":false)");
  ASSERT_NE(at, std::string::npos) << text;
  const auto line = std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n') + 1;
  text.replace(at, std::string(R"("previous":false)").size(), R"("previous":true )");
  write_file(journal, text);
  auto attempts = changing_commands(plan);
  attempts.push_back({{"status", plan}, 2});
  attempts.push_back({{"apply", plan, "--yes"}, 2});
  expect_rejected(plan, attempts, {"journal.jsonl line " + std::to_string(line)});
}

}  // namespace
}  // namespace ddbmv::testing
