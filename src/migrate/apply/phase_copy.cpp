/// copy: with live writes, every source's stream captured first (live_writes.h); every table copied by
/// the copy engine (resuming from the journal's per-segment checkpoints); with live writes, the
/// streams caught up onto the targets, else each table verified (count and digest on both sides:
/// nothing writes to them); then deletion protection on the target where the source has it (last, so
/// that a failed copy can still be undone by deleting the target).

#include <fmt/core.h>

#include "migrate/apply/phases.h"
#include "migrate/copy/copy_resume.h"
#include "migrate/journal/journal_steps.h"

namespace ddbmv::migrate {
namespace {

Result<void> copy_one(const ApplyContext& context, const TablePlan& table, PhaseReport& report) {
  const std::string step = steps::copy_table(table.source);
  if (context.journal.is_done(step)) {
    context.say(report, fmt::format("copy {} → {}: done in an earlier run", table.source, table.target));
    return {};
  }
  auto resume = copy_resume_state(context.journal.state(), table.source);
  if (!resume)
    return forward(resume);
  if (resume->total_segments == 0) {
    resume->total_segments =
        choose_segment_count(table.size_bytes, table.item_count, context.options.segments);
    if (auto noted = context.journal.intent(
            step, {{"target", table.target}, {"total_segments", resume->total_segments}});
        !noted) {
      return noted;
    }
  }
  CopyOptions options;
  options.segments = resume->total_segments;
  options.max_write_rate = context.options.max_write_rate;
  options.clock = context.clock;
  options.cancel = context.options.cancel;
  std::optional<Error> journal_error;
  CopyCallbacks callbacks;
  callbacks.on_checkpoint = [&](const SegmentCheckpoint& checkpoint) {
    const std::string segment_step = steps::copy_segment(table.source, checkpoint.segment);
    auto noted = context.journal.checkpoint(segment_step, to_json(checkpoint));
    if (noted && checkpoint.done)
      noted = context.journal.done(segment_step, to_json(checkpoint));
    if (!noted) {
      journal_error = noted.error();
      return CheckpointReply::kStop;
    }
    return CheckpointReply::kContinue;
  };
  callbacks.on_progress = context.reporter.copy_progress;
  const auto plane = make_dynamodb_data_plane(context.clients.dynamodb);
  auto copied = copy_table(*plane, *plane, table.source, table.target, options, *resume, callbacks);
  if (journal_error)
    return std::unexpected(*journal_error);
  if (!copied) {
    (void)context.journal.failed(step, {{"error", copied.error().code}, {"message", copied.error().message}});
    return forward(copied);
  }
  if (copied->stopped) {
    return fail("Interrupted", fmt::format("the copy of {} was stopped", table.source),
                fmt::format("run ddbmv apply {} again: the copy continues from its last checkpoint",
                            context.plan_path.string()));
  }
  if (context.reporter.copy_finished) {
    CopyProgress progress;
    progress.source = table.source;
    progress.target = table.target;
    progress.items_copied = copied->items_total;
    progress.items_estimated = table.item_count;
    progress.segments_done = progress.total_segments = copied->total_segments;
    progress.elapsed = copied->elapsed;
    if (copied->elapsed.count() > 0) {
      progress.items_per_second =
          static_cast<double>(copied->items_written) * 1000.0 / static_cast<double>(copied->elapsed.count());
    }
    context.reporter.copy_finished(progress);
  }
  context.say(report, fmt::format("copied {} items {} → {} ({} segments)", copied->items_total, table.source,
                                  table.target, copied->total_segments));
  return context.journal.done(step, {{"target", table.target},
                                     {"total_segments", copied->total_segments},
                                     {"items_total", copied->items_total},
                                     {"items_written", copied->items_written},
                                     {"elapsed_ms", copied->elapsed.count()}});
}

Result<void> protect_one(const ApplyContext& context, const TablePlan& table, PhaseReport& report) {
  const std::string step = steps::protect(table.target);
  if (!table.after_create.deletion_protection || context.journal.is_done(step))
    return {};
  if (auto noted = context.journal.intent(step, {{"deletion_protection", true}}); !noted)
    return noted;
  auto updated = lift(context.clients.dynamodb.update_table(
      {{"TableName", table.target}, {"DeletionProtectionEnabled", true}}));
  if (!updated)
    return forward(updated);
  if (auto logged = context.log_change("dynamodb:UpdateTable", table.target,
                                       {{"DeletionProtectionEnabled", {{"old", false}, {"new", true}}}});
      !logged) {
    return logged;
  }
  context.say(report, fmt::format("deletion protection on for {}, as on {}", table.target, table.source));
  return context.journal.done(step, {{"deletion_protection", true}});
}

Result<void> capture_streams(const ApplyContext& context, PhaseReport& report) {
  if (auto captured = context.live->capture_streams(); !captured)
    return captured;
  for (const auto& table : context.plan.tables) {
    auto start = stream_start_from_json(context.journal.result_of(live_stream_step(table.source)));
    if (!start)
      return forward(start);
    context.say(report, fmt::format("live writes: {} stream of {} ({}), read from before the copy",
                                    start->enabled_by_us ? "enabled the" : "using the existing", table.source,
                                    start->view_type));
  }
  return {};
}

Result<void> catch_up(const ApplyContext& context, PhaseReport& report) {
  if (auto caught_up = context.live->catch_up(); !caught_up)
    return caught_up;
  for (const auto& progress : context.live->progress()) {
    context.say(report,
                fmt::format("live writes: caught up {} → {}: {} stream records applied ({} writes)",
                            progress.source, progress.target, progress.records_applied, progress.writes));
  }
  return {};
}

}  // namespace

Result<PhaseReport> run_copy(const ApplyContext& context) {
  PhaseReport report{Phase::kCopy, {}, nlohmann::json::object()};
  if (context.live != nullptr) {
    if (auto captured = capture_streams(context, report); !captured)
      return forward(captured);
  }
  for (const auto& table : context.plan.tables) {
    if (auto copied = copy_one(context, table, report); !copied)
      return forward(copied);
  }
  if (context.live != nullptr) {
    if (auto caught_up = catch_up(context, report); !caught_up)
      return forward(caught_up);
  }
  for (const auto& table : context.plan.tables) {
    if (context.live == nullptr) {
      if (auto verified = run_verify_step(context, table, report); !verified)
        return forward(verified);
    }
    if (auto protected_ = protect_one(context, table, report); !protected_)
      return forward(protected_);
    report.details["tables"][table.source] = {
        {"copy", context.journal.result_of(steps::copy_table(table.source))},
        {"verify", context.journal.result_of(steps::verify(table.source))}};
  }
  return report;
}

}  // namespace ddbmv::migrate
