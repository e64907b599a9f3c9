#include "migrate/streams/stream_setup.h"

#include <fmt/core.h>

#include <optional>

#include "util/poll.h"

namespace ddbmv::migrate {
namespace {

using nlohmann::json;

struct StreamState {
  bool enabled = false;
  std::string view_type;
  std::string arn;
  std::string table_status;
};

StreamState stream_state_of(const json& table) {
  StreamState state;
  state.table_status = table.value("TableStatus", "");
  if (auto spec = table.find("StreamSpecification"); spec != table.end() && spec->is_object()) {
    state.enabled = spec->value("StreamEnabled", false);
    state.view_type = spec->value("StreamViewType", "");
  }
  state.arn = table.value("LatestStreamArn", "");
  return state;
}

Error table_error(const aws::AwsError& error, const std::string& table, std::string_view doing) {
  Error out = error.to_error();
  out.message = fmt::format("{} table {}: {}", doing, table, out.message);
  return out;
}

/// Calls UpdateTable until the table accepts it (ResourceInUseException while it is updating).
Result<void> update_stream(const dynamodb::Tables& dynamodb, const std::string& table, const json& spec,
                           const Clock& clock, const StreamSetupOptions& options) {
  std::optional<Error> refused;
  auto accepted = poll_until(
      clock, options.poll, fmt::format("table {} to accept a stream change", table), [&]() -> Result<bool> {
        auto updated = dynamodb.update_table({{"TableName", table}, {"StreamSpecification", spec}});
        if (updated)
          return true;
        refused = table_error(updated.error(), table, "changing the stream of");
        if (updated.error().code != "ResourceInUseException")
          return std::unexpected(*refused);
        return false;
      });
  if (!accepted && accepted.error().code == "Timeout" && refused)
    return std::unexpected(*refused);
  return accepted;
}

/// Waits until the table is ACTIVE with a stream that is `enabled`; returns its description.
Result<json> wait_for_stream(const dynamodb::Tables& dynamodb, const std::string& table, bool enabled,
                             const Clock& clock, const StreamSetupOptions& options) {
  json last;
  auto settled = poll_until(
      clock, options.poll,
      fmt::format("table {} to settle with its stream {}", table, enabled ? "enabled" : "disabled"),
      [&]() -> Result<bool> {
        auto described = dynamodb.describe_table(table);
        if (!described)
          return std::unexpected(table_error(described.error(), table, "describing"));
        auto state = stream_state_of(*described);
        last = std::move(*described);
        return state.table_status == "ACTIVE" && state.enabled == enabled && (!enabled || !state.arn.empty());
      });
  if (!settled)
    return std::unexpected(settled.error());
  return last;
}

Result<void> wait_stream_enabled(const dynamodb::StreamsClient& streams, const std::string& table,
                                 const std::string& arn, const Clock& clock,
                                 const StreamSetupOptions& options) {
  return poll_until(
      clock, options.poll, fmt::format("the stream of table {} to become ENABLED", table),
      [&]() -> Result<bool> {
        auto described = streams.describe_stream(arn);
        if (described)
          return described->value("StreamStatus", "") == "ENABLED";
        if (described.error().code != "ResourceNotFoundException")
          return std::unexpected(table_error(described.error(), table, "describing the stream of"));
        return false;
      });
}

}  // namespace

Result<StreamStart> prepare_source_stream(const dynamodb::Tables& dynamodb,
                                          const dynamodb::StreamsClient& streams, const std::string& table,
                                          bool enabled_earlier, const Clock& clock,
                                          const StreamSetupOptions& options) {
  auto described = dynamodb.describe_table(table);
  if (!described) {
    return std::unexpected(table_error(described.error(), table, "describing"));
  }
  auto state = stream_state_of(*described);
  StreamStart start;
  start.table = table;
  if (!state.enabled) {
    json spec = {{"StreamEnabled", true}, {"StreamViewType", "NEW_AND_OLD_IMAGES"}};
    if (auto updated = update_stream(dynamodb, table, spec, clock, options); !updated) {
      return std::unexpected(updated.error());
    }
    auto settled = wait_for_stream(dynamodb, table, true, clock, options);
    if (!settled) {
      return std::unexpected(settled.error());
    }
    state = stream_state_of(*settled);
    start.enabled_by_us = true;
  } else if (enabled_earlier && state.view_type == "NEW_AND_OLD_IMAGES") {
    start.enabled_by_us = true;  // enabled by a run that crashed before recording it
  } else {
    auto since = clock.now() - options.existing_stream_margin;
    start.min_creation_time = epoch_seconds(since);
  }
  if (state.arn.empty()) {
    return fail("StreamNotFound", fmt::format("table {} reports a stream but no LatestStreamArn", table),
                "run apply again in a minute");
  }
  if (auto enabled = wait_stream_enabled(streams, table, state.arn, clock, options); !enabled) {
    return std::unexpected(enabled.error());
  }
  start.stream_arn = state.arn;
  start.view_type = state.view_type;
  return start;
}

Result<void> release_source_stream(const dynamodb::Tables& dynamodb, const StreamStart& start,
                                   const Clock& clock, const StreamSetupOptions& options) {
  if (!start.enabled_by_us) {
    return {};
  }
  auto described = dynamodb.describe_table(start.table);
  if (!described) {
    return std::unexpected(table_error(described.error(), start.table, "describing"));
  }
  auto state = stream_state_of(*described);
  if (!state.enabled || state.arn != start.stream_arn) {
    return {};  // already off, or someone else's stream now
  }
  return update_stream(dynamodb, start.table, json{{"StreamEnabled", false}}, clock, options);
}

}  // namespace ddbmv::migrate
