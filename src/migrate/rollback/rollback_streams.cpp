/// Rollback's stream actions: the forward catch-up of apply's live writes, the capture of a new
/// table's stream, its replay onto the old table, and turning off the streams ddbmv enabled.

#include <fmt/core.h>

#include "migrate/control/waiters.h"
#include "migrate/copy/change_sink.h"
#include "migrate/journal/step_names.h"
#include "migrate/rollback/rollback_actions.h"
#include "migrate/rollback/rollback_replay.h"
#include "migrate/streams/live_writes.h"
#include "migrate/streams/stream_setup.h"

namespace ddbmv::migrate {

namespace {

Result<void> log_change(const RollbackServices& services, ChangeRecord record) {
  return services.changes == nullptr ? Result<void>{} : services.changes->record(record);
}

Result<CapturedStream> recorded_capture(const JournalState& journal, const std::string& step,
                                        const std::string& table) {
  auto captured = captured_stream(journal.result_of(step));
  if (!captured) {
    return fail(
        "NoStreamCapture",
        fmt::format("the journal records no stream position of {} (step {} is not done)", table, step),
        "re-run ddbmv rollback: it captures one first");
  }
  return std::move(*captured);
}

/// Replays `replay` with a sink onto its target table and a reader of its stream's table.
Result<ReplicationProgress> run_replay(const RollbackServices& services, Journal& journal,
                                       const StreamReplay& replay,
                                       std::optional<std::chrono::milliseconds> quiet) {
  const auto reader = make_stream_reader(services.streams);
  const auto sink = make_batch_change_sink(services.plane, replay.target, *services.clock);
  const auto items = make_source_item_reader(services.dynamodb, replay.start.table);
  return replay_stream(replay, ReplayServices{*reader, *sink, items.get(), services.clock}, journal, quiet);
}

}  // namespace

Result<Json> forward_old_writes(const RollbackServices& services, Journal& journal, const TablePlan& table) {
  auto captured = recorded_capture(journal.state(), live_stream_step(table.source), table.source);
  if (!captured) {
    return std::unexpected(captured.error());
  }
  auto progress = run_replay(services, journal,
                             StreamReplay{captured->start,
                                          captured->from,
                                          table.target,
                                          steps::rollback_forward(table.source),
                                          {live_replicate_step(table.target)}},
                             std::nullopt);
  if (!progress) {
    return std::unexpected(progress.error());
  }
  return replay_summary(*progress);
}

Result<Json> capture_new_stream(const RollbackServices& services, const TablePlan& table,
                                bool started_earlier) {
  auto found = services.dynamodb.find_table(table.target);
  if (!found) {
    return std::unexpected(rollback_call_failure(found.error(), fmt::format("describing {}", table.target)));
  }
  if (!*found) {
    return Json{{"absent", true}};  // deleted by someone: nothing it holds can be carried back
  }
  auto start = prepare_source_stream(services.dynamodb, services.streams, table.target, started_earlier,
                                     *services.clock);
  if (!start) {
    return std::unexpected(start.error());
  }
  if (start->enabled_by_us && !started_earlier) {
    if (auto logged = log_change(
            services, {"dynamodb:UpdateTable",
                       table.target,
                       {{"StreamSpecification",
                         {{"old", {{"StreamEnabled", false}}},
                          {"new", {{"StreamEnabled", true}, {"StreamViewType", "NEW_AND_OLD_IMAGES"}}}}},
                        {"reason", "rollback: capture the writes made to it"}},
                       {}});
        !logged) {
      return std::unexpected(logged.error());
    }
  }
  return to_json(*start);
}

Result<Json> replay_new_writes(const RollbackServices& services, Journal& journal, const TablePlan& table,
                               ReplayFrom from, std::chrono::milliseconds quiet) {
  const std::string capture = from == ReplayFrom::kCutoverCapture ? steps::cutover_capture(table.target)
                                                                  : steps::rollback_capture(table.target);
  if (const Json recorded = journal.result_of(capture);
      recorded.is_object() && recorded.value("absent", false)) {
    return Json{{"absent", true}};
  }
  auto captured = recorded_capture(journal.state(), capture, table.target);
  if (!captured) {
    return std::unexpected(captured.error());
  }
  auto progress = run_replay(
      services, journal,
      StreamReplay{captured->start, captured->from, table.source, steps::rollback_replay(table.target), {}},
      quiet);
  if (!progress) {
    return std::unexpected(progress.error());
  }
  Json summary = replay_summary(*progress);
  summary["from"] = capture;
  return summary;
}

Result<Json> turn_stream_off(const RollbackServices& services, const JournalState& journal,
                             const TablePlan& table, bool old_table) {
  const std::string& name = old_table ? table.source : table.target;
  auto described = services.dynamodb.describe_table(name);
  if (!described) {
    if (described.error().code == "ResourceNotFoundException") {
      return Json{{"absent", true}};
    }
    return std::unexpected(rollback_call_failure(described.error(), fmt::format("describing {}", name)));
  }
  const bool enabled = described->value("StreamSpecification", Json::object()).value("StreamEnabled", false);
  const std::string current = described->value("LatestStreamArn", std::string());

  std::optional<StreamStart> start;
  if (old_table) {
    start = stream_start_from_json(journal.result_of(live_stream_step(table.source))).value_or(StreamStart{});
    if (start->stream_arn.empty()) {
      // Apply stopped between enabling the stream and recording it: the stream is ours (the plan
      // says the table had none), whatever its ARN.
      *start = StreamStart{name, current, "NEW_AND_OLD_IMAGES", true, std::nullopt};
    }
  } else {
    for (const auto& step : {steps::rollback_capture(table.target), steps::cutover_capture(table.target)}) {
      if (auto recorded = captured_stream(journal.result_of(step)); recorded && !start) {
        start = recorded->start;
      }
    }
  }
  if (!start || !start->enabled_by_us) {
    return Json{{"turned_off", false}, {"reason", "the table had this stream before the migration"}};
  }
  if (!enabled || current != start->stream_arn) {
    return Json{{"turned_off", false},
                {"reason", "the stream is already off, or is not the one ddbmv enabled"}};
  }
  if (auto released = release_source_stream(services.dynamodb, *start, *services.clock); !released) {
    return std::unexpected(released.error());
  }
  if (auto logged =
          log_change(services, {"dynamodb:UpdateTable",
                                name,
                                {{"StreamSpecification",
                                  {{"old", {{"StreamEnabled", true}}}, {"new", {{"StreamEnabled", false}}}}},
                                 {"reason", "rollback: ddbmv enabled this stream"}},
                                {}});
      !logged) {
    return std::unexpected(logged.error());
  }
  if (auto active = wait_table_active(services.dynamodb, *services.clock, PollPolicy{}, name); !active) {
    return std::unexpected(active.error());
  }
  return Json{{"turned_off", true}, {"stream_arn", start->stream_arn}};
}

}  // namespace ddbmv::migrate
