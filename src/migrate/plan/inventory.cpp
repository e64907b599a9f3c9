#include "migrate/plan/inventory.h"

#include <fmt/core.h>

#include <algorithm>

#include "migrate/plan/json_read.h"
#include "util/hash.h"

namespace ddbmv::migrate {

using namespace json_read;

namespace {

std::string string_at(const Json& object, const Json::json_pointer& pointer) {
  return object.contains(pointer) && object.at(pointer).is_string() ? object.at(pointer).get<std::string>()
                                                                    : "";
}

std::int64_t int_at(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

Json reference_to_json(const Reference& reference) {
  return {{"variable", reference.variable},
          {"value", reference.value},
          {"table", reference.table},
          {"kind", to_string(reference.kind)}};
}

std::vector<Reference> references_from_json(const Json& object, const std::string& path) {
  std::vector<Reference> out;
  const Json& array = get_array(object, path, "references");
  for (std::size_t i = 0; i < array.size(); ++i) {
    std::string item = fmt::format("{}.references[{}]", path, i);
    Reference reference;
    reference.variable = get_string(array[i], item, "variable");
    reference.value = get_string(array[i], item, "value");
    reference.table = get_string(array[i], item, "table");
    std::string kind = get_string(array[i], item, "kind");
    auto parsed = parse_reference_kind(kind);
    if (!parsed) {
      throw BadField{item + ".kind", fmt::format("unknown reference kind '{}'", kind)};
    }
    reference.kind = *parsed;
    out.push_back(std::move(reference));
  }
  return out;
}

Json references_to_json(const std::vector<Reference>& references) {
  Json out = Json::array();
  for (const auto& reference : references) {
    out.push_back(reference_to_json(reference));
  }
  return out;
}

Json table_to_json(const TableInventory& table) {
  Json tags = Json::array();
  for (const auto& tag : table.tags) {
    tags.push_back({{"Key", tag.key}, {"Value", tag.value}});
  }
  return {{"name", table.name},
          {"table", table.description},
          {"tags", tags},
          {"time_to_live", table.time_to_live},
          {"continuous_backups", table.continuous_backups},
          {"backups", table.backups},
          {"exact_count", table.exact_count ? Json(*table.exact_count) : Json(nullptr)},
          {"event_source_mappings", table.event_source_mappings}};
}

const Json& object_member(const Json& object, const std::string& path, const char* key) {
  const Json& value = member(object, path, key);
  if (!value.is_object()) {
    throw BadField{join(path, key), "expected an object"};
  }
  return value;
}

TableInventory table_inventory_from_json(const Json& object, const std::string& path) {
  TableInventory table;
  table.name = get_string(object, path, "name");
  table.description = object_member(object, path, "table");
  const Json& tags = get_array(object, path, "tags");
  for (std::size_t i = 0; i < tags.size(); ++i) {
    std::string item = fmt::format("{}.tags[{}]", path, i);
    table.tags.push_back({get_string(tags[i], item, "Key"), get_string(tags[i], item, "Value")});
  }
  table.time_to_live = object_member(object, path, "time_to_live");
  table.continuous_backups = object_member(object, path, "continuous_backups");
  for (const auto& backup : get_array(object, path, "backups")) {
    table.backups.push_back(backup);
  }
  const Json& count = member(object, path, "exact_count");
  if (!count.is_null()) {
    table.exact_count = get_int(object, path, "exact_count");
  }
  for (const auto& mapping : get_array(object, path, "event_source_mappings")) {
    table.event_source_mappings.push_back(mapping);
  }
  return table;
}

Json function_to_json(const FunctionInventory& function) {
  Json versions = Json::array();
  for (const auto& version : function.versions) {
    versions.push_back({{"version", version.version},
                        {"variable_names", version.variable_names},
                        {"references", references_to_json(version.references)}});
  }
  return {{"name", function.name},
          {"arn", function.arn},
          {"revision_id", function.revision_id},
          {"configuration", function.configuration},
          {"variable_names", function.variable_names},
          {"references", references_to_json(function.references)},
          {"versions", versions},
          {"aliases", function.aliases}};
}

FunctionInventory function_inventory_from_json(const Json& object, const std::string& path) {
  FunctionInventory function;
  function.name = get_string(object, path, "name");
  function.arn = get_string(object, path, "arn");
  function.revision_id = get_string(object, path, "revision_id");
  function.configuration = object_member(object, path, "configuration");
  function.configuration.erase("Environment");  // never trust a file to be redacted
  function.variable_names = get_strings(object, path, "variable_names");
  function.references = references_from_json(object, path);
  // In memory, a loaded inventory knows only the referencing values.
  for (const auto& reference : function.references) {
    function.environment[reference.variable] = reference.value;
  }
  const Json& versions = get_array(object, path, "versions");
  for (std::size_t i = 0; i < versions.size(); ++i) {
    std::string item = fmt::format("{}.versions[{}]", path, i);
    function.versions.push_back({get_string(versions[i], item, "version"),
                                 get_strings(versions[i], item, "variable_names"),
                                 references_from_json(versions[i], item)});
  }
  for (const auto& alias : get_array(object, path, "aliases")) {
    function.aliases.push_back(alias);
  }
  return function;
}

Json to_json_without_time(const Inventory& inventory) {
  Json tables = Json::array();
  for (const auto& table : inventory.tables) {
    tables.push_back(table_to_json(table));
  }
  Json functions = Json::array();
  for (const auto& function : inventory.functions) {
    functions.push_back(function_to_json(function));
  }
  return {{"format", "ddbmv-inventory"},
          {"version", 1},
          {"region", inventory.region},
          {"account", inventory.account},
          {"tables", tables},
          {"existing_tables", inventory.existing_tables},
          {"functions", functions},
          {"functions_scanned", inventory.functions_scanned},
          {"exact_counts", inventory.exact_counts}};
}

Inventory inventory_from_json_or_throw(const Json& document) {
  if (!document.is_object()) {
    throw BadField{"(document)", "expected a JSON object"};
  }
  if (get_string(document, "", "format") != "ddbmv-inventory") {
    throw BadField{"format", "expected \"ddbmv-inventory\""};
  }
  if (get_int(document, "", "version") != 1) {
    throw BadField{"version", "unsupported version (this ddbmv reads version 1)"};
  }
  Inventory inventory;
  inventory.region = get_string(document, "", "region");
  inventory.account = get_string(document, "", "account");
  inventory.discovered_at = get_optional_string(document, "", "discovered_at").value_or("");
  const Json& tables = get_array(document, "", "tables");
  for (std::size_t i = 0; i < tables.size(); ++i) {
    inventory.tables.push_back(table_inventory_from_json(tables[i], fmt::format("tables[{}]", i)));
  }
  inventory.existing_tables = get_strings(document, "", "existing_tables");
  const Json& functions = get_array(document, "", "functions");
  for (std::size_t i = 0; i < functions.size(); ++i) {
    inventory.functions.push_back(
        function_inventory_from_json(functions[i], fmt::format("functions[{}]", i)));
  }
  inventory.functions_scanned = get_int(document, "", "functions_scanned");
  inventory.exact_counts = get_bool(document, "", "exact_counts");
  return inventory;
}

}  // namespace

std::string TableInventory::arn() const {
  return string_at(description, "/TableArn"_json_pointer);
}
std::string TableInventory::status() const {
  return string_at(description, "/TableStatus"_json_pointer);
}
std::int64_t TableInventory::item_count() const {
  return exact_count ? *exact_count : int_at(description, "ItemCount");
}
std::int64_t TableInventory::size_bytes() const {
  return int_at(description, "TableSizeBytes");
}

bool TableInventory::stream_enabled() const {
  return description.contains("/StreamSpecification/StreamEnabled"_json_pointer) &&
         description.at("/StreamSpecification/StreamEnabled"_json_pointer) == true;
}

std::string TableInventory::stream_arn() const {
  return stream_enabled() ? string_at(description, "/LatestStreamArn"_json_pointer) : "";
}

bool TableInventory::pitr_enabled() const {
  return string_at(continuous_backups,
                   "/PointInTimeRecoveryDescription/PointInTimeRecoveryStatus"_json_pointer) == "ENABLED";
}

bool TableInventory::deletion_protection() const {
  auto it = description.find("DeletionProtectionEnabled");
  return it != description.end() && *it == true;
}

bool TableInventory::provisioned() const {
  return string_at(description, "/BillingModeSummary/BillingMode"_json_pointer) != "PAY_PER_REQUEST";
}

std::optional<std::string> TableInventory::ttl_attribute() const {
  std::string status = string_at(time_to_live, "/TimeToLiveStatus"_json_pointer);
  if (status != "ENABLED" && status != "ENABLING") {
    return std::nullopt;
  }
  std::string attribute = string_at(time_to_live, "/AttributeName"_json_pointer);
  return attribute.empty() ? std::nullopt : std::optional(attribute);
}

std::vector<std::string> TableInventory::index_names() const {
  std::vector<std::string> out;
  for (const char* key : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
    auto it = description.find(key);
    if (it == description.end() || !it->is_array()) {
      continue;
    }
    for (const auto& index : *it) {
      if (index.contains("IndexName") && index["IndexName"].is_string()) {
        out.push_back(index["IndexName"].get<std::string>());
      }
    }
  }
  return out;
}

bool FunctionInventory::references_any() const {
  return !references.empty() ||
         std::ranges::any_of(versions, [](const auto& version) { return !version.references.empty(); });
}

const TableInventory* Inventory::find_table(std::string_view name) const {
  auto it = std::ranges::find(tables, name, &TableInventory::name);
  return it == tables.end() ? nullptr : &*it;
}

Json to_json(const Inventory& inventory) {
  Json out = to_json_without_time(inventory);
  out["discovered_at"] = inventory.discovered_at;
  return out;
}

Result<Inventory> inventory_from_json(const Json& document) {
  try {
    return inventory_from_json_or_throw(document);
  } catch (const BadField& bad) {
    return fail("InvalidInventory", fmt::format("not a valid ddbmv inventory: {}: {}", bad.path, bad.problem),
                "use the output of 'ddbmv discover --output json'");
  }
}

std::string inventory_fingerprint(const Inventory& inventory) {
  return sha256_hex(to_json_without_time(inventory).dump());
}

std::optional<ArnParts> parse_arn(std::string_view arn) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (int i = 0; i < 5; ++i) {
    std::size_t colon = arn.find(':', start);
    if (colon == std::string_view::npos) {
      return std::nullopt;
    }
    parts.emplace_back(arn.substr(start, colon - start));
    start = colon + 1;
  }
  if (parts[0] != "arn") {
    return std::nullopt;
  }
  return ArnParts{parts[1], parts[2], parts[3], parts[4], std::string(arn.substr(start))};
}

}  // namespace ddbmv::migrate
