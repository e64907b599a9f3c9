/// `ddbmv apply DIR/plan.json`: carries out an approved plan (see migrate/apply.h), asking for
/// confirmation on a terminal unless --yes, printing what it did per phase (or a JSON summary).

#include "migrate/apply/apply.h"

#include <fmt/core.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>

#include "cli/commands.h"
#include "cli/migration_command.h"
#include "cli/progress.h"
#include "cli/test_hooks.h"
#include "migrate/plan/plan.h"

namespace ddbmv::cli {
namespace {

constexpr const char* kVersion = "0.1.0";

struct ApplyCommandOptions {
  std::string plan_path;
  bool yes = false;
  std::string until;
  std::optional<int> segments;
  std::optional<double> max_write_rate;
  std::string test_events;
  bool publish_aliases = false;
  bool no_live = false;
  double live_quiet_seconds = 5;
};

std::atomic<bool> g_interrupted{false};

extern "C" void on_interrupt(int) {
  if (g_interrupted.exchange(true))
    ::_exit(130);  // a second Ctrl-C stops at once; the journal has it all
  constexpr char kMessage[] =
      "\nddbmv: stopping after the current step (Ctrl-C again to stop now; re-run apply to continue)\n";
  [[maybe_unused]] auto written = ::write(STDERR_FILENO, kMessage, sizeof(kMessage) - 1);
}

std::string plan_summary(const migrate::Plan& plan, const std::string& path) {
  std::string out = fmt::format("Plan {} ({}), migration {}, region {}, account {}\n", path, plan.created_at,
                                plan.migration_id, plan.region, plan.account);
  out += fmt::format("Tables ({}):\n", plan.tables.size());
  for (const auto& table : plan.tables) {
    out += fmt::format("  {} -> {}  ({} items, risk {})\n", table.source, table.target, table.item_count,
                       migrate::to_string(table.risk));
  }
  out += fmt::format("Functions to re-point ({}):\n", plan.functions.size());
  for (const auto& function : plan.functions) {
    out += fmt::format("  {}  ({} variable{}, {})\n", function.name, function.changes.size(),
                       function.changes.size() == 1 ? "" : "s", migrate::to_string(function.criticality));
  }
  for (const auto& warning : plan.warnings)
    out += fmt::format("  warning: {}\n", warning.message);
  out +=
      "Phases: prepare (PITR, backups) -> create -> copy (+ live-writes catch-up) -> cutover (replication "
      "follows, drains, verify) -> validate\n";
  return out;
}

/// Asks on the terminal; true when the user typed yes.
bool confirmed(const migrate::Plan& plan, const std::string& path) {
  fmt::print(stderr, "{}", plan_summary(plan, path));
  fmt::print(stderr, "Apply this plan to the account? Type 'yes' to go on: ");
  std::fflush(stderr);
  std::string answer;
  if (!std::getline(std::cin, answer))
    return false;
  return answer == "yes" || answer == "y";
}

int run_apply(const ApplyCommandOptions& options, Context& context) {
  const bool json = context.options().output == OutputFormat::kJson;
  auto plan = migrate::load_plan(options.plan_path);
  if (!plan) {
    report_error(context, plan.error());
    return kExitUsage;
  }
  migrate::ApplyRequest request;
  request.plan_path = options.plan_path;
  request.ddbmv_version = kVersion;
  if (!options.until.empty()) {
    request.options.until = migrate::parse_phase(options.until);
    if (!request.options.until) {
      report_error(context, Error{"Usage", fmt::format("--until {}: not a phase", options.until),
                                  "use one of prepare, create, copy, cutover, validate"});
      return kExitUsage;
    }
  }
  request.options.segments = options.segments;
  request.options.max_write_rate = options.max_write_rate;
  if (!options.test_events.empty())
    request.options.test_events = options.test_events;
  request.options.publish_aliases = options.publish_aliases;
  request.options.live = !options.no_live;
  request.options.live_quiet =
      std::chrono::milliseconds(static_cast<std::int64_t>(options.live_quiet_seconds * 1000.0));
  request.options.cancel = &g_interrupted;
  request.options.journal_hook = test_hooks_from_environment();

  if (!options.yes) {
    if (::isatty(STDIN_FILENO) != 1 || ::isatty(STDERR_FILENO) != 1) {
      report_error(
          context,
          Error{
              "ConfirmationRequired",
              "apply changes the account and needs a confirmation, but there is no terminal to ask on",
              fmt::format("review {} and run: ddbmv apply {} --yes", options.plan_path, options.plan_path)});
      return kExitRefused;
    }
    if (!confirmed(*plan, options.plan_path)) {
      fmt::print(stderr, "ddbmv: not applied; nothing was changed\n");
      return kExitRefused;
    }
  }
  auto clients = context.clients();
  if (!clients) {
    report_error(context, clients.error());
    return kExitUsage;
  }

  CopyProgressDisplay display(stderr, context.options().progress);
  migrate::ApplyReporter reporter;
  if (!json) {
    reporter.say = [](migrate::Phase phase, const std::string& line) {
      fmt::print("[{}] {}\n", migrate::to_string(phase), line);
      std::fflush(stdout);
    };
  }
  reporter.copy_progress = [&display](const migrate::CopyProgress& progress) { display.update(progress); };
  reporter.copy_finished = [&display](const migrate::CopyProgress& progress) { display.finish(progress); };
  reporter.replication_progress = [&display](const migrate::ReplicationProgress& progress) {
    display.update(progress);
  };

  std::signal(SIGINT, on_interrupt);
  auto summary = migrate::apply_plan(*plan, request, **clients, context.clock(), reporter);
  std::signal(SIGINT, SIG_DFL);
  if (!summary) {
    report_error(context, summary.error());
    return exit_status_for(summary.error());
  }
  if (json) {
    fmt::print("{}\n", migrate::to_json(*summary).dump(2));
    return kExitOk;
  }
  if (summary->stale_lock) {
    fmt::print(stderr, "ddbmv: took over a stale lock of pid {} on {} (that run had stopped)\n",
               summary->stale_lock->pid, summary->stale_lock->host);
  }
  if (summary->torn_journal_bytes > 0) {
    fmt::print(stderr,
               "ddbmv: the journal's last record was torn by a crash ({} bytes); it was discarded and "
               "that step re-checked\n",
               summary->torn_journal_bytes);
  }
  for (migrate::Phase phase : summary->done_earlier) {
    fmt::print("[{}] done in an earlier run\n", migrate::to_string(phase));
  }
  if (summary->complete) {
    fmt::print(
        "Applied: the functions use the new tables. Old tables are untouched; after the observation "
        "window: ddbmv decommission {}\nJournal: {}  Changes: {}\n",
        options.plan_path, summary->files.journal.string(), summary->files.changes_log.string());
  } else if (summary->stopped_after) {
    fmt::print("Stopped after {} (--until). Continue with: ddbmv apply {}\n",
               migrate::to_string(*summary->stopped_after), options.plan_path);
  }
  return kExitOk;
}

}  // namespace

void add_apply(CLI::App& app, Action& run) {
  auto options = std::make_shared<ApplyCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "apply",
      "Carry out an approved plan: prepare (PITR, backups) -> create -> copy + verify -> cutover -> "
      "validate. "
      "Journaled beside the plan (journal.jsonl, CHANGES.log): re-run it after a crash or Ctrl-C and it "
      "continues where it stopped.");
  command->fallthrough();
  command->add_option("PLAN", options->plan_path, "DIR/plan.json written by 'ddbmv plan --out DIR'")
      ->required()
      ->type_name("PLAN");
  command->add_flag("--yes,-y", options->yes, "Do not ask for confirmation (required without a terminal)");
  command->add_option("--until", options->until, "Stop after this phase")
      ->check(CLI::IsMember({"prepare", "create", "copy", "cutover", "validate"}))
      ->type_name("PHASE");
  command
      ->add_option("--segments", options->segments, "Parallel Scan segments per table (default: from size)")
      ->check(CLI::Range(1, 1000000))
      ->type_name("N");
  command->add_option("--max-write-rate", options->max_write_rate, "Cap the copy at N items/s per table")
      ->check(CLI::PositiveNumber)
      ->type_name("N");
  command
      ->add_option("--test-events", options->test_events,
                   "Validate each function by invoking it with DIR/<FunctionName>.json (others are skipped)")
      ->type_name("DIR");
  command->add_flag(
      "--publish-aliases", options->publish_aliases,
      "Publish a new version of functions whose aliases serve locked versions, and move the aliases");
  command->add_flag(
      "--no-live", options->no_live,
      "The source tables take no writes during the copy: no streams, verify right after the copy");
  command
      ->add_option(
          "--live-quiet", options->live_quiet_seconds,
          "After the last function is switched, replication ends once the old tables' streams have "
          "been quiet this long (default 5 s; covers invocations still running the old configuration)")
      ->check(CLI::Range(0.0, 3600.0))
      ->type_name("SECONDS");
  command->footer(
      "Exit status: 0 applied (or stopped by --until), 1 a step failed (re-run to continue, or ddbmv "
      "rollback),\n"
      "2 bad input, 3 refused before changing anything (drift, a lock held, no confirmation, locked "
      "aliases).");
  command->callback(
      [&run, options] { run = [options](Context& context) { return run_apply(*options, context); }; });
}

}  // namespace ddbmv::cli
