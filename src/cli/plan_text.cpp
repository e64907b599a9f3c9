#include "cli/plan_text.h"

#include <fmt/format.h>

#include <algorithm>

#include "migrate/plan/plan_markdown.h"

namespace ddbmv::cli {

std::string render_plan_text(const migrate::Plan& plan) {
  fmt::memory_buffer out;
  fmt::format_to(std::back_inserter(out), "Plan {} for account {} in {}; rules: {}\n\n", plan.migration_id,
                 plan.account, plan.region, fmt::join(plan.rules, ", "));
  std::size_t source_width = 10, target_width = 10;
  for (const auto& table : plan.tables) {
    source_width = std::max(source_width, table.source.size());
    target_width = std::max(target_width, table.target.size());
  }
  fmt::format_to(std::back_inserter(out), "Tables to migrate\n  {:<{}}  {:<{}}  {:>10}  {:>10}  {:>10}  {}\n",
                 "OLD", source_width, "NEW", target_width, "SIZE", "ITEMS", "DEPENDENTS", "RISK");
  for (const auto& table : plan.tables) {
    fmt::format_to(std::back_inserter(out), "  {:<{}}  {:<{}}  {:>10}  {:>10}  {:>10}  {}\n", table.source,
                   source_width, table.target, target_width, migrate::format_bytes(table.size_bytes),
                   table.item_count, table.dependents.size(), to_string(table.risk));
  }
  std::size_t name_width = 8;
  for (const auto& function : plan.functions) {
    name_width = std::max(name_width, function.name.size());
  }
  fmt::format_to(std::back_inserter(out), "\nFunctions to update\n  {:<{}}  {:<11}  {}\n", "FUNCTION",
                 name_width, "CRITICALITY", "VARIABLES");
  if (plan.functions.empty()) {
    fmt::format_to(std::back_inserter(out), "  none: no function refers to these tables\n");
  }
  for (const auto& function : plan.functions) {
    std::vector<std::string> names;
    for (const auto& change : function.changes) {
      names.push_back(change.variable);
    }
    for (const auto& alias : function.aliases_on_locked_versions) {
      names.push_back(fmt::format("(alias {} -> locked version {})", alias.alias, alias.version));
    }
    fmt::format_to(std::back_inserter(out), "  {:<{}}  {:<11}  {}\n", function.name, name_width,
                   to_string(function.criticality), fmt::join(names, ", "));
  }
  if (!plan.warnings.empty()) {
    fmt::format_to(std::back_inserter(out), "\nWarnings\n");
    for (const auto& warning : plan.warnings) {
      fmt::format_to(std::back_inserter(out), "  - {}: {}\n", warning.code, warning.message);
    }
  }
  const auto& e = plan.estimate;
  fmt::format_to(std::back_inserter(out),
                 "\nEstimated duration {} (prepare {}, create {}, copy {}, cutover {}, validate {})\n",
                 migrate::format_duration(e.total()), migrate::format_duration(e.prepare),
                 migrate::format_duration(e.create), migrate::format_duration(e.copy),
                 migrate::format_duration(e.cutover), migrate::format_duration(e.validate));
  return fmt::to_string(out);
}

}  // namespace ddbmv::cli
