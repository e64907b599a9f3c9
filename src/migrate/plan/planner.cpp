#include "migrate/plan/planner.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "dynamodb/table_spec.h"
#include "migrate/plan/risk.h"

namespace ddbmv::migrate {

namespace {

constexpr std::size_t kMaxTags = 50;

bool is_glob(const std::string& pattern) {
  return pattern.find_first_of("*?") != std::string::npos;
}

std::string target_arn_of(const std::string& source_arn, const std::string& target) {
  auto parts = parse_arn(source_arn);
  if (!parts) {
    return {};
  }
  return fmt::format("arn:{}:{}:{}:{}:table/{}", parts->partition, parts->service, parts->region,
                     parts->account, target);
}

/// The new value of a reference once `source` is renamed to `target`.
std::string renamed_value(const Reference& reference, const std::string& source_arn,
                          const std::string& target, const std::string& target_arn) {
  switch (reference.kind) {
    case ReferenceKind::kTableName:
      return target;
    case ReferenceKind::kTableArn:
      return target_arn;
    case ReferenceKind::kIndexArn:
      return target_arn + reference.value.substr(source_arn.size());
    case ReferenceKind::kStreamArn:
      return {};  // known only once the target exists: apply fills it in
  }
  return {};
}

std::vector<dynamodb::Tag> target_tags(const TableInventory& table, const std::string& migration_id) {
  std::vector<dynamodb::Tag> tags;
  for (const auto& tag : table.tags) {
    // aws: tags are AWS's own and cannot be set; ddbmv: tags are replaced by this migration's.
    if (tag.key.starts_with("aws:") || tag.key.starts_with("ddbmv:")) {
      continue;
    }
    tags.push_back(tag);
  }
  tags.push_back({std::string(kTagSourceTable), table.name});
  tags.push_back({std::string(kTagMigrationId), migration_id});
  return tags;
}

}  // namespace

Estimate estimate_duration(const std::vector<TablePlan>& tables, std::size_t functions,
                           const EstimateModel& model) {
  Estimate estimate;
  for (const auto& table : tables) {
    estimate.prepare += model.prepare_per_table;
    std::size_t indexes = table.spec.value("GlobalSecondaryIndexes", Json::array()).size() +
                          table.spec.value("LocalSecondaryIndexes", Json::array()).size();
    estimate.create += model.create_per_table + model.create_per_index * static_cast<std::int64_t>(indexes);
    std::int64_t by_items = table.item_count / model.copy_items_per_second;
    std::int64_t by_bytes = table.size_bytes / model.copy_bytes_per_second;
    estimate.copy += model.copy_per_table + std::max(by_items, by_bytes);
  }
  estimate.cutover = model.cutover_per_function * static_cast<std::int64_t>(functions);
  estimate.validate = model.validate_per_function * static_cast<std::int64_t>(functions);
  return estimate;
}

std::expected<Plan, std::vector<Error>> build_plan(const Inventory& inventory,
                                                   const std::vector<RenameRule>& rules,
                                                   const PlanOptions& options) {
  std::vector<Error> errors;
  if (rules.empty()) {
    errors.push_back({"NoRules", "no rename rule given",
                      "pass --rename OLD=NEW, --rename 'old-*=new-*' or --rename-file FILE"});
  }
  if (inventory.tables.empty()) {
    errors.push_back({"NoTableMatched", fmt::format("no table matched the selection in {}", inventory.region),
                      "check --prefix/--pattern/table names, --region and --profile"});
  }
  std::set<std::string> existing(inventory.existing_tables.begin(), inventory.existing_tables.end());
  std::vector<std::string> selected;
  for (const auto& table : inventory.tables) {
    selected.push_back(table.name);
    existing.insert(table.name);
  }
  // A literal rule naming a table that is not there says so plainly, rather than "matches nothing".
  std::vector<RenameRule> applicable;
  for (const auto& rule : rules) {
    if (!is_glob(rule.source) && inventory.find_table(rule.source) == nullptr &&
        !existing.contains(rule.source)) {
      errors.push_back({"SourceNotFound",
                        fmt::format("source table {} (rename rule '{}') does not exist in {}", rule.source,
                                    rule.text, inventory.region),
                        "check the name, --region and --profile"});
      continue;
    }
    applicable.push_back(rule);
  }
  RenameMapping mapping = apply_rules(applicable, selected);
  errors.insert(errors.end(), mapping.errors.begin(), mapping.errors.end());

  Plan plan;
  plan.created_at = options.created_at;
  plan.region = inventory.region;
  plan.account = inventory.account;
  plan.inventory_fingerprint = inventory_fingerprint(inventory);
  for (const auto& rule : rules) {
    plan.rules.push_back(rule.text);
  }
  plan.migration_id = make_migration_id(plan.rules, plan.inventory_fingerprint);

  std::map<std::string, const Rename*> rename_of;
  for (const auto& rename : mapping.renames) {
    rename_of[rename.source] = &rename;
  }

  for (const auto& rename : mapping.renames) {
    const TableInventory& table = *inventory.find_table(rename.source);
    if (table.status() != "ACTIVE") {
      errors.push_back({"SourceNotActive",
                        fmt::format("source table {} is {}, not ACTIVE", table.name,
                                    table.status().empty() ? "of unknown status" : table.status()),
                        "wait until it is ACTIVE and run plan again"});
    }
    if (existing.contains(rename.target)) {
      errors.push_back(
          {"TargetExists",
           fmt::format("target table {} already exists (rename rule '{}')", rename.target, rename.rule),
           "choose another name, or delete that table if it is not needed"});
    }
    auto tags = target_tags(table, plan.migration_id);
    if (tags.size() > kMaxTags) {
      errors.push_back({"TooManyTags",
                        fmt::format("table {} has {} tags; with ddbmv's 2 governance tags {} would exceed "
                                    "DynamoDB's {} tags per table",
                                    table.name, table.tags.size(), rename.target, kMaxTags),
                        "remove a tag from the source table and run plan again"});
    }
    if (!errors.empty()) {
      continue;  // keep collecting errors; build nothing that would be thrown away
    }
    TablePlan out;
    out.source = table.name;
    out.target = rename.target;
    out.source_arn = table.arn();
    out.target_arn = target_arn_of(out.source_arn, out.target);
    out.schema_fingerprint = dynamodb::schema_fingerprint(table.description);
    out.spec = dynamodb::create_table_input(table.description, out.target, tags);
    if (auto attribute = table.ttl_attribute()) {
      out.after_create.ttl = TtlSetting{*attribute, true};
    }
    out.after_create.point_in_time_recovery = table.pitr_enabled();
    out.after_create.deletion_protection = table.deletion_protection();
    out.source_pitr_enabled = table.pitr_enabled();
    out.source_stream.enabled = table.stream_enabled();
    if (out.source_stream.enabled) {
      out.source_stream.view_type = table.description.at("StreamSpecification").value("StreamViewType", "");
      out.source_stream.arn = table.stream_arn();
    }
    out.item_count = table.item_count();
    out.size_bytes = table.size_bytes();
    plan.tables.push_back(std::move(out));
  }
  if (!errors.empty()) {
    return std::unexpected(std::move(errors));
  }

  std::set<std::string> critical(options.critical_functions.begin(), options.critical_functions.end());
  std::map<std::string, std::set<std::string>> dependents;  // table -> functions
  std::size_t functions_updated = 0;
  for (const auto& function : inventory.functions) {
    std::set<std::string> touched;
    auto note = [&](const Reference& reference) {
      if (rename_of.contains(reference.table)) {
        touched.insert(reference.table);
        dependents[reference.table].insert(function.name);
      }
    };
    std::ranges::for_each(function.references, note);
    for (const auto& version : function.versions) {
      std::ranges::for_each(version.references, note);
    }
    FunctionPlan out;
    out.name = function.name;
    out.arn = function.arn;
    out.revision_id = function.revision_id;
    out.criticality = function_criticality(touched.size(), critical.contains(function.name));
    for (const auto& reference : function.references) {
      auto it = rename_of.find(reference.table);
      if (it == rename_of.end()) {
        continue;
      }
      const TablePlan& table = *plan.find_source(reference.table);
      out.changes.push_back({reference.variable, reference.value,
                             renamed_value(reference, table.source_arn, table.target, table.target_arn),
                             reference.kind, reference.table});
    }
    for (const auto& alias : function.aliases) {
      std::string version_name = alias.value("FunctionVersion", "");
      auto version = std::ranges::find(function.versions, version_name, &FunctionVersionInventory::version);
      if (version == function.versions.end()) {
        continue;
      }
      LockedAlias locked{alias.value("Name", ""), version_name, {}};
      for (const auto& reference : version->references) {
        if (rename_of.contains(reference.table)) {
          locked.variables.push_back(reference.variable);
        }
      }
      if (!locked.variables.empty()) {
        out.aliases_on_locked_versions.push_back(std::move(locked));
      }
    }
    if (out.changes.empty() && out.aliases_on_locked_versions.empty()) {
      continue;
    }
    functions_updated += out.changes.empty() ? 0 : 1;
    plan.functions.push_back(std::move(out));
  }
  for (auto& table : plan.tables) {
    const auto& names = dependents[table.source];
    table.dependents.assign(names.begin(), names.end());
    table.risk =
        table_risk(table.dependents.size(), table.item_count, table.size_bytes, table.source_stream.enabled);
  }
  // Most dependents first, as the seed lists them; then by name for a stable order.
  std::ranges::stable_sort(plan.tables, [](const TablePlan& a, const TablePlan& b) {
    return a.dependents.size() != b.dependents.size() ? a.dependents.size() > b.dependents.size()
                                                      : a.source < b.source;
  });
  std::ranges::stable_sort(plan.functions, [](const FunctionPlan& a, const FunctionPlan& b) {
    if (a.criticality != b.criticality) {
      return a.criticality > b.criticality;
    }
    return a.changes.size() != b.changes.size() ? a.changes.size() > b.changes.size() : a.name < b.name;
  });
  plan.warnings = plan_warnings(inventory, mapping.renames, functions_updated);
  plan.estimate = estimate_duration(plan.tables, functions_updated);
  return plan;
}

}  // namespace ddbmv::migrate
