#include "cli/inventory_text.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "migrate/plan/plan_markdown.h"

namespace ddbmv::cli {

namespace {

using migrate::Json;

std::string keys_of(const Json& keys, const Json& attributes) {
  std::vector<std::string> out;
  for (const auto& key : keys) {
    std::string name = key.value("AttributeName", "");
    std::string type = "?";
    for (const auto& attribute : attributes) {
      if (attribute.value("AttributeName", "") == name) {
        type = attribute.value("AttributeType", "?");
      }
    }
    out.push_back(fmt::format("{} ({}, {})", name, key.value("KeyType", ""), type));
  }
  return fmt::format("{}", fmt::join(out, ", "));
}

std::string projection_of(const Json& projection) {
  std::string type = projection.value("ProjectionType", "ALL");
  if (projection.contains("NonKeyAttributes")) {
    std::vector<std::string> names = projection["NonKeyAttributes"].get<std::vector<std::string>>();
    return fmt::format("{} [{}]", type, fmt::join(names, ", "));
  }
  return type;
}

void render_table(fmt::memory_buffer& out, const migrate::TableInventory& table, std::size_t dependents) {
  const Json& d = table.description;
  auto line = [&](std::string_view label, const std::string& value) {
    fmt::format_to(std::back_inserter(out), "    {:<20} {}\n", label, value);
  };
  fmt::format_to(std::back_inserter(out), "  {}  {}  {} dependent function{}\n", table.name, table.status(),
                 dependents, dependents == 1 ? "" : "s");
  line("arn", table.arn());
  line("keys", keys_of(d.value("KeySchema", Json::array()), d.value("AttributeDefinitions", Json::array())));
  for (const char* kind : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
    for (const auto& index : d.value(kind, Json::array())) {
      std::string extra;
      if (index.contains("IndexStatus")) {
        extra = fmt::format(", {}", index.value("IndexStatus", ""));
      }
      line(kind[0] == 'G' ? "gsi" : "lsi",
           fmt::format("{}: {}; projection {}{}", index.value("IndexName", ""),
                       keys_of(index.value("KeySchema", Json::array()),
                               d.value("AttributeDefinitions", Json::array())),
                       projection_of(index.value("Projection", Json::object())), extra));
    }
  }
  if (table.provisioned()) {
    const Json throughput = d.value("ProvisionedThroughput", Json::object());
    line("billing", fmt::format("PROVISIONED ({} RCU, {} WCU)", throughput.value("ReadCapacityUnits", 0),
                                throughput.value("WriteCapacityUnits", 0)));
  } else {
    line("billing", "PAY_PER_REQUEST");
  }
  const Json sse = d.value("SSEDescription", Json::object());
  line("encryption", sse.empty() ? "AWS owned key"
                                 : fmt::format("{} {} ({})", sse.value("SSEType", ""),
                                               sse.value("KMSMasterKeyArn", ""), sse.value("Status", "")));
  line("stream",
       table.stream_enabled()
           ? fmt::format("{} {}", d.at("StreamSpecification").value("StreamViewType", ""), table.stream_arn())
           : "disabled");
  line("table class",
       d.contains("TableClassSummary") ? d["TableClassSummary"].value("TableClass", "STANDARD") : "STANDARD");
  auto ttl = table.ttl_attribute();
  line("ttl", ttl ? fmt::format("enabled on {}", *ttl) : "disabled");
  line("pitr", table.pitr_enabled() ? "enabled" : "disabled");
  line("deletion protection", table.deletion_protection() ? "enabled" : "disabled");
  line("items",
       fmt::format("{}{}", table.item_count(), table.exact_count ? " (exact count)" : " (DescribeTable)"));
  line("size", migrate::format_bytes(table.size_bytes()));
  std::vector<std::string> tags;
  for (const auto& tag : table.tags) {
    tags.push_back(fmt::format("{}={}", tag.key, tag.value));
  }
  line("tags", tags.empty() ? "none" : fmt::format("{}", fmt::join(tags, ", ")));
  line("backups", fmt::format("{}", table.backups.size()));
  if (!table.event_source_mappings.empty()) {
    line("stream consumers", fmt::format("{} event source mapping(s)", table.event_source_mappings.size()));
  }
}

}  // namespace

std::string render_inventory_text(const migrate::Inventory& inventory) {
  std::map<std::string, std::set<std::string>> dependents;
  for (const auto& function : inventory.functions) {
    for (const auto& reference : function.references) {
      dependents[reference.table].insert(function.name);
    }
    for (const auto& version : function.versions) {
      for (const auto& reference : version.references) {
        dependents[reference.table].insert(function.name);
      }
    }
  }
  fmt::memory_buffer out;
  fmt::format_to(std::back_inserter(out),
                 "Account {} in {}: {} table{} selected; {} of {} Lambda functions refer to them.\n\n",
                 inventory.account, inventory.region, inventory.tables.size(),
                 inventory.tables.size() == 1 ? "" : "s", inventory.functions.size(),
                 inventory.functions_scanned);
  fmt::format_to(std::back_inserter(out), "Tables\n");
  for (const auto& table : inventory.tables) {
    render_table(out, table, dependents[table.name].size());
    fmt::format_to(std::back_inserter(out), "\n");
  }
  fmt::format_to(std::back_inserter(out),
                 "Functions (variables that refer to a selected table; other values are not shown)\n");
  if (inventory.functions.empty()) {
    fmt::format_to(std::back_inserter(out), "  none\n");
  }
  for (const auto& function : inventory.functions) {
    std::vector<std::string> refs;
    for (const auto& reference : function.references) {
      refs.push_back(fmt::format("{} -> {}", reference.variable, reference.table));
    }
    fmt::format_to(std::back_inserter(out), "  {}  ({} of {} variables)\n", function.name,
                   function.references.size(), function.variable_names.size());
    for (const auto& ref : refs) {
      fmt::format_to(std::back_inserter(out), "    {}\n", ref);
    }
    for (const auto& version : function.versions) {
      if (version.references.empty()) {
        continue;
      }
      std::vector<std::string> names;
      for (const auto& reference : version.references) {
        names.push_back(reference.variable);
      }
      std::vector<std::string> aliases;
      for (const auto& alias : function.aliases) {
        if (alias.value("FunctionVersion", "") == version.version) {
          aliases.push_back(alias.value("Name", ""));
        }
      }
      fmt::format_to(std::back_inserter(out), "    version {} (locked): {}{}\n", version.version,
                     fmt::join(names, ", "),
                     aliases.empty() ? std::string() : fmt::format("; aliases {}", fmt::join(aliases, ", ")));
    }
  }
  return fmt::to_string(out);
}

}  // namespace ddbmv::cli
