#include "migrate/copy/copy_engine.h"

#include <fmt/format.h>

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "migrate/copy/batch_writer.h"
#include "migrate/copy/checkpoint_sequencer.h"
#include "migrate/copy/rate_limiter.h"
#include "migrate/copy/scan_page.h"
#include "migrate/copy/writer_pool.h"

namespace ddbmv::migrate {
namespace {

constexpr std::int64_t kBytesPerSegment = 64LL << 20;
constexpr int kMaxSegments = 64;
constexpr auto kProgressInterval = std::chrono::milliseconds(200);
constexpr auto kRateWindow = std::chrono::seconds(5);

std::optional<int> page_limit(int items) {
  return items > 0 ? std::optional(items) : std::nullopt;
}

struct PendingSegment {
  int segment = 0;
  nlohmann::json start_key;
};

/// Everything the scanner threads, the writer threads and the calling thread share.
class CopyRun {
 public:
  CopyRun(const TableDataPlane& source_plane, std::string source, std::string target,
          const CopyOptions& options, int total_segments, const CopyResumeState& resume,
          std::int64_t resumed_items, WriterPool& pool)
      : m_plane(source_plane),
        m_source(std::move(source)),
        m_target(std::move(target)),
        m_target_json(nlohmann::json(m_target).dump()),
        m_options(options),
        m_total_segments(total_segments),
        m_sequencer(total_segments, resume),
        m_pool(pool),
        m_resumed_items(resumed_items) {}

  /// One scanner thread: takes segments from `segments` until none is left or the copy stops.
  void scan(const std::vector<PendingSegment>& segments, std::atomic<std::size_t>& next) {
    while (!stopping()) {
      const std::size_t index = next.fetch_add(1);
      if (index >= segments.size()) {
        break;
      }
      if (!scan_segment(segments[index])) {
        break;
      }
    }
    std::lock_guard lock(m_mutex);
    --m_scanners_running;
    m_wake.notify_all();
  }

  void scanner_started() {
    std::lock_guard lock(m_mutex);
    ++m_scanners_running;
  }

  /// Runs on the calling thread: delivers checkpoints and progress until the copy is finished,
  /// failed or stopped. Returns true when stopped by a checkpoint reply (a simulated crash).
  bool coordinate(const CopyCallbacks& callbacks, std::int64_t items_estimated) {
    const TimePoint start = m_options.clock->now();
    auto last_progress = std::chrono::steady_clock::now() - kProgressInterval;
    std::deque<std::pair<TimePoint, std::int64_t>> samples;
    while (true) {
      std::vector<SegmentCheckpoint> ready;
      bool finished = false;
      {
        std::unique_lock lock(m_mutex);
        m_wake.wait_for(lock, kProgressInterval,
                        [&] { return !m_ready.empty() || m_error || idle_locked(); });
        ready.swap(m_ready);
        finished = (m_error.has_value() || idle_locked()) && ready.empty();
        if (m_error) {
          return false;  // reported by the caller; no further checkpoints after a failure
        }
      }
      for (const auto& checkpoint : ready) {
        if (callbacks.on_checkpoint && callbacks.on_checkpoint(checkpoint) == CheckpointReply::kStop) {
          m_hard_stop = true;
          return true;
        }
      }
      if (m_options.cancel != nullptr && m_options.cancel->load()) {
        m_cancelled = true;
      }
      const auto now_steady = std::chrono::steady_clock::now();
      if (callbacks.on_progress && (finished || now_steady - last_progress >= kProgressInterval)) {
        last_progress = now_steady;
        callbacks.on_progress(make_progress(start, samples, items_estimated));
      }
      if (finished) {
        return false;
      }
    }
  }

  void stop_hard() { m_hard_stop = true; }
  bool cancelled() const { return m_cancelled; }
  std::optional<Error> error() {
    std::lock_guard lock(m_mutex);
    return m_error;
  }
  std::int64_t items_written() const { return m_items_written.load(); }
  const CheckpointSequencer& sequencer() const { return m_sequencer; }

 private:
  bool stopping() const { return m_hard_stop.load() || m_cancelled.load() || m_failed.load(); }

  bool idle_locked() const { return m_scanners_running == 0 && m_batches_in_flight == 0; }

  void report_error(Error error) {
    std::lock_guard lock(m_mutex);
    if (!m_error) {
      m_error = std::move(error);
    }
    m_failed = true;
    m_wake.notify_all();
  }

  /// Scans one segment to its end; false when the copy is stopping or failed.
  bool scan_segment(const PendingSegment& pending) {
    ScanInput input{m_source,          pending.segment,           m_total_segments,
                    pending.start_key, m_options.consistent_read, page_limit(m_options.scan_page_items)};
    while (true) {
      if (m_options.cancel != nullptr && m_options.cancel->load()) {
        m_cancelled = true;
      }
      if (stopping()) {
        return false;
      }
      auto response = m_plane.scan_raw(build_scan_body(input));
      if (!response) {
        report_error(segment_error(pending.segment, "Scan", response.error().to_error()));
        return false;
      }
      auto page = ScannedPage::parse(std::move(*response));
      if (!page) {
        report_error(segment_error(pending.segment, "Scan", page.error()));
        return false;
      }
      if (!submit_page(pending.segment, *page)) {
        return false;
      }
      if (page->last_evaluated_key().is_null()) {
        return true;
      }
      input.exclusive_start_key = page->last_evaluated_key();
    }
  }

  bool submit_page(int segment, const ScannedPage& page) {
    const auto batches = plan_batches(page);
    std::uint64_t id = 0;
    {
      // Under m_mutex so checkpoints reach m_ready in the order the sequencer releases them.
      std::lock_guard lock(m_mutex);
      id = m_sequencer.page_scanned(segment, static_cast<std::int64_t>(page.size()),
                                    page.last_evaluated_key(), static_cast<int>(batches.size()), m_ready);
      m_wake.notify_all();
    }
    for (const auto& [first, last] : batches) {
      const auto count = static_cast<std::int64_t>(last - first);
      {
        std::lock_guard lock(m_mutex);
        ++m_batches_in_flight;
      }
      WriteJob job{
          build_put_body(m_target_json, page, first, last), count,
          [this, segment, id, count](const Result<void>& result) { batch_done(segment, id, count, result); }};
      if (!m_pool.submit(std::move(job))) {
        std::lock_guard lock(m_mutex);
        --m_batches_in_flight;
        m_wake.notify_all();
        return false;
      }
    }
    return true;
  }

  void batch_done(int segment, std::uint64_t page, std::int64_t count, const Result<void>& result) {
    if (!result) {
      report_error(segment_error(segment, "BatchWriteItem", result.error()));
    }
    std::lock_guard lock(m_mutex);
    if (result) {
      m_items_written += count;
      m_sequencer.batch_written(segment, page, m_ready);
    }
    --m_batches_in_flight;
    m_wake.notify_all();
  }

  Error segment_error(int segment, std::string_view operation, const Error& cause) const {
    return Error{cause.code,
                 fmt::format("copying table {} to {} stopped in segment {} of {} ({}): {}", m_source,
                             m_target, segment, m_total_segments, operation, cause.message),
                 cause.hint.empty()
                     ? "fix the cause and re-run apply: the copy resumes from its last checkpoint"
                     : cause.hint};
  }

  CopyProgress make_progress(TimePoint start, std::deque<std::pair<TimePoint, std::int64_t>>& samples,
                             std::int64_t items_estimated) const {
    const TimePoint now = m_options.clock->now();
    const std::int64_t written = m_items_written.load();
    samples.emplace_back(now, written);
    while (samples.size() > 2 && now - samples[1].first >= kRateWindow) {
      samples.pop_front();
    }
    CopyProgress progress;
    progress.source = m_source;
    progress.target = m_target;
    progress.items_copied = m_resumed_items + written;
    progress.items_estimated = items_estimated;
    const double seconds = std::chrono::duration<double>(now - samples.front().first).count();
    progress.items_per_second =
        seconds > 0 ? static_cast<double>(written - samples.front().second) / seconds : 0;
    progress.segments_done = m_sequencer.segments_done();
    progress.total_segments = m_total_segments;
    progress.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(now - start);
    return progress;
  }

 private:
  const TableDataPlane& m_plane;
  std::string m_source;
  std::string m_target;
  std::string m_target_json;
  const CopyOptions& m_options;
  int m_total_segments;
  CheckpointSequencer m_sequencer;
  WriterPool& m_pool;
  std::int64_t m_resumed_items;  ///< items written before this run (from the resume state)

  std::mutex m_mutex;
  std::condition_variable m_wake;
  std::vector<SegmentCheckpoint> m_ready;
  std::optional<Error> m_error;
  int m_scanners_running = 0;
  std::int64_t m_batches_in_flight = 0;
  std::atomic<bool> m_hard_stop{false};
  std::atomic<bool> m_cancelled{false};
  std::atomic<bool> m_failed{false};
  std::atomic<std::int64_t> m_items_written{0};
};

std::int64_t json_int(const nlohmann::json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_number() ? it->get<std::int64_t>() : 0;
}

}  // namespace

int choose_segment_count(std::int64_t size_bytes, std::int64_t item_count,
                         std::optional<int> override_segments) {
  if (override_segments) {
    return std::clamp(*override_segments, 1, 1'000'000);
  }
  int segments = static_cast<int>(
      std::clamp<std::int64_t>((size_bytes + kBytesPerSegment - 1) / kBytesPerSegment, 1, kMaxSegments));
  if (item_count >= 10'000) {
    segments = std::max(segments, 4);
  }
  return segments;
}

Result<CopyResult> copy_table(const TableDataPlane& source_plane, const TableDataPlane& target_plane,
                              const std::string& source, const std::string& target,
                              const CopyOptions& options, const CopyResumeState& resume,
                              const CopyCallbacks& callbacks) {
  if (!options.clock) {
    return fail("InvalidArgument", "copy_table needs a clock");
  }
  const TimePoint start = options.clock->now();
  auto description = source_plane.describe_table(source);
  if (!description) {
    return std::unexpected(description.error().to_error());
  }
  const std::int64_t item_count = json_int(*description, "ItemCount");
  const int total_segments =
      resume.total_segments > 0
          ? resume.total_segments
          : choose_segment_count(json_int(*description, "TableSizeBytes"), item_count, options.segments);

  std::vector<PendingSegment> pending;
  std::int64_t resumed_items = 0;
  for (int segment = 0; segment < total_segments; ++segment) {
    auto recorded = std::find_if(resume.segments.begin(), resume.segments.end(),
                                 [&](const SegmentCheckpoint& c) { return c.segment == segment; });
    if (recorded != resume.segments.end()) {
      resumed_items += recorded->items_written;
      if (recorded->done) {
        continue;
      }
      pending.push_back({segment, recorded->last_evaluated_key});
    } else {
      pending.push_back({segment, nullptr});
    }
  }

  std::optional<RateLimiter> limiter;
  if (options.max_write_rate && *options.max_write_rate > 0) {
    limiter.emplace(*options.clock, *options.max_write_rate);
  }
  BatchWriter writer(target_plane, target, *options.clock, limiter ? &*limiter : nullptr);
  WriterPool pool(writer, options.writer_threads, options.queue_bytes);
  CopyRun run(source_plane, source, target, options, total_segments, resume, resumed_items, pool);

  std::atomic<std::size_t> next{0};
  std::vector<std::thread> scanners;
  const int scanner_count =
      std::min<int>(std::max(1, options.scan_threads), static_cast<int>(pending.size()));
  for (int i = 0; i < scanner_count; ++i) {
    run.scanner_started();
    scanners.emplace_back([&] { run.scan(pending, next); });
  }
  const bool hard_stopped = run.coordinate(callbacks, item_count);
  const auto error = run.error();
  if (hard_stopped || error) {
    run.stop_hard();
  }
  pool.close(/*discard_queued=*/hard_stopped || error.has_value());
  for (auto& scanner : scanners) {
    scanner.join();
  }
  if (error) {
    return std::unexpected(*error);
  }

  CopyResult result;
  result.total_segments = total_segments;
  result.items_written = run.items_written();
  result.items_total = run.sequencer().items_checkpointed();
  result.stopped = hard_stopped || run.cancelled();
  result.elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(options.clock->now() - start);
  return result;
}

}  // namespace ddbmv::migrate
