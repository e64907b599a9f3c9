#pragma once
/// The Inventory: what `discover` read from the account, and all `plan` needs. Tables are kept as AWS
/// describes them (DescribeTable's `Table`, ...). Lambda environments are sensitive: the full
/// environment lives in memory only (`FunctionInventory::environment`); to_json writes only the
/// variable names and the values that are references to a selected table.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "dynamodb/client.h"
#include "lambda/client.h"
#include "migrate/plan/plan.h"
#include "util/error.h"

namespace ddbmv::migrate {

using Json = nlohmann::json;

/// An environment variable whose value equals a selected table's name or ARN.
struct Reference {
  std::string variable;
  std::string value;  ///< the table name or ARN (the only kind of value ever stored)
  std::string table;  ///< the selected table referred to
  ReferenceKind kind = ReferenceKind::kTableName;
  friend bool operator==(const Reference&, const Reference&) = default;
};

struct TableInventory {
  std::string name;
  Json description = Json::object();         ///< DescribeTable's `Table`
  std::vector<dynamodb::Tag> tags;           ///< ListTagsOfResource
  Json time_to_live = Json::object();        ///< `TimeToLiveDescription`
  Json continuous_backups = Json::object();  ///< `ContinuousBackupsDescription`
  std::vector<Json> backups;                 ///< `BackupSummaries`
  std::optional<std::int64_t> exact_count;   ///< Scan COUNT with --count
  std::vector<Json> event_source_mappings;   ///< mappings whose source is the table's latest stream
  friend bool operator==(const TableInventory&, const TableInventory&) = default;

  std::string arn() const;
  std::string status() const;
  /// exact_count when known, else DescribeTable's ItemCount.
  std::int64_t item_count() const;
  std::int64_t size_bytes() const;
  /// LatestStreamArn when a stream is enabled; empty otherwise.
  std::string stream_arn() const;
  bool stream_enabled() const;
  bool pitr_enabled() const;
  bool deletion_protection() const;
  bool provisioned() const;
  /// The enabled TTL attribute, if any.
  std::optional<std::string> ttl_attribute() const;
  /// The names of its global and local secondary indexes.
  std::vector<std::string> index_names() const;
};

/// A published version (never $LATEST): its environment is immutable.
struct FunctionVersionInventory {
  std::string version;
  std::vector<std::string> variable_names;
  std::vector<Reference> references;
  friend bool operator==(const FunctionVersionInventory&, const FunctionVersionInventory&) = default;
};

struct FunctionInventory {
  std::string name;
  std::string arn;
  std::string revision_id;
  Json configuration = Json::object();  ///< $LATEST's FunctionConfiguration without `Environment`
  lambda::Environment environment;      ///< in memory only, never serialised: values may be secrets
  std::vector<std::string> variable_names;
  std::vector<Reference> references;  ///< of $LATEST, sorted by variable
  std::vector<FunctionVersionInventory> versions;
  std::vector<Json> aliases;  ///< `AliasConfiguration`s (Name, FunctionVersion, RoutingConfig)
  friend bool operator==(const FunctionInventory&, const FunctionInventory&) = default;

  /// Whether $LATEST or any published version references a selected table.
  bool references_any() const;
};

struct Inventory {
  std::string region;
  std::string account;
  std::string discovered_at;                 ///< ISO 8601 UTC; not part of the fingerprint
  std::vector<TableInventory> tables;        ///< the selected tables, sorted by name
  std::vector<std::string> existing_tables;  ///< every table name in the region (collision checks)
  std::vector<FunctionInventory> functions;  ///< functions referencing a selected table, sorted by name
  std::int64_t functions_scanned = 0;        ///< how many functions were read
  bool exact_counts = false;                 ///< --count was given
  friend bool operator==(const Inventory&, const Inventory&) = default;

  const TableInventory* find_table(std::string_view name) const;
};

/// The inventory as discover --output json prints it (never an environment value that is not a
/// reference).
Json to_json(const Inventory& inventory);
/// Parses to_json's output (e.g. `plan --inventory FILE`); fails naming the bad field.
Result<Inventory> inventory_from_json(const Json& document);
/// sha256 hex of the serialised inventory without `discovered_at`: the same account state gives the
/// same fingerprint.
std::string inventory_fingerprint(const Inventory& inventory);

/// Splits an ARN "arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE" into its account and region; empty
/// strings for anything that is not an ARN.
struct ArnParts {
  std::string partition;
  std::string service;
  std::string region;
  std::string account;
  std::string resource;
};
std::optional<ArnParts> parse_arn(std::string_view arn);

}  // namespace ddbmv::migrate
