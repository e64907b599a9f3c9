#include "migrate/apply/drift_check.h"

#include <fmt/core.h>

#include "dynamodb/table_spec.h"
#include "migrate/apply/function_env.h"
#include "migrate/journal/journal_steps.h"

namespace ddbmv::migrate {

namespace {

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names)
    out += (out.empty() ? "" : ", ") + name;
  return out;
}

}  // namespace

std::optional<DriftFinding> source_drift(const TablePlan& table,
                                         const std::optional<nlohmann::json>& described) {
  if (!described) {
    return DriftFinding{table.source, fmt::format("source table {} no longer exists", table.source)};
  }
  const std::string fingerprint = dynamodb::schema_fingerprint(*described);
  if (fingerprint != table.schema_fingerprint) {
    return DriftFinding{
        table.source,
        fmt::format("source table {} changed its keys, attributes or indexes since the plan "
                    "(schema fingerprint {}, planned {})",
                    table.source, fingerprint.substr(0, 12), table.schema_fingerprint.substr(0, 12))};
  }
  return std::nullopt;
}

bool created_by_migration(const std::vector<dynamodb::Tag>& tags, std::string_view migration_id) {
  for (const auto& tag : tags) {
    if (tag.key == kTagMigrationId && tag.value == migration_id)
      return true;
  }
  return false;
}

std::optional<DriftFinding> target_drift(const TablePlan& table,
                                         const std::optional<nlohmann::json>& described,
                                         const std::vector<dynamodb::Tag>& tags,
                                         std::string_view migration_id) {
  if (!described || created_by_migration(tags, migration_id))
    return std::nullopt;
  return DriftFinding{
      table.target,
      fmt::format("target table {} exists and was not created by this migration ({}); created {}",
                  table.target, migration_id, described->value("CreationDateTime", nlohmann::json()).dump())};
}

std::optional<DriftFinding> function_drift(const FunctionPlan& function,
                                           const std::optional<nlohmann::json>& configuration,
                                           const StepState* cutover,
                                           const std::map<std::string, std::string>& new_values) {
  if (!configuration) {
    return DriftFinding{function.name, fmt::format("function {} no longer exists", function.name)};
  }
  const std::string revision = configuration->value("RevisionId", "");
  if (revision == function.revision_id)
    return std::nullopt;
  if (cutover != nullptr) {
    const auto check = check_planned_variables(function, new_values, environment_variables(*configuration));
    if (check.state == PlannedVariablesState::kNew)
      return std::nullopt;
  }
  return DriftFinding{function.name,
                      fmt::format("function {} changed since the plan (RevisionId {}, planned {})",
                                  function.name, revision, function.revision_id)};
}

Result<void> check_locked_aliases(const Plan& plan, bool publish_aliases) {
  if (publish_aliases)
    return {};
  std::vector<std::string> locked;
  for (const auto& function : plan.functions) {
    for (const auto& alias : function.aliases_on_locked_versions) {
      locked.push_back(fmt::format("{}:{} (version {})", function.name, alias.alias, alias.version));
    }
  }
  if (locked.empty())
    return {};
  return fail(
      "LockedAliases",
      fmt::format("these aliases serve published versions that name the old tables, so re-pointing $LATEST "
                  "would not move them: {}",
                  join_names(locked)),
      "re-run with --publish-aliases to publish a new version of each function and move its aliases; "
      "nothing has been cut over");
}

Error drift_error(const std::vector<DriftFinding>& findings) {
  std::string message = findings.size() == 1 ? "the account no longer matches the plan: "
                                             : "the account no longer matches the plan:";
  if (findings.size() == 1) {
    message += findings.front().message;
  } else {
    for (const auto& finding : findings)
      message += "\n  - " + finding.message;
  }
  return Error{"Drift", std::move(message),
               "nothing was changed; run ddbmv plan again, review the new plan, and apply that one"};
}

}  // namespace ddbmv::migrate
