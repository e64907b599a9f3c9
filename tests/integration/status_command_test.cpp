// `ddbmv status` through the binary as a migration proceeds — never applied, stopped after the copy,
// killed in the cutover, applied, rolled back: per phase, table and function what is done, running or
// pending, with the copy's progress and the next step, as text and as JSON. It never calls AWS.

#include <gtest/gtest.h>

#include "integration/seed_migration.h"

namespace ddbmv::testing {
namespace {

using nlohmann::json;

json status_json(const std::string& plan) {
  sandbox().wait_until_quiet();  // a killed apply's last requests may still be on their way
  sandbox().reset_stats();
  const auto run = sandbox().run_ddbmv({"status", plan, "--output", "json"});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  EXPECT_TRUE(sandbox().stats().value("requests", json::object()).empty()) << "status called AWS";
  return json::parse(run.out, nullptr, false);
}

std::string status_text(const std::string& plan) {
  const auto run = sandbox().run_ddbmv({"status", plan});
  EXPECT_EQ(run.exit_code, 0) << run.out << run.err;
  return run.out;
}

/// phase name -> state.
std::map<std::string, std::string> phase_states(const json& status) {
  std::map<std::string, std::string> out;
  for (const auto& phase : status.at("phases"))
    out[phase.at("phase")] = phase.at("state");
  return out;
}

const json& function_of(const json& status, const std::string& name) {
  for (const auto& function : status.at("functions")) {
    if (function.at("name") == name)
      return function;
  }
  throw std::runtime_error("no function " + name);
}

TEST(StatusCommand, SaysAPlanNeverAppliedHasNotBeenAndHowToApplyIt) {
  const std::string plan = fresh_seed_plan();
  const json status = status_json(plan);
  EXPECT_FALSE(status.value("applied", true));
  EXPECT_NE(status.value("next_action", "").find("ddbmv apply " + plan), std::string::npos) << status.dump(2);
  const std::string text = status_text(plan);
  EXPECT_NE(text.find("not applied"), std::string::npos) << text;
}

TEST(StatusCommand, ShowsEachPhaseTableAndFunctionAsTheMigrationProceeds) {
  const std::string plan = fresh_seed_plan();
  auto clients = sandbox().make_clients();
  std::map<std::string, std::size_t> items;
  for (const auto& table : seed_old_tables())
    items[table] = items_of(clients, table).size();

  // Stopped after the copy.
  ASSERT_EQ(apply_seed_plan(plan, {}, {"--until", "copy"}).exit_code, 0);
  json status = status_json(plan);
  EXPECT_EQ(phase_states(status), (std::map<std::string, std::string>{{"prepare", "done"},
                                                                      {"create", "done"},
                                                                      {"copy", "done"},
                                                                      {"cutover", "pending"},
                                                                      {"validate", "pending"}}));
  for (const auto& table : status.at("tables")) {
    SCOPED_TRACE(table.dump());
    EXPECT_EQ(table.at("create").at("state"), "done");
    EXPECT_EQ(table.at("copy").at("state"), "done");
    EXPECT_EQ(table.at("copy_progress").at("items_copied"), items.at(table.at("source")));
    EXPECT_TRUE(table.at("copy").contains("finished_at"));
  }
  EXPECT_EQ(function_of(status, kWebhook).at("cutover").at("state"), "pending");
  EXPECT_NE(status.value("next_action", "").find("cutover phase: ddbmv apply"), std::string::npos)
      << status.dump(2);
  std::string text = status_text(plan);
  EXPECT_NE(text.find("cutover       pending"), std::string::npos) << text;
  EXPECT_NE(text.find("next: continue with the cutover phase"), std::string::npos) << text;

  // Killed while re-pointing the first function: that step and its phase are running.
  ASSERT_EQ(apply_seed_plan(
                plan, {{"DDBMV_TEST_CRASH_AFTER", std::string("cutover.function/") + kWebhook + "@intent"}})
                .exit_code,
            137);
  status = status_json(plan);
  EXPECT_EQ(phase_states(status).at("cutover"), "running");
  EXPECT_EQ(function_of(status, kWebhook).at("cutover").at("state"), "running");
  EXPECT_NE(status.value("next_action", "").find("interrupted"), std::string::npos) << status.dump(2);

  // Applied: every phase done, the cutover time, decommission after the window as the next step.
  ASSERT_EQ(apply_seed_plan(plan).exit_code, 0);
  status = status_json(plan);
  for (const auto& [phase, state] : phase_states(status))
    EXPECT_EQ(state, "done") << phase;
  for (const auto& table : status.at("tables"))
    EXPECT_EQ(table.at("verify").at("state"), "done") << table.dump();
  EXPECT_TRUE(status.contains("cutover_at")) << status.dump(2);
  EXPECT_NE(status.value("next_action", "").find("ddbmv decommission " + plan), std::string::npos)
      << status.dump(2);
  text = status_text(plan);
  EXPECT_NE(text.find("cutover completed at"), std::string::npos) << text;

  // Rolled back: its own phase, each function's rollback done, what is left to do.
  ASSERT_EQ(sandbox().run_ddbmv({"rollback", plan, "--drain", "1s"}).exit_code, 0);
  status = status_json(plan);
  EXPECT_EQ(phase_states(status).at("rollback"), "done");
  EXPECT_EQ(function_of(status, kWebhook).at("rollback").at("state"), "done");
  EXPECT_NE(status.value("next_action", "").find("rolled back"), std::string::npos) << status.dump(2);
  EXPECT_NE(status.value("next_action", "").find("--delete-new-tables"), std::string::npos) << status.dump(2);
  text = status_text(plan);
  EXPECT_NE(text.find("rollback done"), std::string::npos) << text;
}

}  // namespace
}  // namespace ddbmv::testing
