#pragma once
/// Replays a table's DynamoDB stream onto another table: the live-writes half of a copy (#7).
///
/// The stream's start is captured before the copy begins (StreamStart); after the copy, catch_up()
/// applies every change since then, and follow() keeps applying until told to stop and the stream
/// has been quiet for a while (cutover finished, no function writes to the source any more).
///
/// Ordering: records of one key live in one shard at a time and are in order within it; a shard's
/// children continue where it ended. So shards are read parents first (shard_lineage.h) and each
/// shard in order; a page of records is folded to one write per key (stream_record_apply.h), the
/// page written, then its last sequence number checkpointed. A crash between the write and the
/// checkpoint re-applies that page on resume: harmless, since each write carries the full image.
///
/// Direction is just a parameter: rollback replays the new table's stream onto the old table with
/// the same class (a StreamStart for the target's stream captured at cutover).

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "migrate/copy/change_sink.h"
#include "migrate/copy/checkpoint_reply.h"
#include "migrate/streams/replication_checkpoint.h"
#include "migrate/streams/shard_cursor.h"
#include "migrate/streams/shard_lineage.h"
#include "migrate/streams/stream_reader.h"
#include "util/clock.h"
#include "util/error.h"

namespace ddbmv::migrate {

/// Lag and totals, as a progress display or a summary shows them.
struct ReplicationProgress {
  std::string source;
  std::string target;
  std::int64_t records_applied =
      0;                    ///< records applied by this replicator, all calls (skipped ones included)
  std::int64_t writes = 0;  ///< puts and deletes sent (a page's records folded per key)
  /// Records read but not yet written. Streams report no backlog, so this is a lower bound: what the
  /// replicator holds, plus nothing for records not yet read.
  std::int64_t records_behind = 0;
  /// now - ApproximateCreationDateTime of the last applied record; 0 once a pass finds every shard
  /// empty (caught up).
  double seconds_behind = 0;
  double max_seconds_behind = 0;  ///< the largest seconds_behind seen after the first catch-up
  double records_per_second = 0;  ///< records applied / elapsed, this call of catch_up or follow
  int shards_total = 0;
  int shards_done = 0;
  bool caught_up = false;  ///< the last pass found every readable shard empty
  bool stopped = false;    ///< ended by a checkpoint reply of kStop or by `cancel`
  std::chrono::milliseconds elapsed{0};
};

struct ReplicatorOptions {
  std::shared_ptr<const Clock> clock;             ///< required
  std::chrono::milliseconds idle_wait{200};       ///< between passes that found nothing
  std::chrono::milliseconds shard_refresh{2000};  ///< DescribeStream at most this often...
  int records_per_call = 1000;                    ///< GetRecords Limit (AWS's maximum)
  int pages_per_turn = 20;                        ///< pages of one shard before the next shard
  std::chrono::milliseconds progress_interval{500};
  /// Called after each page is written, from the replicating thread (append to the journal here).
  /// kStop ends the run at once, as a crash would.
  std::function<CheckpointReply(const ShardCheckpoint&)> on_checkpoint;
  std::function<void(const ReplicationProgress&)> on_progress;
  const std::atomic<bool>* cancel = nullptr;  ///< set to end the run at the next page (stopped)
};

class StreamReplicator {
 public:
  /// `reader`, `sink` and `source_reader` must outlive the replicator. `source_reader` is needed only
  /// for KEYS_ONLY / OLD_IMAGE streams (may be null otherwise). `target` names the table for messages.
  StreamReplicator(const StreamReader& reader, StreamStart start, std::string target,
                   ReplicationResumeState resume, ChangeSink& sink, SourceItemReader* source_reader,
                   ReplicatorOptions options);

  /// Applies records until one pass over every readable shard finds none: the target then holds
  /// every change the stream had when that pass began.
  Result<ReplicationProgress> catch_up();

  /// Applies records as they come until `stop` is set, then until every shard has been found empty
  /// for `quiet` (measured from when stop was seen or the last record arrived, whichever is later).
  Result<ReplicationProgress> follow(const std::atomic<bool>& stop, std::chrono::milliseconds quiet);

  /// A snapshot of the current lag and totals; safe to call from any thread.
  ReplicationProgress progress() const;

  /// The checkpoints as they stand (for tests and for a caller that records them elsewhere).
  ReplicationResumeState state() const;

 private:
  struct PassResult {
    bool found_records = false;  ///< or a shard closed, making children readable
    bool stopped = false;
  };

  Result<PassResult> pass();
  Result<bool> read_shard(const ShardInfo& shard, bool& stopped);
  Result<void> refresh_shards();
  /// The shard's cursor, made from its checkpoint when none is held.
  ShardCursor& cursor_for(const std::string& shard_id);
  Result<void> apply_page(const std::string& shard_id, const std::vector<nlohmann::json>& records,
                          bool& stopped);
  void report(bool force);
  void start_run();
  bool cancelled() const { return m_options.cancel != nullptr && m_options.cancel->load(); }

  const StreamReader& m_reader;
  StreamStart m_start;
  ChangeSink& m_sink;
  SourceItemReader* m_source_reader;
  ReplicatorOptions m_options;

  std::vector<ShardInfo> m_shards;
  std::map<std::string, ShardCheckpoint> m_checkpoints;  ///< by shard id
  std::set<std::string> m_done;
  std::map<std::string, ShardCursor> m_cursors;  ///< by shard id; in memory only
  std::optional<double> m_needed_since;          ///< see needed_since(), from the last DescribeStream
  std::optional<TimePoint> m_last_refresh;
  TimePoint m_run_started;
  TimePoint m_last_report;
  bool m_after_first_catch_up = false;
  std::int64_t m_run_start_records = 0;

  mutable std::mutex m_mutex;  ///< guards m_progress and m_checkpoints for progress() / state()
  ReplicationProgress m_progress;
};

}  // namespace ddbmv::migrate
