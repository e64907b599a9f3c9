#pragma once
/// The shards of a DynamoDB stream as a lineage: a shard's records follow its parent's, so a key's
/// changes stay in order only if every parent is read to its end before its children are read.

#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ddbmv::migrate {

struct ShardInfo {
  std::string id;
  std::string parent_id;          ///< empty for a shard without a parent
  std::string starting_sequence;  ///< SequenceNumberRange.StartingSequenceNumber (may be empty)
  std::string ending_sequence;    ///< empty while the shard is open
  friend bool operator==(const ShardInfo&, const ShardInfo&) = default;
};

/// The shards of a DescribeStream `StreamDescription` (or its `Shards` array).
std::vector<ShardInfo> shards_from_description(const nlohmann::json& description);

/// Orders two stream sequence numbers (decimal strings of varying length): <0, 0 or >0.
int compare_sequence_numbers(std::string_view a, std::string_view b);

/// The shards that may be read now: not in `done`, and whose parent is either done or no longer
/// listed (trimmed after 24 hours, so nothing of it is left to read). Oldest first (by starting
/// sequence number, then id), so a reader taking them in order never reads a child before its parent.
std::vector<ShardInfo> ready_shards(const std::vector<ShardInfo>& shards, const std::set<std::string>& done);

/// Every shard with each parent before its children (a topological order; among shards whose
/// ancestry is settled, oldest first). Shards whose parent is unlisted count as roots.
std::vector<ShardInfo> lineage_order(const std::vector<ShardInfo>& shards);

}  // namespace ddbmv::migrate
