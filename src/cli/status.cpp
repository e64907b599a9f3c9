/// `ddbmv status PLAN`: where a migration stands, from its plan and journal only (no AWS call).

#include "migrate/status/status.h"

#include <fmt/core.h>

#include <filesystem>
#include <memory>

#include "cli/commands.h"
#include "cli/migration_command.h"
#include "migrate/journal/migration_files.h"

namespace ddbmv::cli {

namespace {

std::string step_text(std::string_view label, const migrate::StepSummary& step) {
  std::string text = fmt::format("{} {}", label, to_string(step.state));
  if (step.state == migrate::Progress::kFailed && !step.error.empty()) {
    text += fmt::format(" ({})", step.error);
  }
  return text;
}

void print_text(const migrate::Status& status) {
  fmt::print("migration {}   plan {}\n", status.migration_id, status.plan_path);
  if (!status.applied) {
    fmt::print("not applied: there is no journal at {}\n\nnext: {}\n", status.journal_path,
               status.next_action);
    return;
  }
  fmt::print("\n{:<13} {:<8} {:>7}  {:<24}  {}\n", "phase", "state", "steps", "started", "finished");
  for (const auto& phase : status.phases) {
    fmt::print("{:<13} {:<8} {:>7}  {:<24}  {}\n", phase.name, to_string(phase.state),
               fmt::format("{}/{}", phase.steps_done, phase.steps_total), phase.started_at,
               phase.finished_at);
  }
  fmt::print("\ntables\n");
  for (const auto& table : status.tables) {
    std::string copy = step_text("copy", table.copy);
    if (table.copy_progress.total_segments > 0) {
      copy += fmt::format(" ({}/{} segments, {} items)", table.copy_progress.segments_done,
                          table.copy_progress.total_segments, table.copy_progress.items_copied);
    }
    fmt::print("  {} -> {}\n    {} · {} · {} · {} · {}\n", table.source, table.target,
               step_text("pitr", table.pitr), step_text("backup", table.backup),
               step_text("create", table.create), copy, step_text("verify", table.verify));
    if (table.replication.live) {
      fmt::print("    {} · {} stream records applied · {:.1f} s behind{}\n",
                 step_text("live writes", table.replicate), table.replication.records_applied,
                 table.replication.seconds_behind,
                 table.replicate.state == migrate::Progress::kDone
                     ? fmt::format(" · largest lag {:.1f} s", table.replication.max_seconds_behind)
                     : std::string());
    }
    if (!table.rollback.empty()) {
      std::string line;
      for (const auto& step : table.rollback) {
        // "rollback.replay/<table>" -> "replay"
        const auto kind = step.step.substr(std::string("rollback.").size(),
                                           step.step.find('/') - std::string("rollback.").size());
        const bool old_table = step.step.ends_with("/" + table.source);
        line += (line.empty() ? "" : " · ") +
                step_text(kind == "stream-off" ? (old_table ? "stream-off (old)" : "stream-off (new)") : kind,
                          step);
      }
      fmt::print("    rollback: {}\n", line);
    }
  }
  fmt::print("\nfunctions\n");
  for (const auto& function : status.functions) {
    std::string line = fmt::format("  {}: {} · {}", function.name, step_text("cutover", function.cutover),
                                   step_text("validate", function.validate));
    if (function.rollback.state != migrate::Progress::kPending) {
      line += " · " + step_text("rollback", function.rollback);
    }
    fmt::print("{}\n", line);
  }
  if (!status.cutover_at.empty()) {
    fmt::print("\ncutover completed at {}\n", status.cutover_at);
  }
  for (const auto& note : status.notes) {
    fmt::print("\nnote: {}\n", note);
  }
  fmt::print("\nnext: {}\n", status.next_action);
}

}  // namespace

void add_status(CLI::App& app, Action& run) {
  auto* command =
      app.add_subcommand("status", "Show what the journal says is done, running, failed or pending");
  command->fallthrough();  // global options (--output, --region, ...) also after the command
  auto plan_path = std::make_shared<std::string>();
  command->add_option("PLAN", *plan_path, "The plan (DIR/plan.json or DIR)")->required();
  command->callback([&run, plan_path] {
    run = [plan_path](Context& context) {
      auto loaded = migrate::load_migration(*plan_path, migrate::JournalUse::kRead);
      if (!loaded) {
        return report_and_exit(context, loaded.error());
      }
      const auto status = migrate::build_status(loaded->plan, loaded->journal, loaded->files.plan.string(),
                                                loaded->files.journal.string());
      if (context.options().output == OutputFormat::kJson) {
        fmt::print("{}\n", migrate::to_json(status).dump(2));
      } else {
        print_text(status);
      }
      return static_cast<int>(kExitOk);
    };
  });
}

}  // namespace ddbmv::cli
