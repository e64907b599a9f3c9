#pragma once
/// Small text helpers shared by the parsers (INI files, HTTP headers, URLs) and messages.

#include <string>
#include <string_view>
#include <vector>

namespace ddbmv::text {

/// `text` without the leading and trailing characters that are in `blanks`.
std::string_view trim(std::string_view text, std::string_view blanks = " \t\r\n");

/// `text` with ASCII letters lowered (other bytes unchanged).
std::string ascii_lower(std::string_view text);

/// "a, b, c" (empty for none): names in a message.
std::string comma_list(const std::vector<std::string>& items);

}  // namespace ddbmv::text
