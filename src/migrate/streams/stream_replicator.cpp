#include "migrate/streams/stream_replicator.h"

#include <fmt/core.h>

#include <algorithm>

#include "migrate/streams/stream_record_apply.h"

namespace ddbmv::migrate {
namespace {

using Milliseconds = std::chrono::milliseconds;

Error stream_error(const aws::AwsError& error, const StreamStart& start, const std::string& shard) {
  // Not AwsError::to_error: the message is rebuilt here to name the stream's table and shard.
  Error out{error.code,
            fmt::format("{} {} failed: {} ({})", error.service, error.operation, error.message, error.code),
            error.retryable ? "run apply again to continue from the last checkpoint" : ""};
  if (error.code == "TrimmedDataAccessException") {
    out.message =
        fmt::format("the stream of table {} no longer holds records of shard {} (older than 24 hours)",
                    start.table, shard);
    out.hint = "the copy must be redone: run `ddbmv rollback` and apply the plan again";
  } else if (!shard.empty()) {
    out.message =
        fmt::format("reading shard {} of the stream of table {}: {}", shard, start.table, out.message);
  }
  return out;
}

}  // namespace

StreamReplicator::StreamReplicator(const StreamReader& reader, StreamStart start, std::string target,
                                   ReplicationResumeState resume, ChangeSink& sink,
                                   SourceItemReader* source_reader, ReplicatorOptions options)
    : m_reader(reader),
      m_start(std::move(start)),
      m_sink(sink),
      m_source_reader(source_reader),
      m_options(std::move(options)),
      m_checkpoints(std::move(resume.shards)) {
  for (const auto& [id, checkpoint] : m_checkpoints) {
    if (checkpoint.done) {
      m_done.insert(id);
    }
  }
  m_progress.source = m_start.table;
  m_progress.target = std::move(target);
}

ReplicationProgress StreamReplicator::progress() const {
  std::lock_guard lock(m_mutex);
  return m_progress;
}

ReplicationResumeState StreamReplicator::state() const {
  std::lock_guard lock(m_mutex);
  return ReplicationResumeState{m_checkpoints};
}

Result<ReplicationProgress> StreamReplicator::catch_up() {
  if (image_source_for(m_start.view_type) == ImageSource::kReadSource && m_source_reader == nullptr) {
    return fail("InvalidArgument", fmt::format("the stream of table {} is {}: a source reader is needed",
                                               m_start.table, m_start.view_type));
  }
  start_run();
  for (;;) {
    auto result = pass();
    if (!result) {
      return std::unexpected(result.error());
    }
    if (result->stopped || !result->found_records) {
      std::lock_guard lock(m_mutex);
      m_progress.stopped = result->stopped;
      m_progress.caught_up = !result->stopped;
      if (m_progress.caught_up) {
        m_progress.seconds_behind = 0;
      }
      break;
    }
  }
  m_after_first_catch_up = true;
  report(true);
  return progress();
}

Result<ReplicationProgress> StreamReplicator::follow(const std::atomic<bool>& stop, Milliseconds quiet) {
  if (image_source_for(m_start.view_type) == ImageSource::kReadSource && m_source_reader == nullptr) {
    return fail("InvalidArgument", fmt::format("the stream of table {} is {}: a source reader is needed",
                                               m_start.table, m_start.view_type));
  }
  start_run();
  std::optional<TimePoint> stop_seen;
  TimePoint last_found = m_run_started;
  for (;;) {
    bool stopping = stop.load();
    if (stopping && !stop_seen) {
      stop_seen = m_options.clock->now();
    }
    auto result = pass();
    if (!result) {
      return std::unexpected(result.error());
    }
    if (result->stopped) {
      std::lock_guard lock(m_mutex);
      m_progress.stopped = true;
      break;
    }
    TimePoint now = m_options.clock->now();
    if (result->found_records) {
      last_found = now;
      continue;
    }
    {
      std::lock_guard lock(m_mutex);
      m_progress.caught_up = true;
      m_progress.seconds_behind = 0;
    }
    report(false);
    if (stop_seen && now - std::max(*stop_seen, last_found) >= quiet) {
      break;
    }
    m_options.clock->sleep_for(m_options.idle_wait);
  }
  report(true);
  return progress();
}

void StreamReplicator::start_run() {
  m_run_started = m_options.clock->now();
  m_last_report = m_run_started;
  std::lock_guard lock(m_mutex);
  m_run_start_records = m_progress.records_applied;
  m_progress.stopped = false;
}

Result<StreamReplicator::PassResult> StreamReplicator::pass() {
  TimePoint now = m_options.clock->now();
  if (!m_last_refresh || now - *m_last_refresh >= m_options.shard_refresh) {
    if (auto refreshed = refresh_shards(); !refreshed) {
      return std::unexpected(refreshed.error());
    }
  }
  PassResult result;
  for (const auto& shard : ready_shards(m_shards, m_done)) {
    if (cancelled()) {
      result.stopped = true;
      return result;
    }
    auto found = read_shard(shard, result.stopped);
    if (!found) {
      return std::unexpected(found.error());
    }
    if (result.stopped) {
      return result;
    }
    result.found_records = result.found_records || *found;
  }
  return result;
}

Result<void> StreamReplicator::refresh_shards() {
  auto description = m_reader.describe_stream(m_start.stream_arn);
  if (!description) {
    return std::unexpected(stream_error(description.error(), m_start, ""));
  }
  m_shards = lineage_order(shards_from_description(*description));
  m_needed_since = needed_since(m_start, *description);
  m_last_refresh = m_options.clock->now();
  std::lock_guard lock(m_mutex);
  m_progress.shards_total = static_cast<int>(m_shards.size());
  m_progress.shards_done = static_cast<int>(std::count_if(
      m_shards.begin(), m_shards.end(), [&](const ShardInfo& shard) { return m_done.contains(shard.id); }));
  return {};
}

ShardCursor& StreamReplicator::cursor_for(const std::string& shard_id) {
  auto found = m_cursors.find(shard_id);
  if (found == m_cursors.end()) {
    auto checkpoint = m_checkpoints.find(shard_id);
    found = m_cursors
                .try_emplace(shard_id, m_reader, m_start.stream_arn, shard_id,
                             checkpoint != m_checkpoints.end() ? checkpoint->second.sequence_number : "")
                .first;
  }
  return found->second;
}

Result<bool> StreamReplicator::read_shard(const ShardInfo& shard, bool& stopped) {
  bool found = false;
  ShardCursor& cursor = cursor_for(shard.id);
  for (int page = 0; page < m_options.pages_per_turn; ++page) {
    auto records = cursor.next_page(m_options.records_per_call, m_needed_since, m_options.clock->now());
    if (!records) {
      return std::unexpected(stream_error(records.error(), m_start, shard.id));
    }
    if (!records->records.empty()) {
      found = true;
      if (auto applied = apply_page(shard.id, records->records, stopped); !applied || stopped) {
        if (!applied) {
          return std::unexpected(applied.error());
        }
        return found;
      }
    }
    if (records->next_shard_iterator.empty()) {
      // Closed and read to its end: its children may be read now.
      m_cursors.erase(shard.id);
      ShardCheckpoint checkpoint = m_checkpoints[shard.id];
      checkpoint.shard_id = shard.id;
      checkpoint.done = true;
      if (m_options.on_checkpoint && m_options.on_checkpoint(checkpoint) == CheckpointReply::kStop) {
        stopped = true;
        return found;
      }
      {
        std::lock_guard lock(m_mutex);
        m_checkpoints[shard.id] = checkpoint;
        ++m_progress.shards_done;
      }
      m_done.insert(shard.id);
      m_last_refresh.reset();  // look for the children
      return true;
    }
    if (records->records.empty()) {
      break;
    }
  }
  return found;
}

Result<void> StreamReplicator::apply_page(const std::string& shard_id,
                                          const std::vector<nlohmann::json>& records, bool& stopped) {
  auto source = image_source_for(m_start.view_type);
  auto page = fold_records(records, source, m_start.min_creation_time);
  if (!page) {
    return std::unexpected(page.error());
  }
  {
    std::lock_guard lock(m_mutex);
    m_progress.records_behind = page->records;
  }
  std::vector<WriteRequest> requests;
  requests.reserve(page->changes.size());
  for (const auto& change : page->changes) {
    if (change.kind == KeyChange::Kind::kPut) {
      requests.push_back({WriteRequest::Kind::kPut, change.item.dump()});
    } else if (change.kind == KeyChange::Kind::kDelete) {
      requests.push_back({WriteRequest::Kind::kDelete, change.key.dump()});
    } else {
      auto item = m_source_reader->get_item(change.key);
      if (!item) {
        return std::unexpected(item.error());
      }
      requests.push_back(*item ? WriteRequest{WriteRequest::Kind::kPut, (*item)->dump()}
                               : WriteRequest{WriteRequest::Kind::kDelete, change.key.dump()});
    }
  }
  if (!requests.empty()) {
    if (auto written = m_sink.write(requests); !written) {
      Error error = written.error();
      error.message = fmt::format("applying stream records of table {} to table {}: {}", m_start.table,
                                  m_progress.target, error.message);
      return std::unexpected(std::move(error));
    }
  }
  ShardCheckpoint checkpoint = m_checkpoints[shard_id];
  checkpoint.shard_id = shard_id;
  checkpoint.sequence_number = page->last_sequence_number;
  checkpoint.records += page->records;
  if (m_options.on_checkpoint && m_options.on_checkpoint(checkpoint) == CheckpointReply::kStop) {
    stopped = true;
    return {};
  }
  TimePoint now = m_options.clock->now();
  {
    std::lock_guard lock(m_mutex);
    m_checkpoints[shard_id] = checkpoint;
    m_progress.records_applied += page->records;
    m_progress.writes += static_cast<std::int64_t>(requests.size());
    m_progress.records_behind = 0;
    m_progress.caught_up = false;
    if (page->last_creation_time) {
      m_progress.seconds_behind = std::max(0.0, epoch_seconds(now) - *page->last_creation_time);
      if (m_after_first_catch_up) {
        m_progress.max_seconds_behind = std::max(m_progress.max_seconds_behind, m_progress.seconds_behind);
      }
    }
  }
  report(false);
  return {};
}

void StreamReplicator::report(bool force) {
  TimePoint now = m_options.clock->now();
  if (!force && now - m_last_report < m_options.progress_interval) {
    return;
  }
  m_last_report = now;
  ReplicationProgress snapshot;
  {
    std::lock_guard lock(m_mutex);
    m_progress.elapsed = std::chrono::duration_cast<Milliseconds>(now - m_run_started);
    double seconds = std::chrono::duration<double>(m_progress.elapsed).count();
    auto run_records = static_cast<double>(m_progress.records_applied - m_run_start_records);
    m_progress.records_per_second = seconds > 0 ? run_records / seconds : 0;
    snapshot = m_progress;
  }
  if (m_options.on_progress) {
    m_options.on_progress(snapshot);
  }
}

}  // namespace ddbmv::migrate
