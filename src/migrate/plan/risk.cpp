#include "migrate/plan/risk.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace ddbmv::migrate {

namespace {

Level raise(Level level) {
  return level == Level::kCritical ? level : static_cast<Level>(static_cast<int>(level) + 1);
}

/// The versions an alias serves: its FunctionVersion and any weighted additional versions.
std::vector<std::string> served_versions(const Json& alias) {
  std::vector<std::string> out;
  if (alias.contains("FunctionVersion") && alias["FunctionVersion"].is_string()) {
    out.push_back(alias["FunctionVersion"].get<std::string>());
  }
  if (alias.contains("/RoutingConfig/AdditionalVersionWeights"_json_pointer)) {
    for (const auto& [version, weight] :
         alias.at("/RoutingConfig/AdditionalVersionWeights"_json_pointer).items()) {
      out.push_back(version);
    }
  }
  return out;
}

}  // namespace

Level table_risk(std::size_t dependents, std::int64_t item_count, std::int64_t size_bytes, bool live_stream) {
  Level level = dependents >= kHighDependents     ? Level::kHigh
                : dependents >= kMediumDependents ? Level::kMedium
                : dependents == 1                 ? Level::kLow
                                                  : Level::kNone;
  if (size_bytes > kLargeTableBytes || item_count > kLargeTableItems) {
    level = raise(level);
  }
  if (live_stream) {
    level = raise(level);
  }
  return level;
}

Level function_criticality(std::size_t tables_touched, bool marked_critical) {
  if (marked_critical) {
    return Level::kCritical;
  }
  return tables_touched >= kHighTablesTouched ? Level::kHigh
         : tables_touched == 1                ? Level::kMedium
                                              : Level::kLow;
}

std::vector<Warning> plan_warnings(const Inventory& inventory, const std::vector<Rename>& renames,
                                   std::size_t functions_updated) {
  std::map<std::string, std::string> target_of;
  for (const auto& rename : renames) {
    target_of[rename.source] = rename.target;
  }
  std::vector<Warning> warnings;
  for (const auto& function : inventory.functions) {
    for (const auto& alias : function.aliases) {
      std::string alias_name = alias.value("Name", "");
      for (const auto& version_name : served_versions(alias)) {
        auto version = std::ranges::find(function.versions, version_name, &FunctionVersionInventory::version);
        if (version == function.versions.end()) {
          continue;
        }
        std::vector<std::string> variables;
        for (const auto& reference : version->references) {
          if (target_of.contains(reference.table)) {
            variables.push_back(reference.variable);
          }
        }
        if (variables.empty()) {
          continue;
        }
        warnings.push_back(
            {"LockedAlias",
             fmt::format(
                 "alias {} of function {} serves version {}, whose environment is locked and names a "
                 "migrated "
                 "table ({}): updating $LATEST will not move it; after cutover publish a new version and "
                 "point the alias at it",
                 alias_name, function.name, version_name, fmt::join(variables, ", "))});
      }
    }
  }
  for (const auto& rename : renames) {
    const TableInventory* table = inventory.find_table(rename.source);
    if (table == nullptr) {
      continue;
    }
    if (table->stream_enabled()) {
      warnings.push_back(
          {"SourceStream",
           fmt::format(
               "table {} has a stream ({}): {} gets its own stream with a new ARN; stream consumers must be "
               "moved to it after cutover",
               table->name,
               table->description.value("StreamSpecification", Json::object())
                   .value("StreamViewType", "unknown view"),
               rename.target)});
    }
    for (const auto& mapping : table->event_source_mappings) {
      warnings.push_back(
          {"EventSourceMapping",
           fmt::format("event source mapping {} feeds function {} from the stream of table {}; ddbmv "
                       "does not move it: create one on {}'s stream after cutover",
                       mapping.value("UUID", "?"), mapping.value("FunctionArn", "?"), table->name,
                       rename.target)});
    }
    if (table->provisioned()) {
      warnings.push_back(
          {"ProvisionedTable",
           fmt::format("table {} uses provisioned capacity: its capacity is copied, but auto scaling "
                       "policies (Application Auto Scaling) are not checked or copied to {}",
                       table->name, rename.target)});
    }
    if (auto replicas = table->description.find("Replicas");
        replicas != table->description.end() && !replicas->empty()) {
      warnings.push_back(
          {"GlobalTable", fmt::format("table {} is a global table: its replicas are not created for {}",
                                      table->name, rename.target)});
    }
  }
  warnings.push_back(
      {"IamNotChecked",
       fmt::format("execution-role and resource policies that name the old table ARNs are not checked: "
                   "make sure the {} function(s) being updated may use the new tables before cutover",
                   functions_updated)});
  return warnings;
}

}  // namespace ddbmv::migrate
