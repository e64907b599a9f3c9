#include "migrate/plan/table_references.h"

#include <fmt/core.h>
#include <fmt/format.h>

namespace ddbmv::migrate {

std::string TableReference::describe() const {
  std::string text = fmt::format("function {} version {}", function, version);
  if (!aliases.empty()) {
    text += fmt::format(" (alias {})", fmt::join(aliases, ", "));
  }
  return text + fmt::format(" variable {}", variable);
}

bool refers_to(const std::string& value, const TablePlan& table) {
  if (value == table.source || value == table.source_arn) {
    return true;
  }
  if (table.source_arn.empty()) {
    return false;
  }
  return value.starts_with(table.source_arn + "/index/") || value.starts_with(table.source_arn + "/stream/");
}

std::vector<TableReference> find_table_references(const TablePlan& table,
                                                  const std::vector<VersionEnvironment>& environments) {
  std::vector<TableReference> found;
  for (const auto& environment : environments) {
    for (const auto& [variable, value] : environment.variables) {
      if (refers_to(value, table)) {
        found.push_back(TableReference{table.source, environment.function, environment.version,
                                       environment.aliases, variable});
      }
    }
  }
  return found;
}

namespace {

/// `Environment.Variables` of a FunctionConfiguration (empty when it has none).
lambda::Environment variables_of(const lambda::Json& configuration) {
  lambda::Environment variables;
  const auto environment = configuration.find("Environment");
  if (environment == configuration.end() || !environment->is_object()) {
    return variables;
  }
  const auto found = environment->find("Variables");
  if (found == environment->end() || !found->is_object()) {
    return variables;
  }
  for (const auto& [name, value] : found->items()) {
    if (value.is_string()) {
      variables.emplace(name, value.get<std::string>());
    }
  }
  return variables;
}

}  // namespace

std::vector<VersionEnvironment> version_environments(const std::string& function,
                                                     const std::vector<lambda::Json>& versions,
                                                     const std::vector<lambda::Json>& aliases) {
  std::vector<VersionEnvironment> out;
  for (const auto& configuration : versions) {
    VersionEnvironment environment;
    environment.function = function;
    environment.version = configuration.value("Version", std::string("$LATEST"));
    environment.variables = variables_of(configuration);
    for (const auto& alias : aliases) {
      bool serves = alias.value("FunctionVersion", std::string()) == environment.version;
      if (auto routing = alias.find("RoutingConfig"); routing != alias.end() && routing->is_object()) {
        if (auto weights = routing->find("AdditionalVersionWeights");
            weights != routing->end() && weights->is_object()) {
          serves = serves || weights->contains(environment.version);
        }
      }
      if (serves) {
        environment.aliases.push_back(alias.value("Name", std::string()));
      }
    }
    out.push_back(std::move(environment));
  }
  return out;
}

}  // namespace ddbmv::migrate
