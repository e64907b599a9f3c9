#include "migrate/decommission/decommission_plan.h"

#include <gtest/gtest.h>

#include "migrate/journal/step_names.h"
#include "migrate/streams/replication_checkpoint.h"
#include "support/journal_fixture.h"

namespace ddbmv::migrate {
namespace {

std::vector<std::string> steps_of(const std::vector<DecommissionAction>& actions) {
  std::vector<std::string> out;
  for (const auto& action : actions)
    out.push_back(action.step);
  return out;
}

struct DecommissionPlanTest : ::testing::Test {
  Plan plan = testing::two_table_plan();
  testing::JournalBuilder journal{plan};
  std::vector<RetiringTable> retiring;
  std::vector<const RetiringTable*> remaining;

  void SetUp() override {
    journal.through_validate(plan);
    for (const auto& table : plan.tables) {
      RetiringTable one;
      one.table = &table;
      one.backup_name = "final-" + table.source;
      retiring.push_back(std::move(one));
    }
    for (const auto& table : retiring)
      remaining.push_back(&table);
  }
  void capture(const std::string& target, bool enabled_by_us) {
    journal.done(steps::cutover_capture(target),
                 to_json(StreamStart{target, "arn:" + target + "/stream/1", "NEW_AND_OLD_IMAGES",
                                     enabled_by_us, std::nullopt}));
  }
};

TEST_F(DecommissionPlanTest, BacksUpEveryOldTableBeforeDeletingAny) {
  const auto actions = plan_decommission(plan, journal.state(), remaining);
  EXPECT_EQ(steps_of(actions), (std::vector<std::string>{
                                   "decommission.backup/old-customers", "decommission.backup/old-invoices",
                                   "decommission.delete/old-customers", "decommission.delete/old-invoices"}));
  EXPECT_EQ(actions[0].describe(), "back up old-customers as final-old-customers (waited until AVAILABLE)");
}

TEST_F(DecommissionPlanTest, TurnsOffOnlyTheCaptureStreamsDdbmvEnabledAndLast) {
  capture("new-customers", true);
  capture("new-invoices", false);  // the table had a stream of its own: left on
  const auto actions = plan_decommission(plan, journal.state(), remaining);
  ASSERT_EQ(actions.size(), 5u);
  EXPECT_EQ(actions.back().kind, DecommissionActionKind::kStreamOff);
  EXPECT_EQ(actions.back().step, "decommission.stream-off/new-customers");
  EXPECT_EQ(actions.back().stream.stream_arn, "arn:new-customers/stream/1");
}

TEST_F(DecommissionPlanTest, LeavesOutWhatAnEarlierRunFinished) {
  capture("new-customers", true);
  journal.done(steps::decommission_stream_off("new-customers"));
  remaining.erase(remaining.begin());  // old-customers deleted earlier
  EXPECT_EQ(
      steps_of(plan_decommission(plan, journal.state(), remaining)),
      (std::vector<std::string>{"decommission.backup/old-invoices", "decommission.delete/old-invoices"}));
}

}  // namespace
}  // namespace ddbmv::migrate
