#include "migrate/streams/shard_lineage.h"

#include <algorithm>
#include <map>

namespace ddbmv::migrate {
namespace {

std::string string_at(const nlohmann::json& object, const char* member) {
  auto it = object.find(member);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool older(const ShardInfo& a, const ShardInfo& b) {
  int order = compare_sequence_numbers(a.starting_sequence, b.starting_sequence);
  return order != 0 ? order < 0 : a.id < b.id;
}

}  // namespace

std::vector<ShardInfo> shards_from_description(const nlohmann::json& description) {
  const nlohmann::json& list =
      description.is_array() ? description : description.value("Shards", nlohmann::json::array());
  std::vector<ShardInfo> shards;
  for (const auto& shard : list) {
    if (!shard.is_object()) {
      continue;
    }
    ShardInfo info;
    info.id = string_at(shard, "ShardId");
    info.parent_id = string_at(shard, "ParentShardId");
    if (auto range = shard.find("SequenceNumberRange"); range != shard.end() && range->is_object()) {
      info.starting_sequence = string_at(*range, "StartingSequenceNumber");
      info.ending_sequence = string_at(*range, "EndingSequenceNumber");
    }
    if (!info.id.empty()) {
      shards.push_back(std::move(info));
    }
  }
  return shards;
}

int compare_sequence_numbers(std::string_view a, std::string_view b) {
  auto strip = [](std::string_view s) {
    while (s.size() > 1 && s.front() == '0') {
      s.remove_prefix(1);
    }
    return s;
  };
  a = strip(a);
  b = strip(b);
  if (a.size() != b.size()) {
    return a.size() < b.size() ? -1 : 1;
  }
  int order = a.compare(b);
  return order < 0 ? -1 : (order > 0 ? 1 : 0);
}

std::vector<ShardInfo> ready_shards(const std::vector<ShardInfo>& shards, const std::set<std::string>& done) {
  std::set<std::string> listed;
  for (const auto& shard : shards) {
    listed.insert(shard.id);
  }
  std::vector<ShardInfo> ready;
  for (const auto& shard : shards) {
    if (done.contains(shard.id)) {
      continue;
    }
    bool parent_settled =
        shard.parent_id.empty() || done.contains(shard.parent_id) || !listed.contains(shard.parent_id);
    if (parent_settled) {
      ready.push_back(shard);
    }
  }
  std::sort(ready.begin(), ready.end(), older);
  return ready;
}

std::vector<ShardInfo> lineage_order(const std::vector<ShardInfo>& shards) {
  std::vector<ShardInfo> ordered;
  std::set<std::string> placed;
  while (ordered.size() < shards.size()) {
    auto next = ready_shards(shards, placed);
    if (next.empty()) {
      // A cycle cannot come from DynamoDB; place what is left rather than loop forever.
      for (const auto& shard : shards) {
        if (!placed.contains(shard.id)) {
          next.push_back(shard);
        }
      }
      if (next.empty()) {
        break;  // only duplicates of placed shards are left
      }
    }
    for (auto& shard : next) {
      placed.insert(shard.id);
      ordered.push_back(std::move(shard));
    }
  }
  return ordered;
}

}  // namespace ddbmv::migrate
