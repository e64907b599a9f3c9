#include "migrate/copy/checkpoint_sequencer.h"

namespace ddbmv::migrate {

CheckpointSequencer::CheckpointSequencer(int total_segments, const CopyResumeState& resume)
    : m_total_segments(total_segments) {
  for (int segment = 0; segment < total_segments; ++segment) {
    m_segments[segment] = Segment{};
  }
  for (const auto& checkpoint : resume.segments) {
    auto& state = m_segments[checkpoint.segment];
    state.items_written = checkpoint.items_written;
    state.done = checkpoint.done;
  }
}

std::uint64_t CheckpointSequencer::page_scanned(int segment, std::int64_t items,
                                                nlohmann::json last_evaluated_key, int batches,
                                                std::vector<SegmentCheckpoint>& ready) {
  std::lock_guard lock(m_mutex);
  auto& state = m_segments[segment];
  const std::uint64_t id = state.first_page + state.pages.size();
  state.pages.push_back(Page{batches, items, std::move(last_evaluated_key)});
  release_locked(segment, state, ready);
  return id;
}

void CheckpointSequencer::batch_written(int segment, std::uint64_t page,
                                        std::vector<SegmentCheckpoint>& ready) {
  std::lock_guard lock(m_mutex);
  auto& state = m_segments[segment];
  state.pages[page - state.first_page].batches_left -= 1;
  release_locked(segment, state, ready);
}

void CheckpointSequencer::release_locked(int segment, Segment& state, std::vector<SegmentCheckpoint>& ready) {
  while (!state.pages.empty() && state.pages.front().batches_left == 0) {
    Page page = std::move(state.pages.front());
    state.pages.pop_front();
    ++state.first_page;
    state.items_written += page.items;
    state.done = page.last_evaluated_key.is_null();
    ready.push_back(SegmentCheckpoint{segment, m_total_segments, std::move(page.last_evaluated_key),
                                      state.done, state.items_written});
  }
}

std::int64_t CheckpointSequencer::items_checkpointed() const {
  std::lock_guard lock(m_mutex);
  std::int64_t total = 0;
  for (const auto& [segment, state] : m_segments) {
    total += state.items_written;
  }
  return total;
}

int CheckpointSequencer::segments_done() const {
  std::lock_guard lock(m_mutex);
  int done = 0;
  for (const auto& [segment, state] : m_segments) {
    done += state.done ? 1 : 0;
  }
  return done;
}

}  // namespace ddbmv::migrate
