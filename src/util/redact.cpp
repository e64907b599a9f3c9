#include "util/redact.h"

namespace ddbmv {

std::string redact(std::string_view /*value*/) {
  return std::string(kRedacted);
}

std::map<std::string, std::string> redact_environment(const std::map<std::string, std::string>& environment,
                                                      const std::set<std::string, std::less<>>& shown) {
  std::map<std::string, std::string> masked;
  for (const auto& [name, value] : environment) {
    masked.emplace(name, shown.contains(name) ? value : redact(value));
  }
  return masked;
}

std::string redact_occurrences(std::string text, std::initializer_list<std::string_view> secrets) {
  for (const auto secret : secrets) {
    if (secret.empty()) {
      continue;
    }
    std::size_t pos = 0;
    while ((pos = text.find(secret, pos)) != std::string::npos) {
      text.replace(pos, secret.size(), kRedacted);
      pos += kRedacted.size();
    }
  }
  return text;
}

}  // namespace ddbmv
