#pragma once
/// The files of one migration, all beside its plan: plan.json, journal.jsonl, CHANGES.log and
/// apply.lock; and loading a plan together with its journal, checked, for status, rollback and
/// decommission.

#include <filesystem>

#include "migrate/journal/journal.h"
#include "migrate/plan/plan.h"
#include "util/error.h"

namespace ddbmv::migrate {

struct MigrationFiles {
  std::filesystem::path plan;         ///< DIR/plan.json (or the file given)
  std::filesystem::path directory;    ///< where the plan is
  std::filesystem::path journal;      ///< DIR/journal.jsonl
  std::filesystem::path changes_log;  ///< DIR/CHANGES.log
  std::filesystem::path lock;         ///< DIR/apply.lock
};

/// The files of the migration whose plan is `plan_argument` (a plan file or its directory).
MigrationFiles migration_files(const std::filesystem::path& plan_argument);

enum class JournalUse {
  kRead,    ///< status: a missing journal means "never applied"; a torn last line is tolerated
  kChange,  ///< rollback, decommission: the journal must exist and be complete
};

struct LoadedMigration {
  Plan plan;
  MigrationFiles files;
  JournalState journal;
};

/// Loads the plan and its journal, checking that the journal is this plan's and intact. Fails (and
/// changes nothing) naming the file and the line: a journal of another plan ("JournalOfAnotherPlan"),
/// a malformed or edited line ("InvalidJournal"); with kChange also a plan never applied
/// ("NotApplied") and an incomplete last line ("JournalTruncated").
Result<LoadedMigration> load_migration(const std::filesystem::path& plan_argument, JournalUse use);

}  // namespace ddbmv::migrate
