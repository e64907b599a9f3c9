#pragma once
/// Where a stream replication stands: the stream it reads and how it started (recorded before the
/// copy begins), and per shard the last sequence number applied to the target. What the journal
/// records and a resumed run starts from.

#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "util/error.h"

namespace ddbmv::migrate {

/// The stream a replication reads, captured before the copy began.
struct StreamStart {
  std::string table;  ///< the table whose stream is read (the source)
  std::string stream_arn;
  std::string view_type;       ///< NEW_AND_OLD_IMAGES, NEW_IMAGE, KEYS_ONLY, OLD_IMAGE
  bool enabled_by_us = false;  ///< ddbmv enabled it: turn it off when the migration is done with it
  /// Records created before this (epoch seconds) are skipped: the copy, which began later, saw
  /// their effect. Empty for a stream enabled just before the copy (read from TRIM_HORIZON).
  std::optional<double> min_creation_time;
  friend bool operator==(const StreamStart&, const StreamStart&) = default;
};

/// One shard's progress, recorded only after every record up to `sequence_number` was written.
struct ShardCheckpoint {
  std::string shard_id;
  std::string sequence_number;  ///< last record applied (or skipped); empty: none yet
  bool done = false;            ///< closed and read to its end
  std::int64_t records = 0;     ///< records read from this shard so far (all runs)
  friend bool operator==(const ShardCheckpoint&, const ShardCheckpoint&) = default;
};

/// The last checkpoint of every shard, by shard id.
struct ReplicationResumeState {
  std::map<std::string, ShardCheckpoint> shards;
};

nlohmann::json to_json(const StreamStart& start);
Result<StreamStart> stream_start_from_json(const nlohmann::json& json);

/// `{"shard_id":"...","sequence_number":"...","done":false,"records":12}`
nlohmann::json to_json(const ShardCheckpoint& checkpoint);
Result<ShardCheckpoint> shard_checkpoint_from_json(const nlohmann::json& json);

/// From checkpoints in the order recorded: the later one wins per shard.
ReplicationResumeState replication_resume_from(const std::vector<ShardCheckpoint>& recorded);

}  // namespace ddbmv::migrate
