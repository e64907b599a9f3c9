#pragma once
/// Rollback's stream half: replaying one table's DynamoDB stream onto another with the live-writes
/// replicator (stream_replicator.h), its checkpoints in the migration's journal so that a resumed
/// rollback continues where it stopped. Used in both directions: the new table's stream onto the old
/// table (rollback.replay: the writes made to the new table while rollback ran or since the cutover)
/// and, before rollback copies back, the old table's live-writes stream onto the new table
/// (rollback.forward: what apply's replication had not carried over yet).

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "migrate/copy/change_sink.h"
#include "migrate/journal/journal.h"
#include "migrate/streams/captured_stream.h"
#include "migrate/streams/replication_checkpoint.h"
#include "migrate/streams/stream_reader.h"
#include "migrate/streams/stream_replicator.h"
#include "util/clock.h"
#include "util/error.h"

namespace ddbmv::migrate {

struct StreamReplay {
  StreamStart start;            ///< the stream read; start.table is the table the writes were made to
  ReplicationResumeState from;  ///< where to begin per shard, before any checkpoint of the steps below
  std::string target;           ///< the table they are applied to (for messages; `sink` writes it)
  std::string step;             ///< the journal step this replay checkpoints under
  /// Earlier steps whose checkpoints it continues (apply's live.replicate/<target> for a forward
  /// catch-up); its own step's are always read. The latest checkpoint of a shard wins.
  std::vector<std::string> continues;
};

struct ReplayServices {
  const StreamReader& reader;
  ChangeSink& sink;
  SourceItemReader* items = nullptr;  ///< reads start.table by key: for KEYS_ONLY / OLD_IMAGE streams
  std::shared_ptr<const Clock> clock;
};

/// `from`, then the checkpoints of `steps` in `journal` folded over it per shard in journal order.
ReplicationResumeState replay_resume_state(const JournalState& journal, const std::vector<std::string>& steps,
                                           ReplicationResumeState from = {});

/// Applies every record of the stream after the journaled checkpoints (from its start when there are
/// none) to the target, checkpointing each page in `journal`. Without `quiet`, returns once a pass
/// over every shard finds nothing (a catch-up); with it, keeps following until every shard has been
/// empty for `quiet` (writes still arriving from invocations that began before their function moved
/// back). A stream older than its 24-hour retention fails with code "StreamTrimmed".
Result<ReplicationProgress> replay_stream(const StreamReplay& replay, const ReplayServices& services,
                                          Journal& journal, std::optional<std::chrono::milliseconds> quiet);

/// The journal record of a finished replay.
Json replay_summary(const ReplicationProgress& progress);

}  // namespace ddbmv::migrate
