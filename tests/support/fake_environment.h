#pragma once
// An injected environment for config and credentials tests: the process's own is never read.

#include <map>
#include <string>

#include "aws/config.h"

namespace ddbmv::testing {

/// A Getenv over a copy of `variables`. HOME points nowhere real unless the test sets it, so the
/// user's own ~/.aws is never read.
inline aws::Getenv fake_environment(std::map<std::string, std::string> variables) {
  variables.try_emplace("HOME", "/nonexistent/ddbmv-test-home");
  return [variables = std::move(variables)](std::string_view name) -> std::optional<std::string> {
    const auto it = variables.find(std::string(name));
    if (it == variables.end()) {
      return std::nullopt;
    }
    return it->second;
  };
}

}  // namespace ddbmv::testing
