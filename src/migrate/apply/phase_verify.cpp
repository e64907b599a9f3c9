/// verify: count and digest of each old table against its new one (journal step verify/<source>).
/// Without live writes it follows the copy (nothing writes to either side then). With live writes it
/// follows the drain, inside the cutover: the old table no longer changes, and the keys the new side
/// wrote since the cutover began are left out of both sides (live_verify.h).

#include <fmt/core.h>

#include <chrono>

#include "migrate/apply/phases.h"
#include "migrate/journal/journal_steps.h"
#include "migrate/streams/cutover_capture.h"
#include "migrate/verify/live_verify.h"
#include "migrate/verify/new_side_keys.h"
#include "migrate/verify/verify.h"

namespace ddbmv::migrate {
namespace {

/// How long the new table's stream is read past the Scans' end, under traffic: a write is visible
/// in its stream within this (DynamoDB Streams is near real time).
constexpr auto kStreamVisibility = std::chrono::seconds(2);

nlohmann::json fingerprint_json(const TableFingerprint& fingerprint) {
  return {{"table", fingerprint.table}, {"count", fingerprint.count}, {"digest", fingerprint.digest}};
}

std::string_view kind_name(KeyDifference::Kind kind) {
  switch (kind) {
    case KeyDifference::Kind::kOnlyInSource:
      return "only_in_source";
    case KeyDifference::Kind::kOnlyInTarget:
      return "only_in_target";
    case KeyDifference::Kind::kDiffers:
      return "differs";
  }
  return "differs";
}

/// The live verify: the old table against the new one outside the keys the new side wrote.
Result<VerifyReport> verify_live(const ApplyContext& context, const TablePlan& table,
                                 nlohmann::json& record) {
  const auto journal = context.journal.state();
  auto source_stream = stream_start_from_json(journal.result_of(live_stream_step(table.source)));
  if (!source_stream) {
    return std::unexpected(source_stream.error());
  }
  auto capture = captured_target(journal, table.target);
  if (!capture) {
    return std::unexpected(capture.error());
  }
  const auto reader = make_stream_reader(context.clients.streams);
  const auto plane = make_dynamodb_data_plane(context.clients.dynamodb);
  std::int64_t target_records = 0;
  auto verified = verify_after_live_writes(
      *plane, table.source, table.target, VerifyOptions{}, [&]() -> Result<std::set<std::string>> {
        const auto until = context.clock->now() + kStreamVisibility;
        auto keys = read_new_side_keys(
            *reader, *source_stream, capture->stream, capture->from,
            [&] { return context.clock->now() < until; }, *context.clock);
        if (!keys) {
          return std::unexpected(keys.error());
        }
        target_records = keys->target_records();
        return keys->keys();
      });
  if (!verified) {
    return std::unexpected(verified.error());
  }
  record["live"] = {{"new_side_keys", verified->new_side_keys},
                    {"new_table_stream_records", target_records},
                    {"source_all", fingerprint_json(verified->source_all)}};
  return verified->compared;
}

}  // namespace

Result<void> run_verify_step(const ApplyContext& context, const TablePlan& table, PhaseReport& report) {
  const std::string step = steps::verify(table.source);
  if (context.journal.is_done(step))
    return {};
  if (auto noted = context.journal.intent(step, {{"target", table.target}}); !noted)
    return noted;
  nlohmann::json record = nlohmann::json::object();
  const auto plane = make_dynamodb_data_plane(context.clients.dynamodb);
  auto verified = context.live != nullptr
                      ? verify_live(context, table, record)
                      : verify_tables(*plane, *plane, table.source, table.target, VerifyOptions{});
  if (!verified) {
    (void)context.journal.failed(step,
                                 {{"error", verified.error().code}, {"message", verified.error().message}});
    return forward(verified);
  }
  record["source"] = fingerprint_json(verified->source);
  record["target"] = fingerprint_json(verified->target);
  record["equal"] = verified->equal;
  const std::string scope =
      context.live != nullptr ? fmt::format(" (outside {} key(s) the new side wrote since the cutover began)",
                                            record["live"].value("new_side_keys", 0))
                              : "";
  if (!verified->equal) {
    nlohmann::json samples = nlohmann::json::array();
    std::string listed;
    for (const auto& sample : verified->samples) {
      samples.push_back({{"kind", kind_name(sample.kind)}, {"key", sample.key}});
      listed += fmt::format("\n  - {} ({})", sample.key.dump(), kind_name(sample.kind));
    }
    record["samples"] = samples;
    (void)context.journal.failed(step, record);
    const std::string hint =
        context.live != nullptr
            ? fmt::format("the functions already use the new tables; put them back with ddbmv rollback {}",
                          context.plan_path.string())
            : fmt::format(
                  "if something wrote to {} during the copy, re-run ddbmv apply {} without --no-live; "
                  "otherwise undo with ddbmv rollback {} --delete-new-tables",
                  table.source, context.plan_path.string(), context.plan_path.string());
    return fail(
        "VerifyFailed",
        fmt::format("{} ({} items, digest {}) and {} ({} items, digest {}) differ{}; sample keys:{}",
                    table.source, verified->source.count, verified->source.digest.substr(0, 12), table.target,
                    verified->target.count, verified->target.digest.substr(0, 12), scope, listed),
        hint);
  }
  context.say(report, fmt::format("verified {} = {}: {} items, digest {}{}", table.source, table.target,
                                  verified->source.count, verified->source.digest.substr(0, 16), scope));
  return context.journal.done(step, record);
}

}  // namespace ddbmv::migrate
