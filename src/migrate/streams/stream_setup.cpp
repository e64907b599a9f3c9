#include "migrate/streams/stream_setup.h"

#include <fmt/core.h>

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
Result<void> update_stream(const dynamodb::Client& dynamodb, const std::string& table, const json& spec,
                           const Clock& clock, const StreamSetupOptions& options) {
  auto deadline = clock.now() + options.timeout;
  for (;;) {
    auto updated = dynamodb.update_table({{"TableName", table}, {"StreamSpecification", spec}});
    if (updated) {
      return {};
    }
    if (updated.error().code != "ResourceInUseException" || clock.now() >= deadline) {
      return std::unexpected(table_error(updated.error(), table, "changing the stream of"));
    }
    clock.sleep_for(options.poll);
  }
}

/// Waits until the table is ACTIVE with a stream that is `enabled`; returns its description.
Result<json> wait_for_stream(const dynamodb::Client& dynamodb, const std::string& table, bool enabled,
                             const Clock& clock, const StreamSetupOptions& options) {
  auto deadline = clock.now() + options.timeout;
  for (;;) {
    auto described = dynamodb.describe_table(table);
    if (!described) {
      return std::unexpected(table_error(described.error(), table, "describing"));
    }
    auto state = stream_state_of(*described);
    if (state.table_status == "ACTIVE" && state.enabled == enabled && (!enabled || !state.arn.empty())) {
      return *described;
    }
    if (clock.now() >= deadline) {
      return fail("Timeout",
                  fmt::format("table {} did not settle with its stream {} within {} s", table,
                              enabled ? "enabled" : "disabled",
                              std::chrono::duration_cast<std::chrono::seconds>(options.timeout).count()),
                  "check the table in the console and run apply again");
    }
    clock.sleep_for(options.poll);
  }
}

Result<void> wait_stream_enabled(const dynamodb::StreamsClient& streams, const std::string& table,
                                 const std::string& arn, const Clock& clock,
                                 const StreamSetupOptions& options) {
  auto deadline = clock.now() + options.timeout;
  for (;;) {
    auto described = streams.describe_stream(arn);
    if (described && described->value("StreamStatus", "") == "ENABLED") {
      return {};
    }
    if (!described && described.error().code != "ResourceNotFoundException") {
      return std::unexpected(table_error(described.error(), table, "describing the stream of"));
    }
    if (clock.now() >= deadline) {
      return fail("Timeout", fmt::format("the stream of table {} did not become ENABLED", table),
                  "check the table in the console and run apply again");
    }
    clock.sleep_for(options.poll);
  }
}

}  // namespace

Result<StreamStart> prepare_source_stream(const dynamodb::Client& dynamodb,
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

Result<void> release_source_stream(const dynamodb::Client& dynamodb, const StreamStart& start,
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
