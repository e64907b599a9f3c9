#include "migrate/plan/plan.h"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>

#include "migrate/plan/json_read.h"
#include "util/hash.h"

namespace ddbmv::migrate {

using nlohmann::json;
using namespace json_read;

namespace {

constexpr std::array<std::string_view, 5> kLevelNames = {"NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL"};
constexpr std::array<std::string_view, 4> kReferenceKindNames = {"name", "table_arn", "index_arn",
                                                                 "stream_arn"};

Level get_level(const json& object, const std::string& path, const char* key) {
  std::string text = get_string(object, path, key);
  auto level = parse_level(text);
  if (!level) {
    throw BadField{join(path, key), fmt::format("unknown level '{}'", text)};
  }
  return *level;
}

json table_to_json(const TablePlan& table) {
  json ttl = nullptr;
  if (table.after_create.ttl) {
    ttl = {{"AttributeName", table.after_create.ttl->attribute_name},
           {"Enabled", table.after_create.ttl->enabled}};
  }
  auto optional = [](const std::optional<std::string>& value) {
    return value ? json(*value) : json(nullptr);
  };
  return {{"source", table.source},
          {"target", table.target},
          {"source_arn", table.source_arn},
          {"target_arn", table.target_arn},
          {"schema_fingerprint", table.schema_fingerprint},
          {"spec", table.spec},
          {"after_create",
           {{"ttl", ttl},
            {"point_in_time_recovery", table.after_create.point_in_time_recovery},
            {"deletion_protection", table.after_create.deletion_protection}}},
          {"source_pitr_enabled", table.source_pitr_enabled},
          {"source_stream",
           {{"enabled", table.source_stream.enabled},
            {"view_type", optional(table.source_stream.view_type)},
            {"arn", optional(table.source_stream.arn)}}},
          {"item_count", table.item_count},
          {"size_bytes", table.size_bytes},
          {"dependents", table.dependents},
          {"risk", to_string(table.risk)}};
}

TablePlan table_from_json(const json& object, const std::string& path) {
  TablePlan table;
  table.source = get_string(object, path, "source");
  table.target = get_string(object, path, "target");
  table.source_arn = get_string(object, path, "source_arn");
  table.target_arn = get_string(object, path, "target_arn");
  table.schema_fingerprint = get_string(object, path, "schema_fingerprint");
  table.spec = member(object, path, "spec");
  if (!table.spec.is_object()) {
    throw BadField{join(path, "spec"), "expected an object (a CreateTable input)"};
  }
  std::string after_path = join(path, "after_create");
  const json& after = member(object, path, "after_create");
  const json& ttl = member(after, after_path, "ttl");
  if (!ttl.is_null()) {
    std::string ttl_path = join(after_path, "ttl");
    table.after_create.ttl =
        TtlSetting{get_string(ttl, ttl_path, "AttributeName"), get_bool(ttl, ttl_path, "Enabled")};
  }
  table.after_create.point_in_time_recovery = get_bool(after, after_path, "point_in_time_recovery");
  table.after_create.deletion_protection = get_bool(after, after_path, "deletion_protection");
  table.source_pitr_enabled = get_bool(object, path, "source_pitr_enabled");
  std::string stream_path = join(path, "source_stream");
  const json& stream = member(object, path, "source_stream");
  table.source_stream.enabled = get_bool(stream, stream_path, "enabled");
  table.source_stream.view_type = get_optional_string(stream, stream_path, "view_type");
  table.source_stream.arn = get_optional_string(stream, stream_path, "arn");
  table.item_count = get_int(object, path, "item_count");
  table.size_bytes = get_int(object, path, "size_bytes");
  table.dependents = get_strings(object, path, "dependents");
  table.risk = get_level(object, path, "risk");
  return table;
}

json function_to_json(const FunctionPlan& function) {
  json changes = json::array();
  for (const auto& change : function.changes) {
    changes.push_back({{"variable", change.variable},
                       {"old", change.old_value},
                       {"new", change.new_value},
                       {"kind", to_string(change.kind)},
                       {"table", change.table}});
  }
  json aliases = json::array();
  for (const auto& alias : function.aliases_on_locked_versions) {
    aliases.push_back({{"alias", alias.alias}, {"version", alias.version}, {"variables", alias.variables}});
  }
  return {{"name", function.name},
          {"arn", function.arn},
          {"revision_id", function.revision_id},
          {"criticality", to_string(function.criticality)},
          {"changes", changes},
          {"aliases_on_locked_versions", aliases}};
}

FunctionPlan function_from_json(const json& object, const std::string& path) {
  FunctionPlan function;
  function.name = get_string(object, path, "name");
  function.arn = get_string(object, path, "arn");
  function.revision_id = get_string(object, path, "revision_id");
  function.criticality = get_level(object, path, "criticality");
  const json& changes = get_array(object, path, "changes");
  for (std::size_t i = 0; i < changes.size(); ++i) {
    std::string item = fmt::format("{}.changes[{}]", path, i);
    EnvChange change;
    change.variable = get_string(changes[i], item, "variable");
    change.old_value = get_string(changes[i], item, "old");
    change.new_value = get_string(changes[i], item, "new");
    if (auto kind = get_optional_string(changes[i], item, "kind")) {
      auto parsed = parse_reference_kind(*kind);
      if (!parsed) {
        throw BadField{item + ".kind", fmt::format("unknown reference kind '{}'", *kind)};
      }
      change.kind = *parsed;
    }
    change.table = get_optional_string(changes[i], item, "table").value_or("");
    function.changes.push_back(std::move(change));
  }
  const json& aliases = get_array(object, path, "aliases_on_locked_versions");
  for (std::size_t i = 0; i < aliases.size(); ++i) {
    std::string item = fmt::format("{}.aliases_on_locked_versions[{}]", path, i);
    function.aliases_on_locked_versions.push_back(LockedAlias{get_string(aliases[i], item, "alias"),
                                                              get_string(aliases[i], item, "version"),
                                                              get_strings(aliases[i], item, "variables")});
  }
  return function;
}

Plan plan_from_json_or_throw(const json& document) {
  if (!document.is_object()) {
    throw BadField{"(document)", "expected a JSON object"};
  }
  if (get_string(document, "", "format") != kPlanFormat) {
    throw BadField{"format", fmt::format("expected \"{}\"", kPlanFormat)};
  }
  if (std::int64_t version = get_int(document, "", "version"); version != kPlanVersion) {
    throw BadField{"version", fmt::format("unsupported version {} (this ddbmv reads version {})", version,
                                          kPlanVersion)};
  }
  Plan plan;
  plan.migration_id = get_string(document, "", "migration_id");
  plan.created_at = get_string(document, "", "created_at");
  plan.region = get_string(document, "", "region");
  plan.account = get_string(document, "", "account");
  plan.inventory_fingerprint = get_string(document, "", "inventory_fingerprint");
  plan.rules = get_strings(document, "", "rules");
  const json& tables = get_array(document, "", "tables");
  for (std::size_t i = 0; i < tables.size(); ++i) {
    plan.tables.push_back(table_from_json(tables[i], fmt::format("tables[{}]", i)));
  }
  const json& functions = get_array(document, "", "functions");
  for (std::size_t i = 0; i < functions.size(); ++i) {
    plan.functions.push_back(function_from_json(functions[i], fmt::format("functions[{}]", i)));
  }
  const json& warnings = get_array(document, "", "warnings");
  for (std::size_t i = 0; i < warnings.size(); ++i) {
    std::string item = fmt::format("warnings[{}]", i);
    plan.warnings.push_back(
        Warning{get_string(warnings[i], item, "code"), get_string(warnings[i], item, "message")});
  }
  const json& estimate = member(document, "", "estimate");
  const json& phases = member(estimate, "estimate", "phases");
  plan.estimate.prepare = get_int(phases, "estimate.phases", "prepare");
  plan.estimate.create = get_int(phases, "estimate.phases", "create");
  plan.estimate.copy = get_int(phases, "estimate.phases", "copy");
  plan.estimate.cutover = get_int(phases, "estimate.phases", "cutover");
  plan.estimate.validate = get_int(phases, "estimate.phases", "validate");
  return plan;
}

}  // namespace

std::string_view to_string(Level level) {
  return kLevelNames[static_cast<std::size_t>(level)];
}

std::optional<Level> parse_level(std::string_view text) {
  for (std::size_t i = 0; i < kLevelNames.size(); ++i) {
    if (kLevelNames[i] == text) {
      return static_cast<Level>(i);
    }
  }
  return std::nullopt;
}

std::string_view to_string(ReferenceKind kind) {
  return kReferenceKindNames[static_cast<std::size_t>(kind)];
}

std::optional<ReferenceKind> parse_reference_kind(std::string_view text) {
  for (std::size_t i = 0; i < kReferenceKindNames.size(); ++i) {
    if (kReferenceKindNames[i] == text) {
      return static_cast<ReferenceKind>(i);
    }
  }
  return std::nullopt;
}

const TablePlan* Plan::find_source(std::string_view name) const {
  auto it = std::ranges::find(tables, name, &TablePlan::source);
  return it == tables.end() ? nullptr : &*it;
}

const TablePlan* Plan::find_target(std::string_view name) const {
  auto it = std::ranges::find(tables, name, &TablePlan::target);
  return it == tables.end() ? nullptr : &*it;
}

const FunctionPlan* Plan::find_function(std::string_view name) const {
  auto it = std::ranges::find(functions, name, &FunctionPlan::name);
  return it == functions.end() ? nullptr : &*it;
}

json to_json(const Plan& plan) {
  json tables = json::array();
  for (const auto& table : plan.tables) {
    tables.push_back(table_to_json(table));
  }
  json functions = json::array();
  for (const auto& function : plan.functions) {
    functions.push_back(function_to_json(function));
  }
  json warnings = json::array();
  for (const auto& warning : plan.warnings) {
    warnings.push_back({{"code", warning.code}, {"message", warning.message}});
  }
  return {{"format", kPlanFormat},
          {"version", kPlanVersion},
          {"migration_id", plan.migration_id},
          {"created_at", plan.created_at},
          {"region", plan.region},
          {"account", plan.account},
          {"inventory_fingerprint", plan.inventory_fingerprint},
          {"rules", plan.rules},
          {"tables", tables},
          {"functions", functions},
          {"warnings", warnings},
          {"estimate",
           {{"seconds", plan.estimate.total()},
            {"phases",
             {{"prepare", plan.estimate.prepare},
              {"create", plan.estimate.create},
              {"copy", plan.estimate.copy},
              {"cutover", plan.estimate.cutover},
              {"validate", plan.estimate.validate}}}}}};
}

Result<Plan> plan_from_json(const json& document) {
  try {
    return plan_from_json_or_throw(document);
  } catch (const BadField& bad) {
    return fail("InvalidPlan", fmt::format("not a valid ddbmv plan: {}: {}", bad.path, bad.problem),
                "use a plan.json written by 'ddbmv plan --out DIR'");
  }
}

Result<Plan> load_plan(const std::filesystem::path& given) {
  std::error_code ignored;
  std::filesystem::path path = std::filesystem::is_directory(given, ignored) ? given / "plan.json" : given;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail("PlanNotFound", fmt::format("cannot read plan file {}", path.string()),
                "pass the plan.json written by 'ddbmv plan --out DIR' (or its directory)");
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  json document = json::parse(buffer.str(), nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    return fail("InvalidPlan", fmt::format("plan file {} is not valid JSON", path.string()),
                "regenerate it with 'ddbmv plan --out DIR'");
  }
  auto plan = plan_from_json(document);
  if (!plan) {
    Error error = plan.error();
    error.message = fmt::format("{}: {}", path.string(), error.message);
    return std::unexpected(error);
  }
  return plan;
}

std::string plan_digest(const Plan& plan) {
  return sha256_hex(to_json(plan).dump());
}

std::string make_migration_id(const std::vector<std::string>& rules, std::string_view inventory_fingerprint) {
  std::string material;
  for (const auto& rule : rules) {
    material += rule;
    material += '\n';
  }
  material += inventory_fingerprint;
  return "mv-" + sha256_hex(material).substr(0, 12);
}

std::string backup_name(std::string_view source, std::string_view migration_id) {
  constexpr std::size_t kMaxBackupName = 255;
  std::string suffix = fmt::format("-ddbmv-{}", migration_id);
  std::string_view head = source;
  if (head.size() + suffix.size() > kMaxBackupName) {
    head.remove_prefix(head.size() + suffix.size() - kMaxBackupName);
  }
  return std::string(head) + suffix;
}

}  // namespace ddbmv::migrate
