#include "util/time_format.h"

#include <fmt/core.h>

#include <cctype>

namespace ddbmv {

namespace {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::milliseconds;
using std::chrono::seconds;

struct Civil {
  std::chrono::year_month_day date;
  std::chrono::hh_mm_ss<milliseconds> time;
};

Civil to_civil(TimePoint time) {
  const auto millis = floor<milliseconds>(time);
  const auto day = floor<days>(millis);
  return Civil{std::chrono::year_month_day{day}, std::chrono::hh_mm_ss<milliseconds>{millis - day}};
}

/// Reads exactly `count` digits at `pos`, advancing it; empty if they are not all digits.
std::optional<int> read_digits(std::string_view text, std::size_t& pos, std::size_t count) {
  if (pos + count > text.size()) {
    return std::nullopt;
  }
  int value = 0;
  for (std::size_t i = 0; i < count; ++i) {
    const char c = text[pos + i];
    if (!std::isdigit(static_cast<unsigned char>(c))) {
      return std::nullopt;
    }
    value = value * 10 + (c - '0');
  }
  pos += count;
  return value;
}

bool expect(std::string_view text, std::size_t& pos, char wanted) {
  if (pos < text.size() && text[pos] == wanted) {
    ++pos;
    return true;
  }
  return false;
}

}  // namespace

std::string format_amz_date(TimePoint time) {
  const auto civil = to_civil(time);
  return fmt::format("{:04}{:02}{:02}T{:02}{:02}{:02}Z", static_cast<int>(civil.date.year()),
                     static_cast<unsigned>(civil.date.month()), static_cast<unsigned>(civil.date.day()),
                     civil.time.hours().count(), civil.time.minutes().count(), civil.time.seconds().count());
}

std::string format_date_stamp(TimePoint time) {
  const auto civil = to_civil(time);
  return fmt::format("{:04}{:02}{:02}", static_cast<int>(civil.date.year()),
                     static_cast<unsigned>(civil.date.month()), static_cast<unsigned>(civil.date.day()));
}

std::string format_iso8601(TimePoint time) {
  const auto civil = to_civil(time);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", static_cast<int>(civil.date.year()),
                     static_cast<unsigned>(civil.date.month()), static_cast<unsigned>(civil.date.day()),
                     civil.time.hours().count(), civil.time.minutes().count(), civil.time.seconds().count(),
                     civil.time.subseconds().count());
}

std::optional<TimePoint> parse_iso8601(std::string_view text) {
  std::size_t pos = 0;
  const auto year = read_digits(text, pos, 4);
  if (!year || !expect(text, pos, '-')) {
    return std::nullopt;
  }
  const auto month = read_digits(text, pos, 2);
  if (!month || !expect(text, pos, '-')) {
    return std::nullopt;
  }
  const auto day = read_digits(text, pos, 2);
  if (!day || !(expect(text, pos, 'T') || expect(text, pos, 't') || expect(text, pos, ' '))) {
    return std::nullopt;
  }
  const auto hour = read_digits(text, pos, 2);
  if (!hour || !expect(text, pos, ':')) {
    return std::nullopt;
  }
  const auto minute = read_digits(text, pos, 2);
  if (!minute || !expect(text, pos, ':')) {
    return std::nullopt;
  }
  const auto second = read_digits(text, pos, 2);
  if (!second) {
    return std::nullopt;
  }
  std::chrono::nanoseconds fraction{0};
  if (expect(text, pos, '.')) {
    long long nanos = 0;
    int digits = 0;
    while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
      if (digits < 9) {
        nanos = nanos * 10 + (text[pos] - '0');
        ++digits;
      }
      ++pos;
    }
    if (digits == 0) {
      return std::nullopt;
    }
    for (int i = digits; i < 9; ++i) {
      nanos *= 10;
    }
    fraction = std::chrono::nanoseconds{nanos};
  }
  std::chrono::minutes offset{0};
  if (expect(text, pos, 'Z') || expect(text, pos, 'z')) {
    // UTC
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos] == '-' ? -1 : 1;
    ++pos;
    const auto offset_hours = read_digits(text, pos, 2);
    expect(text, pos, ':');
    const auto offset_minutes = read_digits(text, pos, 2);
    if (!offset_hours || !offset_minutes || *offset_hours > 23 || *offset_minutes > 59) {
      return std::nullopt;
    }
    offset = std::chrono::minutes{sign * (*offset_hours * 60 + *offset_minutes)};
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) {
    return std::nullopt;
  }
  const std::chrono::year_month_day date{std::chrono::year{*year},
                                         std::chrono::month{static_cast<unsigned>(*month)},
                                         std::chrono::day{static_cast<unsigned>(*day)}};
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 60) {
    return std::nullopt;
  }
  const auto local = std::chrono::sys_days{date} + std::chrono::hours{*hour} + std::chrono::minutes{*minute} +
                     seconds{*second} + fraction;
  return std::chrono::time_point_cast<TimePoint::duration>(local - offset);
}

}  // namespace ddbmv
