#include "migrate/copy/copy_resume.h"

#include <fmt/core.h>

#include "migrate/journal/journal_steps.h"

namespace ddbmv::migrate {

Result<CopyResumeState> copy_resume_state(const JournalState& state, std::string_view source) {
  std::vector<SegmentCheckpoint> recorded;
  for (const auto& step : state.steps_with_prefix(steps::copy_segment_prefix(source))) {
    const auto checkpoint = state.checkpoint_of(step);
    if (checkpoint.is_null())
      continue;
    auto parsed = segment_checkpoint_from_json(checkpoint);
    if (!parsed) {
      return fail(
          "JournalCorrupt",
          fmt::format("journal step {} holds a malformed checkpoint: {}", step, parsed.error().message),
          "the journal must not be edited");
    }
    recorded.push_back(std::move(*parsed));
  }
  auto resume = resume_state_from(recorded);
  if (!resume)
    return std::unexpected(resume.error());
  const StepState* table = state.find(steps::copy_table(source));
  if (table != nullptr && table->intent.contains("total_segments")) {
    const int planned = table->intent["total_segments"].get<int>();
    if (resume->total_segments != 0 && resume->total_segments != planned) {
      return fail("JournalCorrupt",
                  fmt::format("the copy of {} was started with {} segments but its checkpoints say {}",
                              source, planned, resume->total_segments),
                  "the journal must not be edited");
    }
    resume->total_segments = planned;
  }
  return resume;
}

}  // namespace ddbmv::migrate
