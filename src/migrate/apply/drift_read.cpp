#include <fmt/core.h>

#include "migrate/apply/drift_check.h"
#include "migrate/apply/function_env.h"
#include "migrate/journal/journal_steps.h"

namespace ddbmv::migrate {

Result<std::vector<DriftFinding>> check_drift(const Plan& plan, const Clients& clients,
                                              const JournalState& journal) {
  std::vector<DriftFinding> findings;
  for (const auto& table : plan.tables) {
    auto source = clients.dynamodb.find_table(table.source);
    if (!source)
      return std::unexpected(source.error().to_error());
    if (auto finding = source_drift(table, *source))
      findings.push_back(std::move(*finding));

    auto target = clients.dynamodb.find_table(table.target);
    if (!target)
      return std::unexpected(target.error().to_error());
    std::vector<dynamodb::Tag> tags;
    if (*target) {
      auto listed = clients.dynamodb.list_tags_of_resource((**target).value("TableArn", table.target_arn));
      if (!listed)
        return std::unexpected(listed.error().to_error());
      tags = std::move(*listed);
    }
    if (auto finding = target_drift(table, *target, tags, plan.migration_id))
      findings.push_back(std::move(*finding));
  }
  const auto stream_arns = created_stream_arns(plan, journal);
  for (const auto& function : plan.functions) {
    auto configuration = clients.lambda.find_function_configuration(function.name);
    if (!configuration)
      return std::unexpected(configuration.error().to_error());
    auto new_values = resolve_new_values(plan, function, stream_arns);
    const auto* cutover = journal.find(steps::cutover_function(function.name));
    if (auto finding = function_drift(function, *configuration, cutover, new_values.value_or(NewValues{}))) {
      findings.push_back(std::move(*finding));
    }
  }
  return findings;
}

}  // namespace ddbmv::migrate
