#pragma once
/// Shell-style globs for table names: `*` matches any run of characters (including none), `?` any one
/// character; everything else matches itself.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ddbmv {

/// Whether `text` matches `pattern` as a whole.
bool glob_match(std::string_view pattern, std::string_view text);
/// The text each `*` of `pattern` matched, in order (`*` take as little as possible, leftmost
/// first); empty optional when `text` does not match.
std::optional<std::vector<std::string>> glob_captures(std::string_view pattern, std::string_view text);

}  // namespace ddbmv
