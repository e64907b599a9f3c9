#include "util/glob.h"

namespace ddbmv {

namespace {

bool match_from(std::string_view pattern, std::string_view text, std::vector<std::string>& captures) {
  if (pattern.empty()) {
    return text.empty();
  }
  if (pattern.front() == '*') {
    for (std::size_t take = 0; take <= text.size(); ++take) {
      captures.emplace_back(text.substr(0, take));
      if (match_from(pattern.substr(1), text.substr(take), captures)) {
        return true;
      }
      captures.pop_back();
    }
    return false;
  }
  if (text.empty() || (pattern.front() != '?' && pattern.front() != text.front())) {
    return false;
  }
  return match_from(pattern.substr(1), text.substr(1), captures);
}

}  // namespace

std::optional<std::vector<std::string>> glob_captures(std::string_view pattern, std::string_view text) {
  std::vector<std::string> captures;
  if (!match_from(pattern, text, captures)) {
    return std::nullopt;
  }
  return captures;
}

bool glob_match(std::string_view pattern, std::string_view text) {
  return glob_captures(pattern, text).has_value();
}

}  // namespace ddbmv
