/// run_decommission through the control-plane seams (dynamodb::Tables, lambda::Functions) and the data
/// plane's (TableDataPlane): what it refuses, what a dry run leaves alone, and the order it retires in.

#include "migrate/decommission/decommission.h"

#include <gtest/gtest.h>

#include "migrate/journal/journal_steps.h"
#include "migrate/journal/journal_storage.h"
#include "migrate/journal/step_names.h"
#include "migrate/verify/verify.h"
#include "support/fake_functions.h"
#include "support/fake_table_plane.h"
#include "support/fake_tables.h"
#include "support/journal_fixture.h"
#include "support/manual_clock.h"
#include "util/time_format.h"

namespace ddbmv::migrate {
namespace {

using ddbmv::testing::FakeFunctions;
using ddbmv::testing::FakeTablePlane;
using ddbmv::testing::FakeTables;
using ddbmv::testing::ManualClock;

struct DecommissionTest : ::testing::Test {
  Plan plan = testing::two_table_plan();
  FakeTables tables;
  FakeFunctions functions;
  FakeTablePlane plane;
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(*parse_iso8601("2026-12-10T00:00:00Z"));
  std::unique_ptr<Journal> journal;

  void SetUp() override {
    for (const auto& table : plan.tables) {
      tables.add(table.source);
      tables.add(table.target);
      plane.create(table.source);
      testing::fill(plane, table.source, 20);
    }
    functions.add("webhook", {{"TABLE_CUSTOMERS", "new-customers"}, {"TABLE_INVOICES", "new-invoices"}});
    functions.add("list-invoices", {{"TABLE_INVOICES", "new-invoices"}});
    auto opened = Journal::open(
        std::make_unique<MemoryJournalStorage>(),
        JournalHeader{plan_digest(plan), plan.migration_id, "0.1.0", "2026-11-30T00:00:00.000Z"}, clock);
    ASSERT_TRUE(opened) << opened.error().message;
    journal = std::move(*opened);
    for (const auto& table : plan.tables) {
      auto fingerprint = fingerprint_table(plane, table.source, VerifyOptions{});
      ASSERT_TRUE(fingerprint) << fingerprint.error().message;
      done(steps::cutover_fingerprint(table.source),
           {{"table", table.source}, {"count", fingerprint->count}, {"digest", fingerprint->digest}});
    }
    for (const auto& function : plan.functions)
      done(steps::cutover_function(function.name), Json::object());
    done(std::string(steps::kCutoverComplete), {{"cutover_time", "2026-12-01T00:00:00.000Z"}});
  }
  void done(const std::string& step, Json result) {
    ASSERT_TRUE(journal->intent(step));
    ASSERT_TRUE(journal->done(step, std::move(result)));
  }
  Result<DecommissionReport> run(bool dry_run = false) {
    const DecommissionServices services{tables, functions, plane, *clock, nullptr, {}};
    DecommissionOptions options;
    options.dry_run = dry_run;
    return run_decommission(plan, journal->state(), journal.get(), services, options, clock->now(),
                            "plan.json");
  }
};

TEST_F(DecommissionTest, BacksUpEveryOldTableBeforeDeletingAnyAndKeepsTheNewOnes) {
  auto report = run();
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(tables.changes(),
            (std::vector<std::string>{"CreateBackup old-customers", "CreateBackup old-invoices",
                                      "DeleteTable old-customers", "DeleteTable old-invoices"}));
  EXPECT_FALSE(tables.exists("old-customers"));
  EXPECT_TRUE(tables.exists("new-customers"));
  EXPECT_TRUE(journal->is_done(steps::kDecommission));
  ASSERT_EQ(report->tables.size(), 2u);
  EXPECT_TRUE(report->tables[0].deleted);
  EXPECT_FALSE(report->tables[0].backup_arn.empty());
}

TEST_F(DecommissionTest, RefusesWhenAnOldTableWasWrittenSinceTheCutover) {
  plane.put("old-invoices", Json{{"pk", {{"S", "written-after-cutover"}}}});
  auto report = run();
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, "WritesSinceCutover");
  EXPECT_NE(report.error().message.find("old-invoices"), std::string::npos);
  EXPECT_TRUE(tables.changes().empty());
}

TEST_F(DecommissionTest, RefusesWhileAFunctionStillNamesAnOldTable) {
  functions.add("reporter", {{"REPORT_TABLE", "old-customers"}});
  auto report = run();
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, "StillReferenced");
  EXPECT_NE(report.error().message.find("reporter"), std::string::npos);
  EXPECT_TRUE(tables.changes().empty());
}

TEST_F(DecommissionTest, DryRunListsWhatItWouldDoAndChangesNothing) {
  auto report = run(/*dry_run=*/true);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_TRUE(report->dry_run);
  EXPECT_EQ(report->actions.size(), 4u);
  EXPECT_TRUE(tables.changes().empty());
  EXPECT_EQ(journal->state().find(steps::kDecommission), nullptr);
}

TEST_F(DecommissionTest, TurnsOffTheOldTablesDeletionProtectionFirst) {
  tables.add("old-customers", /*deletion_protection=*/true);
  ASSERT_TRUE(run());
  const auto changes = tables.changes();
  const auto off = std::ranges::find(changes, "UpdateTable old-customers");
  const auto deleted = std::ranges::find(changes, "DeleteTable old-customers");
  ASSERT_NE(off, changes.end());
  EXPECT_LT(off, deleted);
  EXPECT_FALSE(tables.exists("old-customers"));
}

}  // namespace
}  // namespace ddbmv::migrate
