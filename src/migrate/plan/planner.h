#pragma once
/// The plan builder: a pure function of an Inventory, rename rules and options. No I/O, no clock.

#include <expected>
#include <string>
#include <vector>

#include "migrate/plan/inventory.h"
#include "migrate/plan/plan.h"
#include "migrate/plan/rename_rules.h"

namespace ddbmv::migrate {

struct PlanOptions {
  std::vector<std::string> critical_functions;  ///< --critical NAME (repeatable)
  std::string created_at;                       ///< ISO 8601 UTC, from the caller's clock
};

/// Rough durations the estimate uses (seconds unless named otherwise).
struct EstimateModel {
  std::int64_t prepare_per_table = 10;  ///< enable PITR, take and wait for an on-demand backup
  std::int64_t create_per_table = 20;   ///< CreateTable until ACTIVE
  std::int64_t create_per_index = 15;   ///< each GSI/LSI adds to that
  std::int64_t copy_per_table = 5;      ///< scan setup, verification pass
  std::int64_t copy_items_per_second = 2'000;
  std::int64_t copy_bytes_per_second = 4 * 1024 * 1024;
  std::int64_t cutover_per_function = 5;   ///< UpdateFunctionConfiguration until Successful
  std::int64_t validate_per_function = 3;  ///< a test invocation
};

/// Seconds per phase for `tables` and `functions` (the tables' items and sizes drive the copy).
Estimate estimate_duration(const std::vector<TablePlan>& tables, std::size_t functions,
                           const EstimateModel& model = {});

/// Builds the plan for renaming the inventory's tables by `rules`, or returns every reason it cannot
/// (all at once): rule errors, no table selected, a source that does not exist or is not ACTIVE, a target
/// name that is taken, a table with too many tags to add the governance tags.
std::expected<Plan, std::vector<Error>> build_plan(const Inventory& inventory,
                                                   const std::vector<RenameRule>& rules,
                                                   const PlanOptions& options);

}  // namespace ddbmv::migrate
