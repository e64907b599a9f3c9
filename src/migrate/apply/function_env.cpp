#include "migrate/apply/function_env.h"

#include <fmt/core.h>

#include <set>

#include "migrate/journal/journal_steps.h"

namespace ddbmv::migrate {

lambda::Environment environment_variables(const nlohmann::json& configuration) {
  lambda::Environment environment;
  const auto env = configuration.find("Environment");
  if (env == configuration.end() || !env->is_object())
    return environment;
  const auto variables = env->find("Variables");
  if (variables == env->end() || !variables->is_object())
    return environment;
  for (const auto& [key, value] : variables->items()) {
    environment[key] = value.is_string() ? value.get<std::string>() : value.dump();
  }
  return environment;
}

Result<NewValues> resolve_new_values(const Plan& plan, const FunctionPlan& function,
                                     const std::map<std::string, std::string>& stream_arns) {
  NewValues values;
  for (const auto& change : function.changes) {
    std::string value = change.new_value;
    if (value.empty() && change.kind == ReferenceKind::kStreamArn) {
      const TablePlan* table = plan.find_source(change.table);
      const auto arn = table == nullptr ? stream_arns.end() : stream_arns.find(table->target);
      if (arn == stream_arns.end() || arn->second.empty()) {
        return fail(
            "StreamArnUnknown",
            fmt::format("function {} variable {} must point at the stream of the new table for {}, but that "
                        "table has no stream",
                        function.name, change.variable, change.table),
            "re-run apply so that the create phase records the new table's stream, or re-plan");
      }
      value = arn->second;
    }
    values[change.variable] = std::move(value);
  }
  return values;
}

PlannedVariablesCheck check_planned_variables(const FunctionPlan& function, const NewValues& new_values,
                                              const lambda::Environment& current) {
  bool all_old = true;
  bool all_new = true;
  PlannedVariablesCheck check;
  for (const auto& change : function.changes) {
    const auto found = current.find(change.variable);
    const auto planned = new_values.find(change.variable);
    const bool is_old = found != current.end() && found->second == change.old_value;
    const bool is_new =
        found != current.end() && planned != new_values.end() && found->second == planned->second;
    all_old = all_old && is_old;
    all_new = all_new && is_new;
    if (!is_old && !is_new)
      check.unexpected.push_back(change.variable);
  }
  if (all_new) {
    check.state = PlannedVariablesState::kNew;
  } else if (all_old) {
    check.state = PlannedVariablesState::kOld;
  } else {
    check.state = PlannedVariablesState::kConflict;
  }
  return check;
}

lambda::Environment with_new_values(const lambda::Environment& current, const NewValues& new_values) {
  lambda::Environment out = current;
  for (const auto& [variable, value] : new_values)
    out[variable] = value;
  return out;
}

nlohmann::json variables_record(const FunctionPlan& function, const NewValues& new_values) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& change : function.changes) {
    const auto planned = new_values.find(change.variable);
    out[change.variable] = {{"old", change.old_value},
                            {"new", planned == new_values.end() ? change.new_value : planned->second}};
  }
  return out;
}

std::vector<std::string> unplanned_changes(const nlohmann::json& before, const nlohmann::json& after,
                                           const NewValues& new_values) {
  static const std::set<std::string> kVolatile = {"RevisionId",
                                                  "LastModified",
                                                  "LastUpdateStatus",
                                                  "LastUpdateStatusReason",
                                                  "LastUpdateStatusReasonCode",
                                                  "State",
                                                  "StateReason",
                                                  "StateReasonCode",
                                                  "Environment"};
  std::vector<std::string> changed;
  std::set<std::string> keys;
  for (const auto& [key, value] : before.items())
    keys.insert(key);
  for (const auto& [key, value] : after.items())
    keys.insert(key);
  for (const auto& key : keys) {
    if (kVolatile.contains(key))
      continue;
    const bool in_before = before.contains(key);
    const bool in_after = after.contains(key);
    if (in_before != in_after || (in_before && before[key] != after[key]))
      changed.push_back(key);
  }
  const auto expected = with_new_values(environment_variables(before), new_values);
  const auto actual = environment_variables(after);
  std::set<std::string> names;
  for (const auto& [name, value] : expected)
    names.insert(name);
  for (const auto& [name, value] : actual)
    names.insert(name);
  for (const auto& name : names) {
    const auto a = expected.find(name);
    const auto b = actual.find(name);
    if (a == expected.end() || b == actual.end() || a->second != b->second) {
      changed.push_back("Environment.Variables." + name);
    }
  }
  return changed;
}

std::map<std::string, std::string> created_stream_arns(const Plan& plan, const JournalState& state) {
  std::map<std::string, std::string> arns;
  for (const auto& table : plan.tables) {
    const auto result = state.result_of(steps::create_table(table.target));
    if (result.is_object() && result.contains("stream_arn") && result["stream_arn"].is_string()) {
      arns[table.target] = result["stream_arn"].get<std::string>();
    }
  }
  return arns;
}

}  // namespace ddbmv::migrate
