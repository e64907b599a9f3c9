#include "migrate/streams/live_writes.h"

#include <fmt/core.h>

namespace ddbmv::migrate {

std::string live_stream_step(const std::string& source) {
  return "live.stream/" + source;
}
std::string live_replicate_step(const std::string& target) {
  return "live.replicate/" + target;
}
std::string live_stream_off_step(const std::string& source) {
  return "live.stream-off/" + source;
}

bool live_writes_in_effect(bool requested, const JournalState& journal, std::string& note) {
  const bool begun = !journal.steps_with_prefix(live_stream_step("")).empty();
  const bool copy_begun = !journal.steps_with_prefix("copy.table/").empty();
  note.clear();
  if (begun && !requested) {
    note = "live writes stay on: an earlier run of this migration began them before its copy";
  } else if (!begun && copy_begun && requested) {
    note = "live writes are off for this migration: its copy began with --no-live";
  }
  return begun || (requested && !copy_begun);
}

ReplicationResumeState replication_resume_from_journal(const JournalState& state, const std::string& step) {
  std::vector<ShardCheckpoint> recorded;
  for (const auto& record : state.records) {
    if (record.step != step || record.event != JournalEvent::kCheckpoint) {
      continue;
    }
    if (auto checkpoint = shard_checkpoint_from_json(record.data)) {
      recorded.push_back(std::move(*checkpoint));
    }
  }
  return replication_resume_from(recorded);
}

struct LiveWrites::Table {
  const TablePlan* plan = nullptr;
  StreamStart start;
  std::unique_ptr<StreamReader> reader;
  std::unique_ptr<TableDataPlane> target_plane;
  std::unique_ptr<ChangeSink> sink;
  std::unique_ptr<SourceItemReader> source_reader;
  std::unique_ptr<StreamReplicator> replicator;
  std::unique_ptr<BackgroundReplication> background;
};

LiveWrites::LiveWrites(const Plan& plan, const Clients& clients, Journal& journal,
                       std::shared_ptr<const Clock> clock, LiveWritesOptions options)
    : m_plan(plan),
      m_clients(clients),
      m_journal(journal),
      m_clock(std::move(clock)),
      m_options(std::move(options)) {}

LiveWrites::~LiveWrites() {
  for (auto& table : m_tables) {
    table->background.reset();  // stops and joins before the replicator goes
  }
}

Result<void> LiveWrites::capture_streams() {
  for (const auto& table : m_plan.tables) {
    auto step = live_stream_step(table.source);
    if (m_journal.is_done(step)) {
      continue;
    }
    bool enabled_earlier = m_journal.state().find(step) != nullptr;  // an intent without an outcome
    if (auto recorded = m_journal.intent(step, {{"table", table.source}}); !recorded) {
      return recorded;
    }
    auto start = prepare_source_stream(m_clients.dynamodb, m_clients.streams, table.source, enabled_earlier,
                                       *m_clock, m_options.setup);
    if (!start) {
      (void)m_journal.failed(step, {{"code", start.error().code}, {"message", start.error().message}});
      return std::unexpected(start.error());
    }
    if (auto recorded = m_journal.done(step, to_json(*start)); !recorded) {
      return recorded;
    }
  }
  return {};
}

CheckpointReply LiveWrites::record_checkpoint(const std::string& step, const ShardCheckpoint& checkpoint,
                                              const StreamReplicator* replicator) {
  auto data = to_json(checkpoint);
  if (replicator != nullptr) {
    // The lag as the previous page left it (this page's is known once it is checkpointed): what
    // `ddbmv status` shows while a replication runs.
    const auto progress = replicator->progress();
    data["records_applied"] = progress.records_applied;
    data["seconds_behind"] = progress.seconds_behind;
  }
  auto recorded = m_journal.checkpoint(step, std::move(data));
  if (recorded) {
    return CheckpointReply::kContinue;
  }
  std::lock_guard lock(m_error_mutex);
  m_journal_error = recorded.error();
  return CheckpointReply::kStop;
}

Result<void> LiveWrites::open_replicators() {
  if (!m_tables.empty()) {
    return {};
  }
  auto journal_state = m_journal.state();
  for (const auto& table_plan : m_plan.tables) {
    auto start = stream_start_from_json(m_journal.result_of(live_stream_step(table_plan.source)));
    if (!start) {
      return fail("LiveWritesNotCaptured",
                  fmt::format("the journal holds no stream position for table {}", table_plan.source),
                  "the copy began without live writes; run `ddbmv rollback` and apply again");
    }
    auto table = std::make_unique<Table>();
    table->plan = &table_plan;
    table->start = std::move(*start);
    table->reader = make_stream_reader(m_clients.streams);
    table->target_plane = make_dynamodb_data_plane(m_clients.dynamodb);
    table->sink =
        make_batch_change_sink(*table->target_plane, table_plan.target, *m_clock, m_options.parallel_batches);
    table->source_reader = make_source_item_reader(m_clients.dynamodb, table_plan.source);
    auto step = live_replicate_step(table_plan.target);
    ReplicatorOptions options;
    options.clock = m_clock;
    options.records_per_call = m_options.records_per_call;
    options.on_checkpoint = [this, step, table = table.get()](const ShardCheckpoint& checkpoint) {
      return record_checkpoint(step, checkpoint, table->replicator.get());
    };
    options.on_progress = m_options.on_progress;
    table->replicator = std::make_unique<StreamReplicator>(
        *table->reader, table->start, table_plan.target, replication_resume_from_journal(journal_state, step),
        *table->sink, table->source_reader.get(), options);
    m_tables.push_back(std::move(table));
  }
  return {};
}

Result<void> LiveWrites::catch_up() {
  if (auto opened = open_replicators(); !opened) {
    return opened;
  }
  for (auto& table : m_tables) {
    if (m_journal.is_done(live_replicate_step(table->plan->target))) {
      continue;
    }
    auto result = table->replicator->catch_up();
    if (!result) {
      return std::unexpected(result.error());
    }
    std::lock_guard lock(m_error_mutex);
    if (m_journal_error) {
      return std::unexpected(*m_journal_error);
    }
  }
  return {};
}

Result<void> LiveWrites::start_following() {
  if (auto opened = open_replicators(); !opened) {
    return opened;
  }
  for (auto& table : m_tables) {
    if (!table->background && !m_journal.is_done(live_replicate_step(table->plan->target))) {
      table->background = std::make_unique<BackgroundReplication>(*table->replicator, m_options.quiet);
    }
  }
  return {};
}

Result<void> LiveWrites::drain() {
  if (auto started = start_following(); !started) {
    return started;
  }
  for (auto& table : m_tables) {
    if (table->background) {
      table->background->request_stop();  // every table's quiet interval runs at the same time
    }
  }
  std::optional<Error> first_error;
  for (auto& table : m_tables) {
    if (!table->background) {
      continue;
    }
    auto result = table->background->stop_and_drain();
    table->background.reset();
    if (!result && !first_error) {
      first_error = result.error();
    }
    if (!result) {
      continue;
    }
    std::lock_guard lock(m_error_mutex);
    if (m_journal_error && !first_error) {
      first_error = m_journal_error;
    }
    if (first_error) {
      continue;
    }
    nlohmann::json summary = {{"records_applied", result->records_applied},
                              {"writes", result->writes},
                              {"max_seconds_behind", result->max_seconds_behind},
                              {"shards", result->shards_total}};
    if (auto recorded = m_journal.done(live_replicate_step(table->plan->target), summary); !recorded) {
      first_error = recorded.error();
    }
  }
  if (first_error) {
    return std::unexpected(*first_error);
  }
  return {};
}

Result<void> LiveWrites::release_streams() {
  for (const auto& table : m_plan.tables) {
    auto step = live_stream_off_step(table.source);
    if (m_journal.is_done(step)) {
      continue;
    }
    auto start = stream_start_from_json(m_journal.result_of(live_stream_step(table.source)));
    if (!start || !start->enabled_by_us) {
      continue;
    }
    if (auto recorded = m_journal.intent(step, {{"stream_arn", start->stream_arn}}); !recorded) {
      return recorded;
    }
    if (auto released = release_source_stream(m_clients.dynamodb, *start, *m_clock, m_options.setup);
        !released) {
      return released;
    }
    if (auto recorded = m_journal.done(step); !recorded) {
      return recorded;
    }
  }
  return {};
}

std::vector<ReplicationProgress> LiveWrites::progress() const {
  std::vector<ReplicationProgress> out;
  for (const auto& table : m_tables) {
    out.push_back(table->replicator->progress());
  }
  return out;
}

}  // namespace ddbmv::migrate
