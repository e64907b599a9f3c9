/// `ddbmv rollback PLAN [--delete-new-tables]`: undo a migration from wherever apply stopped.

#include "migrate/rollback.h"

#include <fmt/core.h>

#include <cstdio>
#include <memory>
#include <set>

#include "cli/commands.h"
#include "cli/migration_command.h"
#include "migrate/changes_log.h"
#include "migrate/journal_storage.h"
#include "migrate/migration_files.h"
#include "migrate/table_data_plane.h"

namespace ddbmv::cli {

namespace {

struct RollbackArguments {
  std::string plan;
  bool delete_new_tables = false;
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

int run_rollback_command(Context& context, const RollbackArguments& arguments) {
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
  migrate::ChangesLog changes(std::make_unique<migrate::FileJournalStorage>(loaded->files.changes_log), clock,
                              table_names(loaded->plan));
  const auto plane = migrate::make_dynamodb_data_plane((*clients)->dynamodb);
  migrate::ScanDiffSync data(*plane, *clock);
  const bool text = context.options().output == OutputFormat::kText;
  migrate::RollbackServices services{
      (*clients)->dynamodb, (*clients)->lambda, data, *clock, &changes, [text](std::string_view line) {
        if (text) {
          fmt::print(stderr, "rollback: {}\n", line);
        }
      }};
  auto report =
      migrate::run_rollback(loaded->plan, **journal, services,
                            migrate::RollbackOptions{.delete_new_tables = arguments.delete_new_tables});
  if (!report) {
    return report_and_exit(context, report.error());
  }
  if (!text) {
    nlohmann::json out = {{"migration_id", loaded->plan.migration_id},
                          {"nothing_to_do", report->nothing_to_do},
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
  for (const auto& action : report->actions) {
    fmt::print("done: {}\n", action.description);
  }
  fmt::print("migration {} rolled back: every function uses the old tables{}\n", loaded->plan.migration_id,
             arguments.delete_new_tables ? "; the new tables are backed up and deleted" : "");
  return static_cast<int>(kExitOk);
}

}  // namespace

void add_rollback(CLI::App& app, Action& run) {
  auto* command = app.add_subcommand(
      "rollback",
      "Undo a migration from wherever apply stopped: copy writes made to the new tables back to the old "
      "ones,\n"
      "point every function back, restore PITR; optionally delete the new tables (after a backup of each)");
  auto arguments = std::make_shared<RollbackArguments>();
  command->add_option("PLAN", arguments->plan, "The plan (DIR/plan.json or DIR)")->required();
  command->add_flag("--delete-new-tables", arguments->delete_new_tables,
                    "Also delete the tables this migration created (each backed up first)");
  command->callback([&run, arguments] {
    run = [arguments](Context& context) { return run_rollback_command(context, *arguments); };
  });
}

}  // namespace ddbmv::cli
