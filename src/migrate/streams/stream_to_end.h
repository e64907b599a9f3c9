#pragma once
/// Reading a DynamoDB stream to its end: every readable shard, parents before children, page by page,
/// as the cutover capture (cutover_capture.h) and the verify after live writes (new_side_keys.h) need.

#include <functional>
#include <nlohmann/json.hpp>
#include <vector>

#include "migrate/streams/replication_checkpoint.h"
#include "migrate/streams/stream_reader.h"
#include "util/clock.h"
#include "util/error.h"

namespace ddbmv::migrate {

using StreamPageHandler = std::function<Result<void>(const std::vector<nlohmann::json>&)>;

/// Reads `start`'s stream from `from` (per shard; parents before children), handing each page to
/// `on_page`, and returns where it ended per shard (ShardCheckpoints, as a replication records them).
/// Each pass reads every readable shard until an empty page, and passes follow while records come.
/// A stream still written to may never give an empty page: after each page with records,
/// `keep_reading()` false ends the reading (shards that closed still have their children read).
/// Records created before `start.min_creation_time` are skipped. Shards are read through ShardCursor
/// (its rules for expired and "trimmed" iterators; `clock` tells their age).
Result<ReplicationResumeState> read_stream_to_end(const StreamReader& reader, const StreamStart& start,
                                                  ReplicationResumeState from,
                                                  const StreamPageHandler& on_page,
                                                  const std::function<bool()>& keep_reading,
                                                  const Clock& clock);

}  // namespace ddbmv::migrate
