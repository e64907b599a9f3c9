#include "migrate/rollback/rollback_replay.h"

#include <fmt/core.h>

#include <algorithm>
#include <mutex>

#include "migrate/streams/cutover_capture.h"

namespace ddbmv::migrate {

ReplicationResumeState replay_resume_state(const JournalState& journal, const std::vector<std::string>& steps,
                                           ReplicationResumeState from) {
  std::vector<ShardCheckpoint> recorded;
  for (auto& [id, checkpoint] : from.shards) {
    recorded.push_back(std::move(checkpoint));
  }
  for (const auto& record : journal.records) {
    if (record.event != JournalEvent::kCheckpoint ||
        std::find(steps.begin(), steps.end(), record.step) == steps.end()) {
      continue;
    }
    if (auto checkpoint = shard_checkpoint_from_json(record.data)) {
      recorded.push_back(std::move(*checkpoint));
    }
  }
  return replication_resume_from(recorded);
}

Result<ReplicationProgress> replay_stream(const StreamReplay& replay, const ReplayServices& services,
                                          Journal& journal, std::optional<std::chrono::milliseconds> quiet) {
  std::vector<std::string> steps = replay.continues;
  steps.push_back(replay.step);
  std::mutex error_mutex;
  std::optional<Error> journal_error;
  ReplicatorOptions options;
  options.clock = services.clock;
  options.on_checkpoint = [&](const ShardCheckpoint& checkpoint) {
    auto recorded = journal.checkpoint(replay.step, to_json(checkpoint));
    if (recorded) {
      return CheckpointReply::kContinue;
    }
    std::lock_guard lock(error_mutex);
    journal_error = recorded.error();
    return CheckpointReply::kStop;
  };
  StreamReplicator replicator(services.reader, replay.start, replay.target,
                              replay_resume_state(journal.state(), steps, replay.from), services.sink,
                              services.items, options);
  const std::atomic<bool> stop{true};
  auto result = quiet ? replicator.follow(stop, *quiet) : replicator.catch_up();
  if (journal_error) {
    return std::unexpected(*journal_error);
  }
  if (!result) {
    if (result.error().code == "TrimmedDataAccessException") {
      return fail(
          "StreamTrimmed",
          fmt::format("the stream of {} no longer holds every record since it was captured (DynamoDB "
                      "keeps stream records 24 hours), so the writes made to {} since then cannot all "
                      "be applied to {}",
                      replay.start.table, replay.start.table, replay.target),
          fmt::format("compare {} with {} by hand and copy what is missing; the journal step {} "
                      "records how far the replay got",
                      replay.start.table, replay.target, replay.step));
    }
    return std::unexpected(result.error());
  }
  return result;
}

Json replay_summary(const ReplicationProgress& progress) {
  return Json{{"records_applied", progress.records_applied},
              {"writes", progress.writes},
              {"shards", progress.shards_total},
              {"max_seconds_behind", progress.max_seconds_behind}};
}

}  // namespace ddbmv::migrate
