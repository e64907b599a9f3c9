#include "migrate/control/waiters.h"

#include <gtest/gtest.h>

#include "util/time_format.h"

namespace ddbmv::migrate {
namespace {

TEST(Waiters, PollsWithGrowingDelaysUntilDone) {
  ManualClock clock(*parse_iso8601("2026-11-25T16:00:00Z"));
  const auto start = clock.now();
  int calls = 0;
  PollPolicy policy{std::chrono::milliseconds(100), std::chrono::milliseconds(1000), 2.0,
                    std::chrono::minutes(1)};
  auto result = poll_until(clock, policy, "x", [&]() -> Result<bool> { return ++calls == 4; });
  ASSERT_TRUE(result);
  EXPECT_EQ(calls, 4);
  EXPECT_EQ(clock.now() - start, std::chrono::milliseconds(100 + 200 + 400));
}

TEST(Waiters, GivesUpAtTheTimeoutNamingWhatItWaitedFor) {
  ManualClock clock(*parse_iso8601("2026-11-25T16:00:00Z"));
  PollPolicy policy{std::chrono::milliseconds(100), std::chrono::milliseconds(1000), 2.0,
                    std::chrono::seconds(10)};
  auto result = poll_until(clock, policy, "table t to become ACTIVE", []() -> Result<bool> { return false; });
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "Timeout");
  EXPECT_NE(result.error().message.find("table t to become ACTIVE"), std::string::npos);
}

TEST(Waiters, TableIsActiveOnlyWithEveryIndexActive) {
  nlohmann::json table = {{"TableStatus", "ACTIVE"},
                          {"GlobalSecondaryIndexes", {{{"IndexName", "a"}, {"IndexStatus", "CREATING"}}}}};
  EXPECT_FALSE(table_and_indexes_active(table));
  table["GlobalSecondaryIndexes"][0]["IndexStatus"] = "ACTIVE";
  EXPECT_TRUE(table_and_indexes_active(table));
  table["TableStatus"] = "CREATING";
  EXPECT_FALSE(table_and_indexes_active(table));
}

}  // namespace
}  // namespace ddbmv::migrate
