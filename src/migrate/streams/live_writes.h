#pragma once
/// Live writes during apply (#7): no write made to a source while it is copied and its functions cut
/// over is lost. Apply calls, in order:
///
///   capture_streams()   before the copy: every source gets a stream (NEW_AND_OLD_IMAGES, enabled
///                       when it has none) and the position to read from is journaled
///   catch_up()          after the copy: applies every change the streams hold to the targets
///   start_following()   before the cutover: one background thread per table keeps applying
///   drain()             after the last function is switched: waits until every stream has been
///                       quiet for `quiet`, then journals the totals (verify comes after this)
///   release_streams()   after verify: turns off the streams ddbmv enabled
///
/// Journal steps: `live.stream/<source>` (intent, then done with the StreamStart),
/// `live.replicate/<target>` (a checkpoint per applied page, done after the drain),
/// `live.stream-off/<source>`. A re-run after a crash resumes from the checkpoints.

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "migrate/control/clients.h"
#include "migrate/copy/table_data_plane.h"
#include "migrate/journal/journal.h"
#include "migrate/plan/plan.h"
#include "migrate/streams/background_replication.h"
#include "migrate/streams/stream_replicator.h"
#include "migrate/streams/stream_setup.h"
#include "util/clock.h"
#include "util/error.h"

namespace ddbmv::migrate {

struct LiveWritesOptions {
  /// After the cutover: every shard must have been empty this long before the drain ends (covers
  /// invocations still running with the old configuration).
  std::chrono::milliseconds quiet{std::chrono::seconds(5)};
  int parallel_batches = 8;     ///< BatchWriteItem calls in flight per table
  int records_per_call = 1000;  ///< GetRecords Limit
  StreamSetupOptions setup;
  /// Lag and totals per table, from the replicating threads (serialise your output).
  std::function<void(const ReplicationProgress&)> on_progress;
};

/// The journal step names.
std::string live_stream_step(const std::string& source);
std::string live_replicate_step(const std::string& target);
std::string live_stream_off_step(const std::string& source);

/// Whether a run of apply replicates live writes: when an earlier run of the migration began them (a
/// `live.stream/` step: they must go on, or writes since its copy are lost), or when `requested`
/// (not --no-live) and no copy has begun without them. `note` says why when that differs from
/// `requested` (empty otherwise).
bool live_writes_in_effect(bool requested, const JournalState& journal, std::string& note);

/// The checkpoints of `step` recorded so far, folded per shard (the resume state of a replication).
ReplicationResumeState replication_resume_from_journal(const JournalState& state, const std::string& step);

class LiveWrites {
 public:
  /// `plan`, `clients` and `journal` must outlive this object.
  LiveWrites(const Plan& plan, const Clients& clients, Journal& journal, std::shared_ptr<const Clock> clock,
             LiveWritesOptions options);
  ~LiveWrites();

  Result<void> capture_streams();
  Result<void> catch_up();
  Result<void> start_following();
  Result<void> drain();
  Result<void> release_streams();

  /// The latest lag and totals of every table (any thread).
  std::vector<ReplicationProgress> progress() const;

 private:
  struct Table;
  Result<void> open_replicators();
  CheckpointReply record_checkpoint(const std::string& step, const ShardCheckpoint& checkpoint,
                                    const StreamReplicator* replicator);

  const Plan& m_plan;
  const Clients& m_clients;
  Journal& m_journal;
  std::shared_ptr<const Clock> m_clock;
  LiveWritesOptions m_options;
  std::vector<std::unique_ptr<Table>> m_tables;
  std::mutex m_error_mutex;
  std::optional<Error> m_journal_error;  ///< a checkpoint that could not be journaled stops the run
};

}  // namespace ddbmv::migrate
