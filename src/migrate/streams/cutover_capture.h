#pragma once
/// The new tables' streams as the cutover begins, for the two readers of what the new side writes
/// after it: the verify after live writes (new_side_keys.h) and rollback, which replays those writes
/// onto the old tables with a StreamReplicator (the same class, the other direction).
///
/// Before the first function is switched, each target gets a stream (UpdateTable StreamSpecification
/// NEW_AND_OLD_IMAGES) when it has none, and the stream is read to its current end to record where
/// the cutover began per shard (for a stream enabled just now: nothing, i.e. TRIM_HORIZON).
///
/// Journal step `cutover.capture/<target>`: intent {}; done {stream: StreamStart JSON (table,
/// stream_arn, view_type, enabled_by_us, min_creation_time: null), shards: [ShardCheckpoint JSON
/// {shard_id, sequence_number, done, records}]}. A replication from it reads each listed shard
/// AFTER_SEQUENCE_NUMBER of its sequence_number (TRIM_HORIZON when empty) and every other shard from
/// TRIM_HORIZON. ddbmv does not turn a stream it enabled here off: rollback may need it (records live
/// 24 hours); `enabled_by_us` says whose it is.

#include <string>

#include "migrate/control/clients.h"
#include "migrate/journal/journal.h"
#include "migrate/plan/plan.h"
#include "migrate/streams/replication_checkpoint.h"
#include "migrate/streams/stream_setup.h"
#include "util/clock.h"
#include "util/error.h"

namespace ddbmv::migrate {

std::string cutover_capture_step(const std::string& target);

struct TargetCapture {
  StreamStart stream;           ///< the target's stream
  ReplicationResumeState from;  ///< where the cutover began, per shard
};

nlohmann::json to_json(const TargetCapture& capture);
Result<TargetCapture> target_capture_from_json(const nlohmann::json& json);

/// Captures every target's stream not yet captured (journaled; idempotent on a re-run). Must run
/// before the first function is switched and while nothing writes to the targets.
Result<void> capture_target_streams(const Plan& plan, const Clients& clients, Journal& journal,
                                    const Clock& clock, const StreamSetupOptions& options = {});

/// The journaled capture of `target`; an Error when it was not captured.
Result<TargetCapture> captured_target(const JournalState& journal, const std::string& target);

}  // namespace ddbmv::migrate
