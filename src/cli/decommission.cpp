/// `ddbmv decommission PLAN [--after DURATION] [--dry-run]`: delete the old tables once the
/// observation window has passed and nothing uses them, after a final backup of each.
///
/// Test hook: DDBMV_NOW=<ISO 8601> makes this command believe it is that time (the clock runs on
/// from there), so integration tests can step past the observation window. Read only here.

#include "migrate/decommission/decommission.h"

#include <fmt/core.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <set>

#include "cli/commands.h"
#include "cli/migration_command.h"
#include "migrate/copy/table_data_plane.h"
#include "migrate/journal/changes_log.h"
#include "migrate/journal/journal_storage.h"
#include "migrate/journal/migration_files.h"
#include "util/duration.h"
#include "util/time_format.h"

namespace ddbmv::cli {

namespace {

struct DecommissionArguments {
  std::string plan;
  std::string after = "7d";
  bool dry_run = false;
};

/// The system clock shifted so that it read `start` when made.
class ShiftedClock final : public Clock {
 public:
  explicit ShiftedClock(TimePoint start) : m_offset(start - std::chrono::system_clock::now()) {}
  TimePoint now() const override { return std::chrono::system_clock::now() + m_offset; }
  void sleep_for(std::chrono::milliseconds duration) const override { m_system.sleep_for(duration); }

 private:
  std::chrono::system_clock::duration m_offset;
  SystemClock m_system;
};

Result<std::shared_ptr<const Clock>> decommission_clock(const Context& context) {
  const char* now = std::getenv("DDBMV_NOW");
  if (now == nullptr || *now == '\0') {
    return context.clock();
  }
  auto start = parse_iso8601(now);
  if (!start) {
    return fail("InvalidDuration", fmt::format("DDBMV_NOW='{}' is not an ISO 8601 time", now),
                "unset it (it is a test hook), or write e.g. 2026-12-02T16:00:00Z");
  }
  return std::make_shared<ShiftedClock>(*start);
}

int run_decommission_command(Context& context, const DecommissionArguments& arguments) {
  auto window = parse_duration(arguments.after);
  if (!window) {
    return report_and_exit(context, window.error());
  }
  auto clock = decommission_clock(context);
  if (!clock) {
    return report_and_exit(context, clock.error());
  }
  auto loaded = migrate::load_migration(arguments.plan, migrate::JournalUse::kChange);
  if (!loaded) {
    return report_and_exit(context, loaded.error());
  }
  std::optional<migrate::RunLock> lock;
  if (!arguments.dry_run) {
    auto taken = take_migration_lock(loaded->files, "decommission", **clock);
    if (!taken) {
      return report_and_exit(context, taken.error());
    }
    lock.emplace(std::move(*taken));
  }
  auto clients = context.clients();
  if (!clients) {
    return report_and_exit(context, clients.error());
  }
  std::unique_ptr<migrate::Journal> journal;
  std::optional<migrate::ChangesLog> changes;
  if (!arguments.dry_run) {
    auto opened = migrate::Journal::open(std::make_unique<migrate::FileJournalStorage>(loaded->files.journal),
                                         *loaded->journal.header, *clock);
    if (!opened) {
      return report_and_exit(context, opened.error());
    }
    journal = std::move(*opened);
    std::set<std::string> names;
    for (const auto& table : loaded->plan.tables) {
      names.insert({table.source, table.target, table.source_arn, table.target_arn});
    }
    changes.emplace(std::make_unique<migrate::FileJournalStorage>(loaded->files.changes_log), *clock, names);
  }
  const auto plane = migrate::make_dynamodb_data_plane((*clients)->dynamodb);
  const bool text = context.options().output == OutputFormat::kText;
  migrate::DecommissionServices services{(*clients)->dynamodb,
                                         (*clients)->lambda,
                                         *plane,
                                         **clock,
                                         changes ? &*changes : nullptr,
                                         [text](std::string_view line) {
                                           if (text) {
                                             fmt::print(stderr, "decommission: {}\n", line);
                                           }
                                         }};
  const migrate::JournalState state = journal ? journal->state() : loaded->journal;
  auto report = migrate::run_decommission(loaded->plan, state, journal.get(), services,
                                          migrate::DecommissionOptions{*window, arguments.dry_run},
                                          (*clock)->now(), loaded->files.plan.string());
  if (!report) {
    return report_and_exit(context, report.error());
  }
  if (!text) {
    nlohmann::json out = {{"migration_id", loaded->plan.migration_id},
                          {"dry_run", report->dry_run},
                          {"nothing_to_do", report->nothing_to_do},
                          {"cutover_at", report->cutover_at},
                          {"actions", report->actions},
                          {"tables", nlohmann::json::array()}};
    for (const auto& table : report->tables) {
      out["tables"].push_back({{"table", table.table},
                               {"backup_name", table.backup_name},
                               {"backup_arn", table.backup_arn},
                               {"deleted", table.deleted}});
    }
    fmt::print("{}\n", out.dump(2));
    return static_cast<int>(kExitOk);
  }
  if (report->nothing_to_do) {
    fmt::print("migration {} is already decommissioned: nothing to do, nothing changed\n",
               loaded->plan.migration_id);
    return static_cast<int>(kExitOk);
  }
  if (report->dry_run) {
    fmt::print("dry run: every check passed; decommission would:\n");
    for (const auto& action : report->actions) {
      fmt::print("  - {}\n", action);
    }
    fmt::print("nothing was changed\n");
    return static_cast<int>(kExitOk);
  }
  for (const auto& table : report->tables) {
    fmt::print("deleted {} (final backup {} {})\n", table.table, table.backup_name, table.backup_arn);
  }
  fmt::print("migration {} decommissioned\n", loaded->plan.migration_id);
  return static_cast<int>(kExitOk);
}

}  // namespace

void add_decommission(CLI::App& app, Action& run) {
  auto* command = app.add_subcommand(
      "decommission",
      "After the observation window, and only if nothing wrote to or refers to the old tables: take a final\n"
      "backup of each and delete them");
  command->fallthrough();  // global options (--output, --region, ...) also after the command
  auto arguments = std::make_shared<DecommissionArguments>();
  command->add_option("PLAN", arguments->plan, "The plan (DIR/plan.json or DIR)")->required();
  command->add_option("--after", arguments->after, "Observation window since the cutover (e.g. 7d, 36h, 0s)")
      ->capture_default_str();
  command->add_flag("--dry-run", arguments->dry_run,
                    "Run the checks and say what would be done; change nothing");
  command->callback([&run, arguments] {
    run = [arguments](Context& context) { return run_decommission_command(context, *arguments); };
  });
}

}  // namespace ddbmv::cli
