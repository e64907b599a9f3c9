#include "migrate/streams/cutover_capture.h"

#include <fmt/core.h>

#include "migrate/streams/stream_to_end.h"

namespace ddbmv::migrate {

std::string cutover_capture_step(const std::string& target) {
  return "cutover.capture/" + target;
}

nlohmann::json to_json(const TargetCapture& capture) {
  nlohmann::json shards = nlohmann::json::array();
  for (const auto& [id, checkpoint] : capture.from.shards) {
    shards.push_back(to_json(checkpoint));
  }
  return {{"stream", to_json(capture.stream)}, {"shards", shards}};
}

Result<TargetCapture> target_capture_from_json(const nlohmann::json& json) {
  if (!json.is_object() || !json.contains("stream") || !json.contains("shards") ||
      !json["shards"].is_array()) {
    return fail("InvalidJournal", "cutover capture: stream or shards is missing",
                "the journal may be damaged; see `ddbmv status`");
  }
  auto stream = stream_start_from_json(json["stream"]);
  if (!stream) {
    return std::unexpected(stream.error());
  }
  TargetCapture capture{std::move(*stream), {}};
  for (const auto& shard : json["shards"]) {
    auto checkpoint = shard_checkpoint_from_json(shard);
    if (!checkpoint) {
      return std::unexpected(checkpoint.error());
    }
    capture.from.shards[checkpoint->shard_id] = std::move(*checkpoint);
  }
  return capture;
}

Result<void> capture_target_streams(const Plan& plan, const Clients& clients, Journal& journal,
                                    const Clock& clock, const StreamSetupOptions& options) {
  const auto reader = make_stream_reader(clients.streams);
  for (const auto& table : plan.tables) {
    const std::string step = cutover_capture_step(table.target);
    if (journal.is_done(step)) {
      continue;
    }
    const bool enabled_earlier = journal.step(step).has_value();
    if (auto noted = journal.intent(step); !noted) {
      return noted;
    }
    auto stream = prepare_source_stream(clients.dynamodb, clients.streams, table.target, enabled_earlier,
                                        clock, options);
    if (!stream) {
      (void)journal.failed(step, {{"code", stream.error().code}, {"message", stream.error().message}});
      return std::unexpected(stream.error());
    }
    stream->min_creation_time.reset();  // exact positions instead, read just below
    auto end = read_stream_to_end(
        *reader, *stream, {}, [](const std::vector<nlohmann::json>&) -> Result<void> { return {}; },
        [] { return true; }, clock);
    if (!end) {
      (void)journal.failed(step, {{"code", end.error().code}, {"message", end.error().message}});
      return std::unexpected(end.error());
    }
    if (auto noted = journal.done(step, to_json(TargetCapture{*stream, std::move(*end)})); !noted) {
      return noted;
    }
  }
  return {};
}

Result<TargetCapture> captured_target(const JournalState& journal, const std::string& target) {
  const std::string step = cutover_capture_step(target);
  if (!journal.is_done(step)) {
    return fail("NotCaptured", fmt::format("the journal has no {} record", step),
                "the cutover began without capturing the new tables' streams; run ddbmv apply again");
  }
  return target_capture_from_json(journal.result_of(step));
}

}  // namespace ddbmv::migrate
