#pragma once
/// The pure half of pointing a function back at the old tables: which variables get which value,
/// and which aliases apply moved. function_restore.h does the calls.

#include <string>
#include <vector>

#include "lambda/client.h"
#include "migrate/journal/journal.h"
#include "migrate/plan/plan.h"
#include "util/error.h"

namespace ddbmv::migrate {

struct EnvironmentRestore {
  lambda::Environment variables;      ///< the whole environment to write back
  std::vector<std::string> restored;  ///< names of the variables set back to their old values
};

/// Pure: `current` with every planned variable that holds the value cutover set put back to its old
/// value. `restored` is empty when every planned variable already holds its old value (nothing to
/// write). Fails ("ChangedSinceCutover") when a planned variable holds neither value, or is gone:
/// someone changed it since, and overwriting it could lose their change.
Result<EnvironmentRestore> restored_environment(const Plan& plan, const FunctionPlan& function,
                                                const lambda::Environment& current);

/// An alias apply moved: from `previous_version` (what it served before) to `version`.
struct MovedAlias {
  std::string alias;
  std::string previous_version;
  std::string version;
};

/// The aliases apply recorded moving in the function's cutover step.
std::vector<MovedAlias> moved_aliases(const JournalState& journal, const FunctionPlan& function);

}  // namespace ddbmv::migrate
