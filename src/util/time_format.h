#pragma once
/// Formatting and parsing of the timestamps AWS uses. All in UTC.

#include <optional>
#include <string>
#include <string_view>

#include "util/clock.h"

namespace ddbmv {

/// ISO 8601 basic, as SigV4's X-Amz-Date: "20150830T123600Z" (seconds truncated).
std::string format_amz_date(TimePoint time);

/// The date part of SigV4's credential scope: "20150830".
std::string format_date_stamp(TimePoint time);

/// ISO 8601 extended with milliseconds: "2015-08-30T12:36:00.123Z".
std::string format_iso8601(TimePoint time);

/// Parses an ISO 8601 timestamp as `credential_process` writes its Expiration and as AWS returns dates:
/// "2015-08-30T12:36:00Z", with optional fractional seconds ("...00.123456Z"), and a "Z" or numeric
/// offset ("+02:00", "-0500"). Empty when `text` is not such a timestamp.
std::optional<TimePoint> parse_iso8601(std::string_view text);

}  // namespace ddbmv
