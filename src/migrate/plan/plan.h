#pragma once
/// The Plan: everything `apply`, `status`, `rollback` and `decommission` need to carry out a rename,
/// as `plan` built it from an inventory and rename rules. Serialised as plan.json (format
/// "ddbmv-plan", version 1). Only table names and ARNs ever appear as environment values in a plan:
/// no other variable's value is stored.

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace ddbmv::migrate {

inline constexpr std::string_view kPlanFormat = "ddbmv-plan";
inline constexpr int kPlanVersion = 1;

/// Governance tags every created table carries (beside the source's own tags).
inline constexpr std::string_view kTagSourceTable = "ddbmv:source-table";
inline constexpr std::string_view kTagMigrationId = "ddbmv:migration-id";

/// A grade used both for a table's risk (by its dependents) and a function's criticality.
enum class Level { kNone, kLow, kMedium, kHigh, kCritical };

/// "NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL".
std::string_view to_string(Level level);
/// The inverse of to_string; empty for anything else.
std::optional<Level> parse_level(std::string_view text);

struct TtlSetting {
  std::string attribute_name;
  bool enabled = true;
  friend bool operator==(const TtlSetting&, const TtlSetting&) = default;
};

/// What CreateTable cannot carry: applied to the target once it is ACTIVE (deletion protection only
/// after the copy, so that a failed copy can still be rolled back by deleting the target).
struct AfterCreate {
  std::optional<TtlSetting> ttl;  ///< the source's TTL when enabled, else none
  bool point_in_time_recovery = false;
  bool deletion_protection = false;
  friend bool operator==(const AfterCreate&, const AfterCreate&) = default;
};

struct SourceStream {
  bool enabled = false;
  std::optional<std::string> view_type;  ///< NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES, KEYS_ONLY
  std::optional<std::string> arn;        ///< LatestStreamArn
  friend bool operator==(const SourceStream&, const SourceStream&) = default;
};

struct TablePlan {
  std::string source;
  std::string target;
  std::string source_arn;
  std::string target_arn;          ///< computed from the source ARN's partition, region and account
  std::string schema_fingerprint;  ///< sha256 of the source's keys, attribute definitions and indexes
  nlohmann::json spec;             ///< the CreateTable input; exactly what specs/<target>.json holds
  AfterCreate after_create;
  bool source_pitr_enabled = false;  ///< as found; rollback restores it
  SourceStream source_stream;
  std::int64_t item_count = 0;  ///< DescribeTable's figure, or the exact count with --count
  std::int64_t size_bytes = 0;
  std::vector<std::string> dependents;  ///< function names referencing the table, sorted
  Level risk = Level::kNone;
  friend bool operator==(const TablePlan&, const TablePlan&) = default;
};

/// How an environment value refers to a table: it equals the table's name, its ARN, one of its
/// index ARNs (table ARN + "/index/NAME") or its latest stream ARN.
enum class ReferenceKind { kTableName, kTableArn, kIndexArn, kStreamArn };

/// "name", "table_arn", "index_arn", "stream_arn".
std::string_view to_string(ReferenceKind kind);
std::optional<ReferenceKind> parse_reference_kind(std::string_view text);

/// One environment variable to re-point. `old_value`/`new_value` are a table name or ARN, never
/// anything else. A stream ARN cannot be known before the target exists (its label is a timestamp):
/// for kind kStreamArn `new_value` is empty and apply uses the created target's LatestStreamArn.
struct EnvChange {
  std::string variable;
  std::string old_value;                           ///< JSON "old"
  std::string new_value;                           ///< JSON "new"
  ReferenceKind kind = ReferenceKind::kTableName;  ///< JSON "kind" (absent means "name")
  std::string table;                               ///< JSON "table": the source table referred to
  friend bool operator==(const EnvChange&, const EnvChange&) = default;
};

/// An alias serving a published version whose (immutable) environment references a migrated table:
/// a configuration update of $LATEST will not move it.
struct LockedAlias {
  std::string alias;
  std::string version;
  std::vector<std::string> variables;  ///< the referencing variable names in that version
  friend bool operator==(const LockedAlias&, const LockedAlias&) = default;
};

struct FunctionPlan {
  std::string name;
  std::string arn;
  std::string revision_id;  ///< $LATEST's RevisionId at plan time: apply refuses if it changed
  Level criticality = Level::kLow;
  std::vector<EnvChange> changes;  ///< sorted by variable
  std::vector<LockedAlias> aliases_on_locked_versions;
  friend bool operator==(const FunctionPlan&, const FunctionPlan&) = default;
};

struct Warning {
  std::string code;  ///< "LockedAlias", "SourceStream", "EventSourceMapping", "ProvisionedTable",
                     ///< "IamNotChecked", ...
  std::string message;
  friend bool operator==(const Warning&, const Warning&) = default;
};

/// Seconds per phase; `total()` is what plan.json calls "seconds".
struct Estimate {
  std::int64_t prepare = 0;
  std::int64_t create = 0;
  std::int64_t copy = 0;
  std::int64_t cutover = 0;
  std::int64_t validate = 0;
  std::int64_t total() const { return prepare + create + copy + cutover + validate; }
  friend bool operator==(const Estimate&, const Estimate&) = default;
};

struct Plan {
  std::string migration_id;  ///< "mv-<12 hex>": see make_migration_id
  std::string created_at;    ///< ISO 8601 UTC, "2026-11-25T16:00:00Z"
  std::string region;
  std::string account;
  std::string inventory_fingerprint;  ///< sha256 hex of the inventory the plan was made from
  std::vector<std::string> rules;     ///< the rename rules as given ("OLD=NEW")
  std::vector<TablePlan> tables;
  std::vector<FunctionPlan> functions;
  std::vector<Warning> warnings;
  Estimate estimate;
  friend bool operator==(const Plan&, const Plan&) = default;

  /// The table plan whose source (or target) is `name`; nullptr when none.
  const TablePlan* find_source(std::string_view name) const;
  const TablePlan* find_target(std::string_view name) const;
  const FunctionPlan* find_function(std::string_view name) const;
};

/// plan.json's document (keys sorted, so `dump()` is canonical).
nlohmann::json to_json(const Plan& plan);
/// Parses plan.json; fails with code "InvalidPlan" naming the bad field ("tables[1].target: expected a
/// string") or an unsupported format/version.
Result<Plan> plan_from_json(const nlohmann::json& document);
/// Reads and parses a plan file (or DIR/plan.json when given a directory); fails naming the path when it
/// is unreadable or not a plan.
Result<Plan> load_plan(const std::filesystem::path& path);
/// sha256 hex of the canonical JSON: two plans have the same digest iff they are equal.
std::string plan_digest(const Plan& plan);

/// "mv-" + the first 12 hex digits of sha256(rules joined by '\n' + '\n' + inventory fingerprint):
/// the same rules on the same inventory give the same id.
std::string make_migration_id(const std::vector<std::string>& rules, std::string_view inventory_fingerprint);
/// The name of the on-demand backup `apply` takes of a source: "<source>-ddbmv-<migration_id>"
/// (truncated at the front of `source` to DynamoDB's 255-character limit).
std::string backup_name(std::string_view source, std::string_view migration_id);

}  // namespace ddbmv::migrate
