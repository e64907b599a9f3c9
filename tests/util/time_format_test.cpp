#include "util/time_format.h"

#include <gtest/gtest.h>

namespace ddbmv {
namespace {

using namespace std::chrono;

TimePoint at(int y, unsigned mo, unsigned d, int h, int mi, int s, int ms = 0) {
  return sys_days{year{y} / month{mo} / day{d}} + hours{h} + minutes{mi} + seconds{s} + milliseconds{ms};
}

TEST(TimeFormat, FormatsSigv4DateAndDateStamp) {
  const auto time = at(2015, 8, 30, 12, 36, 0, 999);
  EXPECT_EQ(format_amz_date(time), "20150830T123600Z");
  EXPECT_EQ(format_date_stamp(time), "20150830");
}

TEST(TimeFormat, FormatsIso8601WithMilliseconds) {
  EXPECT_EQ(format_iso8601(at(2026, 1, 2, 3, 4, 5, 67)), "2026-01-02T03:04:05.067Z");
}

TEST(TimeFormat, ParsesCredentialProcessExpirations) {
  EXPECT_EQ(parse_iso8601("2015-08-30T12:36:00Z"), at(2015, 8, 30, 12, 36, 0));
  EXPECT_EQ(parse_iso8601("2015-08-30T12:36:00.250Z"), at(2015, 8, 30, 12, 36, 0, 250));
  EXPECT_EQ(parse_iso8601("2015-08-30T12:36:00.123456789Z"),
            at(2015, 8, 30, 12, 36, 0) + nanoseconds{123456789});
  EXPECT_EQ(parse_iso8601("2015-08-30T14:36:00+02:00"), at(2015, 8, 30, 12, 36, 0));
  EXPECT_EQ(parse_iso8601("2015-08-30T07:36:00-0500"), at(2015, 8, 30, 12, 36, 0));
}

TEST(TimeFormat, RoundTripsItsOwnFormat) {
  const auto time = at(2024, 2, 29, 23, 59, 59, 1);
  EXPECT_EQ(parse_iso8601(format_iso8601(time)), time);
}

TEST(TimeFormat, RejectsWhatIsNotATimestamp) {
  for (const auto* text :
       {"", "2015-08-30", "2015-08-30T12:36:00", "2015-02-30T12:36:00Z", "2015-08-30T25:00:00Z",
        "2015-08-30T12:36:00Zjunk", "2015-08-30T12:36:00.Z", "tomorrow"}) {
    EXPECT_FALSE(parse_iso8601(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace ddbmv
