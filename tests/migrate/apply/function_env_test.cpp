#include "migrate/apply/function_env.h"

#include <gtest/gtest.h>

#include "migrate/journal/journal_steps.h"

namespace ddbmv::migrate {
namespace {

using nlohmann::json;

FunctionPlan two_table_webhook() {
  FunctionPlan function;
  function.name = "webhook";
  function.changes = {
      {"TABLE_CUSTOMERS", "old-customers", "new-customers", ReferenceKind::kTableName, "old-customers"},
      {"TABLE_INVOICES", "old-invoices", "new-invoices", ReferenceKind::kTableName, "old-invoices"}};
  return function;
}

const NewValues kNew = {{"TABLE_CUSTOMERS", "new-customers"}, {"TABLE_INVOICES", "new-invoices"}};

TEST(FunctionEnv, AllOldMeansCutoverToDo) {
  const lambda::Environment env = {
      {"TABLE_CUSTOMERS", "old-customers"}, {"TABLE_INVOICES", "old-invoices"}, {"SECRET", "s"}};
  EXPECT_EQ(check_planned_variables(two_table_webhook(), kNew, env).state, PlannedVariablesState::kOld);
}

TEST(FunctionEnv, AllNewMeansCutoverDone) {
  const lambda::Environment env = {{"TABLE_CUSTOMERS", "new-customers"}, {"TABLE_INVOICES", "new-invoices"}};
  EXPECT_EQ(check_planned_variables(two_table_webhook(), kNew, env).state, PlannedVariablesState::kNew);
}

TEST(FunctionEnv, AnythingElseIsAConflictNamingTheVariables) {
  const lambda::Environment mixed = {{"TABLE_CUSTOMERS", "new-customers"},
                                     {"TABLE_INVOICES", "old-invoices"}};
  EXPECT_EQ(check_planned_variables(two_table_webhook(), kNew, mixed).state,
            PlannedVariablesState::kConflict);
  const lambda::Environment foreign = {{"TABLE_CUSTOMERS", "other"}, {"TABLE_INVOICES", "old-invoices"}};
  const auto check = check_planned_variables(two_table_webhook(), kNew, foreign);
  EXPECT_EQ(check.state, PlannedVariablesState::kConflict);
  EXPECT_EQ(check.unexpected, std::vector<std::string>{"TABLE_CUSTOMERS"});
  const lambda::Environment removed = {{"TABLE_INVOICES", "old-invoices"}};
  EXPECT_EQ(check_planned_variables(two_table_webhook(), kNew, removed).state,
            PlannedVariablesState::kConflict);
}

TEST(FunctionEnv, NewEnvironmentChangesOnlyThePlannedVariables) {
  const lambda::Environment env = {{"TABLE_CUSTOMERS", "old-customers"},
                                   {"TABLE_INVOICES", "old-invoices"},
                                   {"STRIPE_SECRET_KEY", "sk_test_\xc3\xa9 \"quoted\""},
                                   {"EVENTBRIDGE_BUS_NAME", "bus"}};
  const auto updated = with_new_values(env, kNew);
  EXPECT_EQ(updated.at("TABLE_CUSTOMERS"), "new-customers");
  EXPECT_EQ(updated.at("TABLE_INVOICES"), "new-invoices");
  EXPECT_EQ(updated.at("STRIPE_SECRET_KEY"), env.at("STRIPE_SECRET_KEY"));
  EXPECT_EQ(updated.at("EVENTBRIDGE_BUS_NAME"), "bus");
  EXPECT_EQ(updated.size(), env.size());
}

TEST(FunctionEnv, StreamArnChangeTakesTheCreatedTablesStream) {
  Plan plan;
  TablePlan table;
  table.source = "old-customers";
  table.target = "new-customers";
  plan.tables.push_back(table);
  FunctionPlan function;
  function.name = "consumer";
  function.changes = {{"STREAM", "arn:old/stream/1", "", ReferenceKind::kStreamArn, "old-customers"}};
  EXPECT_FALSE(resolve_new_values(plan, function, {}));
  const auto values = resolve_new_values(plan, function, {{"new-customers", "arn:new/stream/2"}});
  ASSERT_TRUE(values);
  EXPECT_EQ(values->at("STREAM"), "arn:new/stream/2");
}

TEST(FunctionEnv, StreamArnsComeFromTheJournalsCreateResults) {
  Plan plan;
  TablePlan table;
  table.source = "old-customers";
  table.target = "new-customers";
  plan.tables.push_back(table);
  JournalState state;
  fold_record(state, {1,
                      "t",
                      steps::create_table("new-customers"),
                      JournalEvent::kDone,
                      {{"stream_arn", "arn:new/stream/2"}}});
  EXPECT_EQ(created_stream_arns(plan, state).at("new-customers"), "arn:new/stream/2");
}

TEST(FunctionEnv, UnplannedChangesIgnoreWhatAnUpdateAlwaysChanges) {
  const json before = {
      {"FunctionName", "webhook"},
      {"RevisionId", "r1"},
      {"LastModified", "a"},
      {"KMSKeyArn", "arn:kms:1"},
      {"Timeout", 30},
      {"Environment",
       {{"Variables",
         {{"TABLE_CUSTOMERS", "old-customers"}, {"TABLE_INVOICES", "old-invoices"}, {"S", "x"}}}}}};
  json after = before;
  after["RevisionId"] = "r2";
  after["LastModified"] = "b";
  after["LastUpdateStatus"] = "Successful";
  after["Environment"]["Variables"]["TABLE_CUSTOMERS"] = "new-customers";
  after["Environment"]["Variables"]["TABLE_INVOICES"] = "new-invoices";
  EXPECT_TRUE(unplanned_changes(before, after, kNew).empty());

  json lost_key = after;
  lost_key.erase("KMSKeyArn");
  lost_key["Environment"]["Variables"]["S"] = "y";
  EXPECT_EQ(unplanned_changes(before, lost_key, kNew),
            (std::vector<std::string>{"KMSKeyArn", "Environment.Variables.S"}));
}

TEST(FunctionEnv, VariablesRecordHoldsOnlyTableNames) {
  const auto record = variables_record(two_table_webhook(), kNew);
  EXPECT_EQ(record["TABLE_CUSTOMERS"]["old"], "old-customers");
  EXPECT_EQ(record["TABLE_CUSTOMERS"]["new"], "new-customers");
  EXPECT_EQ(record.size(), 2U);
}

}  // namespace
}  // namespace ddbmv::migrate
