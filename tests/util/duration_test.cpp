#include "util/duration.h"

#include <gtest/gtest.h>

namespace ddbmv {
namespace {

using namespace std::chrono_literals;

TEST(Duration, ParsesDaysHoursMinutesSecondsAndSums) {
  EXPECT_EQ(parse_duration("7d").value(), 7 * 24h);
  EXPECT_EQ(parse_duration("36h").value(), 36h);
  EXPECT_EQ(parse_duration("90m").value(), 90min);
  EXPECT_EQ(parse_duration("0s").value(), 0s);
  EXPECT_EQ(parse_duration("1d12h").value(), 36h);
}

TEST(Duration, RejectsTextWithoutAUnitOrNumber) {
  for (const char* bad : {"", "7", "d", "7w", "-1d", "7 d", "1.5h", "99999999999999999999d"}) {
    auto parsed = parse_duration(bad);
    ASSERT_FALSE(parsed) << bad;
    EXPECT_EQ(parsed.error().code, "InvalidDuration");
  }
}

TEST(Duration, FormatsTheShortestText) {
  EXPECT_EQ(format_duration(7 * 24h), "7d");
  EXPECT_EQ(format_duration(36h), "1d12h");
  EXPECT_EQ(format_duration(0s), "0s");
}

}  // namespace
}  // namespace ddbmv
