/// `ddbmv rollback PLAN [--delete-new-tables]`: undo a migration from wherever apply stopped.

#include "migrate/rollback/rollback.h"

#include <fmt/core.h>

#include <cstdio>
#include <memory>
#include <set>

#include "cli/commands.h"
#include "cli/migration_command.h"
#include "cli/test_hooks.h"
#include "migrate/copy/table_data_plane.h"
#include "migrate/journal/changes_log.h"
#include "migrate/journal/journal_storage.h"
#include "migrate/journal/migration_files.h"
#include "util/duration.h"

namespace ddbmv::cli {

namespace {

struct RollbackArguments {
  std::string plan;
  bool delete_new_tables = false;
  std::string drain;  ///< empty: the longest Timeout of the functions moved back
};

std::set<std::string> table_names(const migrate::Plan& plan) {
  std::set<std::string> names;
  for (const auto& table : plan.tables) {
    names.insert({table.source, table.target, table.source_arn, table.target_arn});
  }
  for (const auto& function : plan.functions) {
    for (const auto& change : function.changes) {
      names.insert({change.old_value, change.new_value});
    }
  }
  return names;
}

/// What this run did, counted: "  8 functions pointed back\n  4 tables copied back: 3 items put, ...".
std::string summary_text(const migrate::RollbackReport& report) {
  int functions = 0;
  int copied = 0;
  int replayed_tables = 0;
  int streams_off = 0;
  int deleted = 0;
  std::int64_t put = 0;
  std::int64_t removed = 0;
  std::int64_t replayed = 0;
  for (const auto& action : report.actions) {
    const auto& result = action.result;
    if (action.step.starts_with("rollback.function/")) {
      ++functions;
    } else if (action.step.starts_with("rollback.data/") && !result.contains("absent")) {
      ++copied;
      put += result.value("put", std::int64_t{0});
      removed += result.value("deleted", std::int64_t{0});
    } else if (action.step.starts_with("rollback.replay/")) {
      ++replayed_tables;
      replayed += result.value("records_applied", std::int64_t{0});
    } else if (action.step.starts_with("rollback.stream-off/")) {
      streams_off += result.value("turned_off", false) ? 1 : 0;
    } else if (action.step.starts_with("rollback.delete/")) {
      deleted += result.value("deleted", false) ? 1 : 0;
    }
  }
  std::string out;
  if (functions > 0) {
    out += fmt::format("  {} function(s) pointed back at the old tables\n", functions);
  }
  if (copied > 0) {
    out += fmt::format("  {} table(s) copied back: {} item(s) put, {} deleted\n", copied, put, removed);
  }
  if (replayed_tables > 0) {
    out += fmt::format("  {} stream record(s) of {} new table(s) replayed onto the old ones\n", replayed,
                       replayed_tables);
  }
  if (streams_off > 0) {
    out += fmt::format("  {} stream(s) ddbmv enabled turned off\n", streams_off);
  }
  if (deleted > 0) {
    out += fmt::format("  {} new table(s) deleted, each after an on-demand backup\n", deleted);
  }
  return out;
}

int run_rollback_command(Context& context, const RollbackArguments& arguments) {
  migrate::RollbackRunOptions options{.plan = {.delete_new_tables = arguments.delete_new_tables},
                                      .drain = {}};
  if (!arguments.drain.empty()) {
    auto drain = parse_duration(arguments.drain);
    if (!drain) {
      return report_and_exit(context, drain.error());
    }
    options.drain = std::chrono::duration_cast<std::chrono::milliseconds>(*drain);
  }
  auto loaded = migrate::load_migration(arguments.plan, migrate::JournalUse::kChange);
  if (!loaded) {
    return report_and_exit(context, loaded.error());
  }
  const auto clock = context.clock();
  auto lock = take_migration_lock(loaded->files, "rollback", *clock);
  if (!lock) {
    return report_and_exit(context, lock.error());
  }
  auto clients = context.clients();
  if (!clients) {
    return report_and_exit(context, clients.error());
  }
  auto journal = migrate::Journal::open(std::make_unique<migrate::FileJournalStorage>(loaded->files.journal),
                                        *loaded->journal.header, clock);
  if (!journal) {
    return report_and_exit(context, journal.error());
  }
  if (auto hook = test_hooks_from_environment()) {
    (*journal)->set_append_hook(std::move(hook));
  }
  migrate::ChangesLog changes(std::make_unique<migrate::FileJournalStorage>(loaded->files.changes_log), clock,
                              table_names(loaded->plan));
  const auto plane = migrate::make_dynamodb_data_plane((*clients)->dynamodb);
  migrate::ScanDiffSync data(*plane, *clock);
  const bool text = context.options().output == OutputFormat::kText;
  migrate::RollbackServices services{(*clients)->dynamodb,
                                     (*clients)->streams,
                                     (*clients)->lambda,
                                     *plane,
                                     data,
                                     clock,
                                     &changes,
                                     [text](std::string_view line) {
                                       if (text) {
                                         fmt::print(stderr, "rollback: {}\n", line);
                                       }
                                     }};
  auto report = migrate::run_rollback(loaded->plan, **journal, services, options);
  if (!report) {
    return report_and_exit(context, report.error());
  }
  if (!text) {
    nlohmann::json out = {{"migration_id", loaded->plan.migration_id},
                          {"nothing_to_do", report->nothing_to_do},
                          {"warnings", report->warnings},
                          {"actions", nlohmann::json::array()}};
    for (const auto& action : report->actions) {
      out["actions"].push_back(
          {{"step", action.step}, {"description", action.description}, {"result", action.result}});
    }
    fmt::print("{}\n", out.dump(2));
    return static_cast<int>(kExitOk);
  }
  if (report->nothing_to_do) {
    fmt::print("migration {} is already rolled back: nothing to do, nothing changed\n",
               loaded->plan.migration_id);
    return static_cast<int>(kExitOk);
  }
  for (const auto& warning : report->warnings) {
    fmt::print(stderr, "ddbmv: warning: {}\n", warning);
  }
  fmt::print(
      "migration {} rolled back: every function uses the old tables{}\n{}", loaded->plan.migration_id,
      arguments.delete_new_tables ? "; the new tables this migration created are backed up and deleted" : "",
      summary_text(*report));
  fmt::print("Journal: {}  Changes: {}\n", loaded->files.journal.string(),
             loaded->files.changes_log.string());
  return static_cast<int>(kExitOk);
}

}  // namespace

void add_rollback(CLI::App& app, Action& run) {
  auto* command = app.add_subcommand(
      "rollback",
      "Undo a migration from wherever apply stopped: carry the writes made to the new tables back to the\n"
      "old ones, point every function back, turn off the streams ddbmv enabled, restore PITR; optionally\n"
      "delete the new tables (after a backup of each). Journaled and resumable; a second run changes "
      "nothing.");
  command->fallthrough();  // global options (--output, --region, ...) also after the command
  auto arguments = std::make_shared<RollbackArguments>();
  command->add_option("PLAN", arguments->plan, "The plan (DIR/plan.json or DIR)")->required();
  command->add_flag("--delete-new-tables", arguments->delete_new_tables,
                    "Also delete the tables this migration created (each backed up first)");
  command
      ->add_option("--drain", arguments->drain,
                   "After the last function is back, keep replaying writes to the new tables until they\n"
                   "have been quiet this long (e.g. 30s; default: the longest Timeout of those functions)")
      ->type_name("DURATION");
  command->callback([&run, arguments] {
    run = [arguments](Context& context) { return run_rollback_command(context, *arguments); };
  });
}

}  // namespace ddbmv::cli
