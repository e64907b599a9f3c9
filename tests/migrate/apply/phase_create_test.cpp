/// create's first step through the DynamoDB control-plane seam (dynamodb::Tables).

#include <gtest/gtest.h>

#include "migrate/apply/phases.h"
#include "migrate/journal/step_names.h"
#include "support/apply_fixture.h"

namespace ddbmv::migrate {
namespace {

struct CreateTest : testing::ApplyFixture {
  int creates_of(const std::string& table) const {
    return static_cast<int>(std::ranges::count(tables.calls(), "CreateTable " + table));
  }
  std::string arn_of(const std::string& table) const {
    return "arn:aws:dynamodb:us-east-1:000000000000:table/" + table;
  }
};

TEST_F(CreateTest, CreatesEveryTargetFromItsSpecAndRecordsItAsThisMigrations) {
  ASSERT_TRUE(run(create_tables, Phase::kCreate));
  for (const auto& table : plan.tables) {
    EXPECT_TRUE(tables.exists(table.target));
    EXPECT_EQ(status_of(steps::create_table(table.target)), StepStatus::kDone);
    EXPECT_EQ(journal->result_of(steps::create_table(table.target)).value("created_by_migration", ""),
              plan.migration_id);
  }
  EXPECT_NE(changes_storage->content().find("dynamodb:CreateTable"), std::string::npos);
}

TEST_F(CreateTest, AdoptsATargetThisMigrationCreatedInAStoppedRun) {
  tables.add("new-customers");
  ASSERT_TRUE(
      tables.tag_resource(arn_of("new-customers"), {{std::string(kTagMigrationId), plan.migration_id}}));
  ASSERT_TRUE(run(create_tables, Phase::kCreate));
  EXPECT_EQ(creates_of("new-customers"), 0);
  EXPECT_EQ(creates_of("new-invoices"), 1);
  EXPECT_EQ(status_of(steps::create_table("new-customers")), StepStatus::kDone);
}

TEST_F(CreateTest, RefusesATargetSomeoneElseCreated) {
  tables.add("new-customers");
  auto created = run(create_tables, Phase::kCreate);
  ASSERT_FALSE(created);
  EXPECT_EQ(created.error().code, "TargetExists");
  EXPECT_NE(created.error().message.find("new-customers"), std::string::npos);
  EXPECT_EQ(creates_of("new-customers"), 0);
  EXPECT_EQ(status_of(steps::create_table("new-customers")), StepStatus::kFailed);
}

TEST_F(CreateTest, WaitsAndRetriesWhileTooManyTablesAreCreating) {
  tables.fail_next("CreateTable", "LimitExceededException");
  const auto before = clock->now();
  ASSERT_TRUE(run(create_tables, Phase::kCreate));
  EXPECT_EQ(creates_of("new-customers"), 2);
  EXPECT_GT(clock->now(), before);
  EXPECT_TRUE(tables.exists("new-customers"));
}

}  // namespace
}  // namespace ddbmv::migrate
