#pragma once
/// Before apply changes anything it re-reads the world and compares it with the plan: sources
/// unchanged in schema, targets absent (or created by this same migration), functions at their planned
/// RevisionIds (or already cut over by this migration, per its journal). The comparisons are pure;
/// check_drift does the reading.

#include <optional>
#include <string>
#include <vector>

#include "dynamodb/client.h"
#include "migrate/control/clients.h"
#include "migrate/journal/journal.h"
#include "migrate/plan/plan.h"
#include "util/error.h"

namespace ddbmv::migrate {

struct DriftFinding {
  std::string resource;  ///< table or function name
  std::string message;   ///< what differs from the plan, naming the resource; never an environment value
};

/// `described`: DescribeTable's `Table` of the source, or empty when it does not exist.
std::optional<DriftFinding> source_drift(const TablePlan& table,
                                         const std::optional<nlohmann::json>& described);

/// Whether `tags` say the table was created by migration `migration_id`.
bool created_by_migration(const std::vector<dynamodb::Tag>& tags, std::string_view migration_id);

/// `described`/`tags`: the target as it is now (empty when absent; tags only read when present).
std::optional<DriftFinding> target_drift(const TablePlan& table,
                                         const std::optional<nlohmann::json>& described,
                                         const std::vector<dynamodb::Tag>& tags,
                                         std::string_view migration_id);

/// `configuration`: the function's $LATEST configuration, or empty when it does not exist.
/// `cutover`: this migration's cutover step for the function in the journal (null when none); a
/// function whose cutover was started or done by this migration may carry a new RevisionId as long
/// as its planned variables hold their new values (`new_values`).
std::optional<DriftFinding> function_drift(const FunctionPlan& function,
                                           const std::optional<nlohmann::json>& configuration,
                                           const StepState* cutover,
                                           const std::map<std::string, std::string>& new_values);

/// Reads every source, target and function of the plan and returns what differs (empty: no drift).
/// Makes no mutating call.
Result<std::vector<DriftFinding>> check_drift(const Plan& plan, const Clients& clients,
                                              const JournalState& journal);

/// Refuses (code "LockedAliases") when a function's alias serves a published version that names an
/// old table and `publish_aliases` is false: a cutover of $LATEST would not move such an alias.
Result<void> check_locked_aliases(const Plan& plan, bool publish_aliases);

/// One Error ("Drift") listing every finding, with the hint to re-plan.
Error drift_error(const std::vector<DriftFinding>& findings);

}  // namespace ddbmv::migrate
