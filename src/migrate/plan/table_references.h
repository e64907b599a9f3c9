#pragma once
/// Which Lambda functions, versions and aliases still refer to a table: decommission refuses to
/// delete a table anything still names. Pure: the caller reads Lambda, this only compares.

#include <string>
#include <vector>

#include "lambda/client.h"
#include "migrate/plan/plan.h"

namespace ddbmv::migrate {

/// One version's environment ("$LATEST" or a published version) and the aliases that serve it.
struct VersionEnvironment {
  std::string function;
  std::string version;
  std::vector<std::string> aliases;
  lambda::Environment variables;  ///< may hold secrets: only variable names ever leave this module
};

struct TableReference {
  std::string table;  ///< the referenced table (a plan's source)
  std::string function;
  std::string version;  ///< "$LATEST" or a version number
  std::vector<std::string> aliases;
  std::string variable;  ///< the variable's name (never its value)

  /// "function F version 3 (aliases live) variable TABLE_X".
  std::string describe() const;
};

/// Whether `value` refers to `table` as the plan understands references: its name, its ARN, one of
/// its index ARNs or one of its stream ARNs.
bool refers_to(const std::string& value, const TablePlan& table);

/// Every (function, version, variable) in `environments` that refers to `table`, in input order.
std::vector<TableReference> find_table_references(const TablePlan& table,
                                                  const std::vector<VersionEnvironment>& environments);

/// Builds the VersionEnvironments of one function from ListVersionsByFunction's configurations and
/// ListAliases' alias configurations (an alias's additional routing weights count as serving too).
std::vector<VersionEnvironment> version_environments(const std::string& function,
                                                     const std::vector<lambda::Json>& versions,
                                                     const std::vector<lambda::Json>& aliases);

}  // namespace ddbmv::migrate
