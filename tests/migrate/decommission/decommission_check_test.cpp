#include "migrate/decommission/decommission_check.h"

#include <gtest/gtest.h>

#include "support/journal_fixture.h"
#include "util/time_format.h"

namespace ddbmv::migrate {
namespace {

using namespace std::chrono_literals;
using testing::JournalBuilder;
using testing::two_table_plan;

/// The fixture's cutover finishes within the first hours of 2026-11-25.
ManualClock clock_at(const char* iso) {
  return ManualClock(*parse_iso8601(iso));
}

TEST(DecommissionCheck, RefusesInsideTheWindowNamingWhenItOpens) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.through_validate(plan);
  ManualClock clock = clock_at("2026-11-26T12:00:00Z");

  auto check = check_decommission(plan, journal.state(), clock.now(), kDefaultObservationWindow, "plan.json");
  ASSERT_FALSE(check);
  EXPECT_EQ(check.error().code, "ObservationWindow");
  EXPECT_NE(check.error().message.find("7d"), std::string::npos);
  EXPECT_NE(check.error().message.find("2026-12-02"), std::string::npos);
  EXPECT_NE(check.error().hint.find("--after"), std::string::npos);

  clock.advance(7 * 24h);
  check = check_decommission(plan, journal.state(), clock.now(), kDefaultObservationWindow, "plan.json");
  ASSERT_TRUE(check) << check.error().message;
  ASSERT_EQ(check->tables.size(), 2u);
  EXPECT_EQ(check->tables[0].table->source, "old-customers");
  EXPECT_EQ(check->tables[0].at_cutover.count, 10);
  EXPECT_EQ(check->tables[0].at_cutover.digest, std::string(64, 'b'));
  EXPECT_EQ(check->tables[0].backup_name, "old-customers-ddbmv-final-mv-0123456789ab");
  EXPECT_FALSE(check->tables[0].deleted);
}

TEST(DecommissionCheck, AShorterWindowOpensEarlierAndZeroOpensAtOnce) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.through_cutover(plan);
  const ManualClock clock = clock_at("2026-11-25T20:00:00Z");
  EXPECT_FALSE(check_decommission(plan, journal.state(), clock.now(), 36h, "plan.json"));
  EXPECT_TRUE(check_decommission(plan, journal.state(), clock.now(), 1h, "plan.json"));
  EXPECT_TRUE(check_decommission(plan, journal.state(), clock.now(), 0s, "plan.json"));
}

TEST(DecommissionCheck, RefusesBeforeTheCutoverIsComplete) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.through_copy(plan);
  journal.done(steps::cutover_function("webhook"));
  const ManualClock clock = clock_at("2027-01-01T00:00:00Z");
  auto check = check_decommission(plan, journal.state(), clock.now(), 0s, "plan.json");
  ASSERT_FALSE(check);
  EXPECT_EQ(check.error().code, "CutoverIncomplete");
}

TEST(DecommissionCheck, RefusesAfterARollback) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.through_validate(plan);
  journal.done(std::string(steps::kRollback));
  const ManualClock clock = clock_at("2027-01-01T00:00:00Z");
  auto check = check_decommission(plan, journal.state(), clock.now(), 0s, "plan.json");
  ASSERT_FALSE(check);
  EXPECT_EQ(check.error().code, "RolledBack");
  EXPECT_NE(check.error().hint.find("--delete-new-tables"), std::string::npos);
}

TEST(DecommissionCheck, RefusesWithoutTheOldTablesFingerprintAtCutover) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.through_copy(plan);
  for (const auto& function : plan.functions) {
    journal.done(steps::cutover_function(function.name));
  }
  const ManualClock clock = clock_at("2027-01-01T00:00:00Z");
  auto check = check_decommission(plan, journal.state(), clock.now(), 0s, "plan.json");
  ASSERT_FALSE(check);
  EXPECT_EQ(check.error().code, "NoCutoverFingerprint");
  EXPECT_NE(check.error().message.find("old-customers"), std::string::npos);
}

TEST(DecommissionCheck, ResumedDecommissionKnowsWhatIsAlreadyDeleted) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.through_validate(plan);
  journal.add(std::string(steps::kDecommission), JournalEvent::kIntent);
  journal.done(steps::decommission_backup("old-customers"), {{"backup_arn", "arn:backup/final"}});
  journal.done(steps::decommission_delete("old-customers"));
  const ManualClock clock = clock_at("2027-01-01T00:00:00Z");
  auto check = check_decommission(plan, journal.state(), clock.now(), kDefaultObservationWindow, "plan.json");
  ASSERT_TRUE(check);
  EXPECT_TRUE(check->tables[0].deleted);
  EXPECT_EQ(check->tables[0].backup_arn, "arn:backup/final");
  EXPECT_FALSE(check->tables[1].deleted);
  EXPECT_FALSE(check->finished);
}

}  // namespace
}  // namespace ddbmv::migrate

namespace ddbmv::migrate {
namespace {

TEST(DecommissionCheck, WindowCountsFromApplysCutoverCompleteTime) {
  const Plan plan = testing::two_table_plan();
  testing::JournalBuilder journal(plan);
  journal.through_cutover(plan);
  journal.done("cutover.complete", {{"cutover_time", "2026-11-30T00:00:00.000Z"}});
  const ManualClock clock(*parse_iso8601("2026-12-06T00:00:00Z"));
  auto check = check_decommission(plan, journal.state(), clock.now(), kDefaultObservationWindow, "plan.json");
  ASSERT_FALSE(check);
  EXPECT_NE(check.error().message.find("2026-12-07T00:00:00"), std::string::npos);
}

}  // namespace
}  // namespace ddbmv::migrate
