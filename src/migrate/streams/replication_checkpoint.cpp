#include "migrate/streams/replication_checkpoint.h"

#include <fmt/core.h>

namespace ddbmv::migrate {
namespace {

using nlohmann::json;

Result<std::string> string_field(const json& object, const char* name, const char* what) {
  auto it = object.find(name);
  if (it == object.end() || !it->is_string()) {
    return fail("InvalidJournal", fmt::format("{}: {} is missing or not a string", what, name),
                "the journal may be damaged; see `ddbmv status`");
  }
  return it->get<std::string>();
}

}  // namespace

json to_json(const StreamStart& start) {
  json out = {{"table", start.table},
              {"stream_arn", start.stream_arn},
              {"view_type", start.view_type},
              {"enabled_by_us", start.enabled_by_us},
              {"min_creation_time", nullptr}};
  if (start.min_creation_time) {
    out["min_creation_time"] = *start.min_creation_time;
  }
  return out;
}

Result<StreamStart> stream_start_from_json(const json& in) {
  if (!in.is_object()) {
    return fail("InvalidJournal", "stream start: expected an object");
  }
  StreamStart start;
  auto table = string_field(in, "table", "stream start");
  auto arn = string_field(in, "stream_arn", "stream start");
  auto view = string_field(in, "view_type", "stream start");
  if (!table || !arn || !view) {
    return std::unexpected(!table ? table.error() : (!arn ? arn.error() : view.error()));
  }
  start.table = *table;
  start.stream_arn = *arn;
  start.view_type = *view;
  start.enabled_by_us = in.value("enabled_by_us", false);
  if (auto time = in.find("min_creation_time"); time != in.end() && time->is_number()) {
    start.min_creation_time = time->get<double>();
  }
  return start;
}

json to_json(const ShardCheckpoint& checkpoint) {
  return {{"shard_id", checkpoint.shard_id},
          {"sequence_number", checkpoint.sequence_number},
          {"done", checkpoint.done},
          {"records", checkpoint.records}};
}

Result<ShardCheckpoint> shard_checkpoint_from_json(const json& in) {
  if (!in.is_object()) {
    return fail("InvalidJournal", "shard checkpoint: expected an object");
  }
  auto shard = string_field(in, "shard_id", "shard checkpoint");
  if (!shard) {
    return std::unexpected(shard.error());
  }
  auto sequence = string_field(in, "sequence_number", "shard checkpoint");
  if (!sequence) {
    return std::unexpected(sequence.error());
  }
  auto done = in.find("done");
  auto records = in.find("records");
  if (done == in.end() || !done->is_boolean() || records == in.end() || !records->is_number_integer()) {
    return fail("InvalidJournal", "shard checkpoint: done or records is missing or mistyped",
                "the journal may be damaged; see `ddbmv status`");
  }
  return ShardCheckpoint{*shard, *sequence, done->get<bool>(), records->get<std::int64_t>()};
}

ReplicationResumeState replication_resume_from(const std::vector<ShardCheckpoint>& recorded) {
  ReplicationResumeState state;
  for (const auto& checkpoint : recorded) {
    state.shards[checkpoint.shard_id] = checkpoint;
  }
  return state;
}

}  // namespace ddbmv::migrate
