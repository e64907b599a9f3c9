#pragma once
/// Durations as a user types them on the command line: "7d", "36h", "90m", "0s", "1d12h".

#include <chrono>
#include <string>
#include <string_view>

#include "util/error.h"

namespace ddbmv {

/// Parses one or more <digits><unit> groups (units d, h, m, s; no spaces) and sums them. Fails with
/// code "InvalidDuration" on anything else (an empty string, a missing unit, a negative number).
Result<std::chrono::seconds> parse_duration(std::string_view text);

/// The shortest such text for `duration`: "7d", "1d12h", "0s".
std::string format_duration(std::chrono::seconds duration);

}  // namespace ddbmv
