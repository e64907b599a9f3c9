#include "migrate/plan/table_references.h"

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>

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

std::vector<VersionEnvironment> version_environments(const std::string& function,
                                                     const std::vector<lambda::Json>& versions,
                                                     const std::vector<lambda::Json>& aliases) {
  std::vector<VersionEnvironment> out;
  for (const auto& configuration : versions) {
    VersionEnvironment environment;
    environment.function = function;
    environment.version = configuration.value("Version", std::string("$LATEST"));
    environment.variables = lambda::Client::environment_of(configuration);
    for (const auto& alias : aliases) {
      const auto served = lambda::Client::versions_served_by(alias);
      if (std::ranges::find(served, environment.version) != served.end()) {
        environment.aliases.push_back(alias.value("Name", std::string()));
      }
    }
    out.push_back(std::move(environment));
  }
  return out;
}

}  // namespace ddbmv::migrate
