/// prepare's steps through the DynamoDB control-plane seam (dynamodb::Tables).

#include <gtest/gtest.h>

#include "migrate/apply/phases.h"
#include "migrate/journal/step_names.h"
#include "support/apply_fixture.h"

namespace ddbmv::migrate {
namespace {

struct PrepareTest : testing::ApplyFixture {
  void SetUp() override {
    ApplyFixture::SetUp();
    for (const auto& table : plan.tables)
      tables.add(table.source);
  }
  bool pitr_on(const std::string& table) const {
    return tables.describe_continuous_backups(table)
               .value()["PointInTimeRecoveryDescription"]["PointInTimeRecoveryStatus"] == "ENABLED";
  }
};

TEST_F(PrepareTest, TurnsPitrOnAndRecordsThatItWasOffForRollback) {
  ASSERT_TRUE(run(prepare_pitr));
  EXPECT_TRUE(pitr_on("old-customers"));
  const auto result = journal->result_of(steps::prepare_pitr("old-customers"));
  EXPECT_FALSE(result.value("previous", true));
  EXPECT_TRUE(result.value("changed", false));
  EXPECT_NE(changes_storage->content().find("UpdateContinuousBackups"), std::string::npos);
}

TEST_F(PrepareTest, LeavesPitrThatWasOnAndRecordsSo) {
  ASSERT_TRUE(tables.update_continuous_backups("old-customers", true));
  ASSERT_TRUE(run(prepare_pitr));
  EXPECT_TRUE(journal->result_of(steps::prepare_pitr("old-customers")).value("previous", false));
  EXPECT_FALSE(journal->result_of(steps::prepare_pitr("old-customers")).value("changed", true));
  EXPECT_EQ(std::ranges::count(tables.calls(), std::string("UpdateContinuousBackups old-customers")), 1);
}

TEST_F(PrepareTest, TakesOneAvailableBackupPerSourceNamedAfterTheMigration) {
  ASSERT_TRUE(run(prepare_backups));
  for (const auto& table : plan.tables) {
    const auto result = journal->result_of(steps::prepare_backup(table.source));
    EXPECT_EQ(result.value("status", ""), "AVAILABLE");
    EXPECT_NE(result.value("backup_name", "").find(plan.migration_id), std::string::npos);
    EXPECT_FALSE(result.value("reused", true));
  }
  EXPECT_EQ(std::ranges::count_if(tables.calls(),
                                  [](const auto& call) { return call.starts_with("CreateBackup"); }),
            2);
}

TEST_F(PrepareTest, ReusesTheBackupAStoppedRunTookInsteadOfTakingAnother) {
  ASSERT_TRUE(run(prepare_backups));
  const std::string name =
      journal->result_of(steps::prepare_backup("old-customers")).value("backup_name", "");
  // A run that stopped after CreateBackup: the backup exists, the journal does not say so.
  auto fresh = Journal::open(
      std::make_unique<MemoryJournalStorage>(),
      JournalHeader{plan_digest(plan), plan.migration_id, "0.1.0", "2026-11-25T16:00:00Z"}, clock);
  ASSERT_TRUE(fresh);
  journal = std::move(*fresh);
  ASSERT_TRUE(run(prepare_backups));
  EXPECT_TRUE(journal->result_of(steps::prepare_backup("old-customers")).value("reused", false));
  EXPECT_EQ(journal->result_of(steps::prepare_backup("old-customers")).value("backup_name", ""), name);
  EXPECT_EQ(std::ranges::count_if(tables.calls(),
                                  [](const auto& call) { return call.starts_with("CreateBackup"); }),
            2);  // the first run's two, no more
}

}  // namespace
}  // namespace ddbmv::migrate
