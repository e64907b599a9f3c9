#pragma once
/// Risk grading, as the seed plan grades it, with the thresholds written down.
///
/// A table's risk comes from how many functions depend on it (reference it in $LATEST or a published
/// version):
///   >= 5 dependents -> HIGH, 2..4 -> MEDIUM, 1 -> LOW, 0 -> NONE
/// and is raised one level (at most to CRITICAL) for each of: a large table (more than 1 GiB or more
/// than 1,000,000 items: the copy takes long and keeps catching up), and a live stream (its consumers
/// keep reading the old table's stream after cutover).
///
/// A function's criticality comes from how many of the migrated tables it touches:
///   >= 2 tables -> HIGH, 1 -> MEDIUM, 0 -> LOW (only an alias on a locked version refers to them)
/// and only a person's judgement makes one CRITICAL: `--critical NAME`, as the seed marks its webhook
/// handler (a count of tables cannot know that a function takes payments).

#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "migrate/plan/inventory.h"
#include "migrate/plan/plan.h"
#include "migrate/plan/rename_rules.h"

namespace ddbmv::migrate {

inline constexpr std::size_t kHighDependents = 5;
inline constexpr std::size_t kMediumDependents = 2;
inline constexpr std::int64_t kLargeTableBytes = std::int64_t{1} << 30;
inline constexpr std::int64_t kLargeTableItems = 1'000'000;
inline constexpr std::size_t kHighTablesTouched = 2;

/// The grade of a table with `dependents` dependent functions, raised for size and a live stream.
Level table_risk(std::size_t dependents, std::int64_t item_count, std::int64_t size_bytes, bool live_stream);

/// The criticality of a function touching `tables_touched` migrated tables.
Level function_criticality(std::size_t tables_touched, bool marked_critical);

/// The warnings a plan carries for these renames: aliases serving locked versions that reference a
/// migrated table, streams and event source mappings on a source, provisioned tables (auto scaling is
/// not checked or copied), global tables (replicas are not created), and, always, that execution-role
/// policies naming the old table ARNs are not checked.
std::vector<Warning> plan_warnings(const Inventory& inventory, const std::vector<Rename>& renames,
                                   std::size_t functions_updated);

}  // namespace ddbmv::migrate
