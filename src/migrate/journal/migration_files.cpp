#include "migrate/journal/migration_files.h"

#include <fmt/core.h>

#include "migrate/journal/journal_storage.h"

namespace ddbmv::migrate {

MigrationFiles migration_files(const std::filesystem::path& plan_argument) {
  MigrationFiles files;
  const bool is_directory = std::filesystem::is_directory(plan_argument);
  files.plan = is_directory ? plan_argument / "plan.json" : plan_argument;
  files.directory = files.plan.has_parent_path() ? files.plan.parent_path() : std::filesystem::path(".");
  files.journal = files.directory / "journal.jsonl";
  files.changes_log = files.directory / "CHANGES.log";
  files.lock = files.directory / "apply.lock";
  return files;
}

Result<LoadedMigration> load_migration(const std::filesystem::path& plan_argument, JournalUse use) {
  LoadedMigration loaded;
  loaded.files = migration_files(plan_argument);
  auto plan = load_plan(loaded.files.plan);
  if (!plan) {
    return std::unexpected(plan.error());
  }
  loaded.plan = std::move(*plan);
  const FileJournalStorage storage(loaded.files.journal);
  auto journal = read_journal(storage, plan_digest(loaded.plan));
  if (!journal) {
    return std::unexpected(journal.error());
  }
  loaded.journal = std::move(*journal);
  if (use == JournalUse::kRead) {
    return loaded;
  }
  if (!loaded.journal.header) {
    return fail("NotApplied",
                fmt::format("plan {} has not been applied: there is no journal at {}",
                            loaded.files.plan.string(), loaded.files.journal.string()),
                fmt::format("nothing to undo or finish; see ddbmv status {}", loaded.files.plan.string()));
  }
  if (loaded.journal.truncated_tail_bytes > 0) {
    const std::size_t line = loaded.journal.records.size() + 2;
    return fail(
        "JournalTruncated",
        fmt::format("journal {} line {} is incomplete ({} bytes without a line end): a run was interrupted "
                    "while writing it, or the file was cut",
                    loaded.files.journal.string(), line, loaded.journal.truncated_tail_bytes),
        fmt::format("if no ddbmv run is active, drop the incomplete line (truncate -s {} {}) or let "
                    "ddbmv apply repair it, then re-run",
                    loaded.journal.valid_bytes, loaded.files.journal.string()));
  }
  return loaded;
}

}  // namespace ddbmv::migrate
