#pragma once
/// Pure decisions about a function's environment during cutover: where its planned variables stand
/// (all old, all new, or something else) and the environment to write back. Only the planned
/// variables ever change; every other variable is carried over byte for byte.

#include <map>
#include <string>
#include <vector>

#include "lambda/client.h"
#include "migrate/journal/journal.h"
#include "migrate/plan/plan.h"
#include "util/error.h"

namespace ddbmv::migrate {

/// Variable name → the value it must hold after cutover.
using NewValues = std::map<std::string, std::string>;

enum class PlannedVariablesState {
  kOld,       ///< every planned variable holds its old value: the cutover is still to do
  kNew,       ///< every planned variable holds its new value: the cutover is done
  kConflict,  ///< anything else: someone else changed the function
};

struct PlannedVariablesCheck {
  PlannedVariablesState state = PlannedVariablesState::kConflict;
  std::vector<std::string> unexpected;  ///< variables holding neither their old nor their new value
};

/// The `Environment.Variables` of a `FunctionConfiguration` (empty when it has none).
lambda::Environment environment_variables(const nlohmann::json& configuration);

/// The new value of each planned variable. A stream-ARN change whose new value the plan could not know
/// takes the created target's stream ARN (`stream_arns`: target table → LatestStreamArn); fails naming
/// the variable when that is unknown.
Result<NewValues> resolve_new_values(const Plan& plan, const FunctionPlan& function,
                                     const std::map<std::string, std::string>& stream_arns);

/// Where `current` stands with respect to the planned changes.
PlannedVariablesCheck check_planned_variables(const FunctionPlan& function, const NewValues& new_values,
                                              const lambda::Environment& current);

/// `current` with each planned variable set to its new value; nothing else differs.
lambda::Environment with_new_values(const lambda::Environment& current, const NewValues& new_values);

/// The {VAR: {old, new}} object the journal and CHANGES.log record (only table names and ARNs).
nlohmann::json variables_record(const FunctionPlan& function, const NewValues& new_values);

/// What differs between a function's configuration before and after the cutover, other than what a
/// configuration update always changes (RevisionId, LastModified, update and state status) and the
/// planned variables: names of settings and variables only, never values. Empty when every other
/// variable, the KMS key and every other setting are byte-identical.
std::vector<std::string> unplanned_changes(const nlohmann::json& before, const nlohmann::json& after,
                                           const NewValues& new_values);

/// Target table → stream ARN, from the journal's create.table results.
std::map<std::string, std::string> created_stream_arns(const Plan& plan, const JournalState& state);

}  // namespace ddbmv::migrate
