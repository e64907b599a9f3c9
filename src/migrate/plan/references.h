#pragma once
/// Reference detection: an environment variable refers to a selected table when its value EQUALS the
/// table's name, its ARN, one of its index ARNs (table ARN + "/index/NAME") or its latest stream ARN.
/// A value that merely contains a table name (EVENTBRIDGE_BUS_NAME=ai-nexus-dev-stripe-event-bus) is
/// not a reference.

#include <string>
#include <unordered_map>
#include <vector>

#include "lambda/client.h"
#include "migrate/plan/inventory.h"

namespace ddbmv::migrate {

class ReferenceIndex {
 public:
  /// Indexes every name and ARN of `tables`.
  explicit ReferenceIndex(const std::vector<TableInventory>& tables);

  /// The reference `variable=value` makes, if any.
  std::optional<Reference> match(const std::string& variable, const std::string& value) const;
  /// Every reference in an environment, sorted by variable name.
  std::vector<Reference> find(const lambda::Environment& environment) const;

 private:
  struct Target {
    std::string table;
    ReferenceKind kind;
  };
  std::unordered_map<std::string, Target> m_targets;
};

/// The names of an environment's variables (values left behind), sorted.
std::vector<std::string> variable_names(const lambda::Environment& environment);

}  // namespace ddbmv::migrate
