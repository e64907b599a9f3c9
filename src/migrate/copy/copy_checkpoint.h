#pragma once
/// Where a table copy stands, per Scan segment: what the journal records after every page and what a
/// resumed copy starts from.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <vector>

#include "util/error.h"

namespace ddbmv::migrate {

/// One segment's progress. Emitted only after every item the segment scanned up to
/// `last_evaluated_key` has been written to the target.
struct SegmentCheckpoint {
  int segment = 0;                    ///< 0 .. total_segments-1
  int total_segments = 1;             ///< the copy's TotalSegments; fixed for the life of a copy
  nlohmann::json last_evaluated_key;  ///< the ExclusiveStartKey to continue from; null when `done`
  bool done = false;                  ///< the segment has been scanned to its end and all of it written
  std::int64_t items_written = 0;     ///< items of this segment written so far (cumulative, across resumes)

  friend bool operator==(const SegmentCheckpoint&, const SegmentCheckpoint&) = default;
};

/// The resume state of one table copy: the LAST checkpoint recorded for each segment (any order).
/// Empty `segments` with `total_segments == 0` means a fresh copy.
struct CopyResumeState {
  int total_segments = 0;  ///< 0: not started; otherwise overrides any segment count choice
  std::vector<SegmentCheckpoint> segments;
};

/// `{"segment":0,"total_segments":8,"last_evaluated_key":{...}|null,"done":false,"items_written":123}`
nlohmann::json to_json(const SegmentCheckpoint& checkpoint);
/// The inverse of to_json; fails on a missing or mistyped field.
Result<SegmentCheckpoint> segment_checkpoint_from_json(const nlohmann::json& json);

/// Builds a resume state from checkpoints in the order they were recorded (later ones win per
/// segment). Fails when they disagree on total_segments.
Result<CopyResumeState> resume_state_from(const std::vector<SegmentCheckpoint>& recorded);

}  // namespace ddbmv::migrate
