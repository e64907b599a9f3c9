#include "migrate/copy/copy_checkpoint.h"

#include <fmt/format.h>

#include <map>

namespace ddbmv::migrate {

nlohmann::json to_json(const SegmentCheckpoint& checkpoint) {
  return {{"segment", checkpoint.segment},
          {"total_segments", checkpoint.total_segments},
          {"last_evaluated_key", checkpoint.last_evaluated_key},
          {"done", checkpoint.done},
          {"items_written", checkpoint.items_written}};
}

Result<SegmentCheckpoint> segment_checkpoint_from_json(const nlohmann::json& json) {
  auto malformed = [&](std::string_view field) {
    return fail("InvalidJournal", fmt::format("copy checkpoint has no valid '{}': {}", field, json.dump()),
                "the journal may be damaged; re-run apply from a fresh journal");
  };
  if (!json.is_object()) {
    return malformed("object");
  }
  SegmentCheckpoint checkpoint;
  auto segment = json.find("segment");
  if (segment == json.end() || !segment->is_number_integer()) {
    return malformed("segment");
  }
  checkpoint.segment = segment->get<int>();
  auto total = json.find("total_segments");
  if (total == json.end() || !total->is_number_integer() || total->get<int>() < 1) {
    return malformed("total_segments");
  }
  checkpoint.total_segments = total->get<int>();
  if (checkpoint.segment < 0 || checkpoint.segment >= checkpoint.total_segments) {
    return malformed("segment");
  }
  auto key = json.find("last_evaluated_key");
  if (key == json.end() || !(key->is_null() || key->is_object())) {
    return malformed("last_evaluated_key");
  }
  checkpoint.last_evaluated_key = *key;
  auto done = json.find("done");
  if (done == json.end() || !done->is_boolean()) {
    return malformed("done");
  }
  checkpoint.done = done->get<bool>();
  auto items = json.find("items_written");
  if (items == json.end() || !items->is_number_integer()) {
    return malformed("items_written");
  }
  checkpoint.items_written = items->get<std::int64_t>();
  return checkpoint;
}

Result<CopyResumeState> resume_state_from(const std::vector<SegmentCheckpoint>& recorded) {
  CopyResumeState state;
  std::map<int, SegmentCheckpoint> last;
  for (const auto& checkpoint : recorded) {
    if (state.total_segments != 0 && checkpoint.total_segments != state.total_segments) {
      return fail("InvalidJournal",
                  fmt::format("copy checkpoints disagree on the segment count ({} and {})",
                              state.total_segments, checkpoint.total_segments),
                  "the journal may be damaged; re-run apply from a fresh journal");
    }
    state.total_segments = checkpoint.total_segments;
    last[checkpoint.segment] = checkpoint;
  }
  for (auto& [segment, checkpoint] : last) {
    state.segments.push_back(std::move(checkpoint));
  }
  return state;
}

}  // namespace ddbmv::migrate
