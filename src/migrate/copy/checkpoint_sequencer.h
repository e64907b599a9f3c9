#pragma once
/// Turns "this batch is written" events, which arrive in any order from the writer threads, into
/// per-segment checkpoints in page order: a page's checkpoint is released only when that page and
/// every earlier page of its segment are entirely written.

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <vector>

#include "migrate/copy/copy_checkpoint.h"

namespace ddbmv::migrate {

class CheckpointSequencer {
 public:
  /// Segments of `resume` start from their recorded items_written and done state.
  CheckpointSequencer(int total_segments, const CopyResumeState& resume);

  /// Registers a scanned page of `segment` holding `items` items in `batches` batches (register it
  /// before submitting any of them). Pages of one segment must be registered in scan order. A page
  /// with no batches is complete at once: its checkpoint (and any it unblocks) is appended to `ready`.
  /// Returns the page's id for batch_written.
  std::uint64_t page_scanned(int segment, std::int64_t items, nlohmann::json last_evaluated_key, int batches,
                             std::vector<SegmentCheckpoint>& ready);

  /// Records one written batch of page `page`; appends the checkpoints this completes to `ready`.
  void batch_written(int segment, std::uint64_t page, std::vector<SegmentCheckpoint>& ready);

  /// Items written in fully checkpointed pages (all segments, resumed counts included).
  std::int64_t items_checkpointed() const;
  int segments_done() const;

 private:
  struct Page {
    int batches_left = 0;
    std::int64_t items = 0;
    nlohmann::json last_evaluated_key;
  };
  struct Segment {
    std::uint64_t first_page = 0;  ///< id of pages.front()
    std::deque<Page> pages;
    std::int64_t items_written = 0;
    bool done = false;
  };

  void release_locked(int segment, Segment& state, std::vector<SegmentCheckpoint>& ready);

  int m_total_segments;
  mutable std::mutex m_mutex;
  std::map<int, Segment> m_segments;
};

}  // namespace ddbmv::migrate
