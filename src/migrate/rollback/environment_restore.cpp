#include "migrate/rollback/environment_restore.h"

#include <fmt/core.h>

#include "migrate/journal/step_names.h"

namespace ddbmv::migrate {

namespace {

/// Whether `value` is what cutover set `change` to: the planned new value, or for a stream ARN (only
/// known after create) one of the target's stream ARNs.
bool is_cutover_value(const Plan& plan, const EnvChange& change, const std::string& value) {
  if (!change.new_value.empty() && value == change.new_value) {
    return true;
  }
  if (change.kind != ReferenceKind::kStreamArn) {
    return false;
  }
  const TablePlan* table = plan.find_source(change.table);
  return table != nullptr && !table->target_arn.empty() && value.starts_with(table->target_arn + "/stream/");
}

}  // namespace

Result<EnvironmentRestore> restored_environment(const Plan& plan, const FunctionPlan& function,
                                                const lambda::Environment& current) {
  EnvironmentRestore out{current, {}};
  for (const auto& change : function.changes) {
    const auto found = current.find(change.variable);
    if (found != current.end() && found->second == change.old_value) {
      continue;
    }
    if (found == current.end() || !is_cutover_value(plan, change, found->second)) {
      return fail(
          "ChangedSinceCutover",
          fmt::format(
              "function {} variable {} {} since cutover: it holds neither the table it was cut over to "
              "nor the old one, so ddbmv will not overwrite it",
              function.name, change.variable, found == current.end() ? "was removed" : "was changed"),
          fmt::format("set {} of {} by hand (old value: {}), then re-run ddbmv rollback", change.variable,
                      function.name, change.old_value));
    }
    out.variables[change.variable] = change.old_value;
    out.restored.push_back(change.variable);
  }
  return out;
}

std::vector<MovedAlias> moved_aliases(const JournalState& journal, const FunctionPlan& function) {
  std::vector<MovedAlias> out;
  // Apply records each alias it moves as its own step: cutover.alias/<function>/<alias>.
  const std::string prefix = "cutover.alias/" + function.name + "/";
  for (const auto& step : journal.steps_with_prefix(prefix)) {
    const StepState* state = journal.find(step);
    const Json& data = state->intent.is_object() ? state->intent : state->result;
    if (!data.is_object() || !data.contains("previous_version")) {
      continue;
    }
    out.push_back(MovedAlias{step.substr(prefix.size()), data.value("previous_version", std::string()),
                             data.value("version", std::string())});
  }
  const Json result = journal.result_of(steps::cutover_function(function.name));
  if (!result.is_object() || !result.contains("aliases") || !result["aliases"].is_array()) {
    return out;
  }
  for (const auto& entry : result["aliases"]) {
    if (!entry.is_object()) {
      continue;
    }
    auto text = [&entry](std::initializer_list<const char*> keys) {
      for (const char* key : keys) {
        if (auto found = entry.find(key); found != entry.end() && found->is_string()) {
          return found->get<std::string>();
        }
      }
      return std::string();
    };
    MovedAlias alias{text({"alias", "name"}), text({"previous_version", "from_version", "from"}),
                     text({"version", "new_version", "to_version", "to"})};
    if (!alias.alias.empty() && !alias.previous_version.empty()) {
      out.push_back(std::move(alias));
    }
  }
  return out;
}

}  // namespace ddbmv::migrate
