#include "util/duration.h"

#include <fmt/core.h>

#include <cstdint>
#include <limits>

namespace ddbmv {

namespace {

std::int64_t seconds_per(char unit) {
  switch (unit) {
    case 'd':
      return 86'400;
    case 'h':
      return 3'600;
    case 'm':
      return 60;
    case 's':
      return 1;
    default:
      return 0;
  }
}

}  // namespace

Result<std::chrono::seconds> parse_duration(std::string_view text) {
  auto invalid = [text] {
    return fail("InvalidDuration", fmt::format("'{}' is not a duration", text),
                "write a number and a unit (d, h, m, s), e.g. 7d, 36h, 90m, 0s or 1d12h");
  };
  if (text.empty()) {
    return invalid();
  }
  std::int64_t total = 0;
  std::size_t position = 0;
  while (position < text.size()) {
    std::int64_t number = 0;
    const std::size_t digits_start = position;
    while (position < text.size() && text[position] >= '0' && text[position] <= '9') {
      if (number > std::numeric_limits<std::int64_t>::max() / 10 / 86'400) {
        return invalid();
      }
      number = number * 10 + (text[position] - '0');
      ++position;
    }
    if (position == digits_start || position == text.size() || seconds_per(text[position]) == 0) {
      return invalid();
    }
    total += number * seconds_per(text[position]);
    ++position;
  }
  return std::chrono::seconds(total);
}

std::string format_duration(std::chrono::seconds duration) {
  std::int64_t left = duration.count();
  if (left <= 0) {
    return "0s";
  }
  std::string out;
  for (char unit : {'d', 'h', 'm', 's'}) {
    if (const std::int64_t count = left / seconds_per(unit); count > 0) {
      out += fmt::format("{}{}", count, unit);
      left -= count * seconds_per(unit);
    }
  }
  return out;
}

}  // namespace ddbmv
