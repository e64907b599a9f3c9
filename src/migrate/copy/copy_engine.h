#pragma once
/// Copies every item of one DynamoDB table into another: a parallel Scan (Segment/TotalSegments)
/// feeding BatchWriteItem through a fixed pool of writer threads and a bounded queue, so memory stays
/// bounded whatever the table's size. UnprocessedItems and throttling are retried with backoff and
/// jitter until written; nothing is dropped. Per-segment checkpoints let a crashed copy resume.
///
/// Compatibility with live writes (#7): the copy only ever PUTs whole items (idempotent: a resumed
/// or repeated copy produces no duplicates), so the caller captures the source stream's position
/// BEFORE calling copy_table and applies the stream's changes after it returns; stream records newer
/// than what the Scan saw win because they are applied later. The writer (batch_writer.h) is shared
/// with the catch-up, which writes puts and deletes through the same rate limit and retry loop.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "migrate/copy/checkpoint_reply.h"
#include "migrate/copy/copy_checkpoint.h"
#include "migrate/copy/scan_page.h"
#include "migrate/copy/table_data_plane.h"
#include "util/clock.h"
#include "util/error.h"

namespace ddbmv::migrate {

struct CopyOptions {
  std::optional<int> segments;           ///< --segments; empty: chosen from the table's size
  std::optional<double> max_write_rate;  ///< --max-write-rate, items/s over the whole copy; empty: no cap
  int scan_threads = 4;                  ///< segments scanned at once (bounded by the segment count)
  int writer_threads = 16;  ///< concurrent BatchWriteItem calls (bench_copy: 16 beat 8 by 5%, 32 no more)
  std::size_t queue_bytes = 8u << 20;    ///< bound on scanned-but-unwritten item bytes held in memory
  int scan_page_items = kScanPageItems;  ///< Scan Limit (items per page); 0: none (1 MB pages)
  bool consistent_read = false;          ///< Scan with ConsistentRead
  /// Required: time for the rate limiter and for backoff sleeps (a ManualClock in tests).
  std::shared_ptr<const Clock> clock;
  /// Optional: set to true (e.g. by a SIGINT handler) to stop at the next page; the result says stopped.
  const std::atomic<bool>* cancel = nullptr;
};

/// What a copy reports as it runs (per table), for a progress display or a summary line.
struct CopyProgress {
  std::string source;
  std::string target;
  std::int64_t items_copied = 0;  ///< items written, including those written before a resume
  std::int64_t items_estimated =
      0;                        ///< the source's ItemCount from DescribeTable (approximate; 0 if unknown)
  double items_per_second = 0;  ///< over the last few seconds of this run
  int segments_done = 0;
  int total_segments = 0;
  std::chrono::milliseconds elapsed{0};  ///< of this run
};

struct CopyCallbacks {
  /// Called after each Scan page of a segment is entirely written (in page order within a segment,
  /// and once with done=true at the segment's end). Calls are never concurrent and always come from
  /// the thread that called copy_table, so the caller can append to its journal (and fsync) here.
  /// Returning kStop ends the copy at once, as a crash would: nothing else is written or reported
  /// afterwards and copy_table returns with `stopped`.
  std::function<CheckpointReply(const SegmentCheckpoint&)> on_checkpoint;
  /// Called from the calling thread about every 200 ms and once at the end.
  std::function<void(const CopyProgress&)> on_progress;
};

struct CopyResult {
  int total_segments = 0;
  std::int64_t items_written = 0;  ///< by this run (a resumed copy may rewrite items of an unfinished page)
  std::int64_t items_total = 0;    ///< sum of the final checkpoints' items_written (all runs)
  bool stopped = false;            ///< ended early: a checkpoint reply of kStop, or `cancel`
  std::chrono::milliseconds elapsed{0};
};

/// The segment count for a table of `size_bytes` and `item_count`: one per 64 MiB, at least 1, at
/// most 64, and at least 4 once the table has 10,000 items (so Scan keeps the writers fed).
/// `override_segments` (--segments) wins when given.
int choose_segment_count(std::int64_t size_bytes, std::int64_t item_count,
                         std::optional<int> override_segments);

/// Copies `source` into `target` (which must exist with the same key schema), continuing from
/// `resume` (segments marked done are skipped; others start from their last_evaluated_key).
/// A non-retryable error, or a retryable one that persists, stops the copy with an Error naming the
/// table and segment; checkpoints already reported stay valid for a later resume.
Result<CopyResult> copy_table(const TableDataPlane& source_plane, const TableDataPlane& target_plane,
                              const std::string& source, const std::string& target,
                              const CopyOptions& options, const CopyResumeState& resume,
                              const CopyCallbacks& callbacks);

}  // namespace ddbmv::migrate
