#include "migrate/decommission/decommission_check.h"

#include <fmt/core.h>

#include "migrate/control/table_retirement.h"
#include "migrate/journal/cutover_record.h"
#include "migrate/journal/step_names.h"
#include "util/duration.h"
#include "util/time_format.h"

namespace ddbmv::migrate {

Result<DecommissionCheck> check_decommission(const Plan& plan, const JournalState& journal, TimePoint now,
                                             std::chrono::seconds window, std::string_view plan_path) {
  if (journal.find(steps::kRollback) != nullptr || !journal.steps_with_prefix("rollback.").empty()) {
    return fail(
        "RolledBack",
        fmt::format("migration {} was rolled back: its functions use the old tables again, which must stay",
                    plan.migration_id),
        fmt::format(
            "nothing to decommission; to remove the new tables instead (if they are still there), run: "
            "ddbmv rollback --delete-new-tables {}",
            plan_path));
  }
  const auto cutover_at = cutover_time(plan, journal);
  if (!cutover_at) {
    return fail(
        "CutoverIncomplete",
        fmt::format("migration {} has not finished its cutover: some functions may still use the old tables",
                    plan.migration_id),
        fmt::format("see ddbmv status {}; finish with ddbmv apply {}", plan_path, plan_path));
  }
  DecommissionCheck check;
  check.cutover_at = *cutover_at;
  check.eligible_at = *cutover_at + window;
  const StepState* whole = journal.find(steps::kDecommission);
  check.finished = whole != nullptr && whole->status == StepStatus::kDone;
  if (!check.finished && now < check.eligible_at) {
    return fail(
        "ObservationWindow",
        fmt::format("the observation window of {} since the cutover at {} has not passed: the old tables may "
                    "be deleted from {}",
                    format_duration(window), format_iso8601(*cutover_at), format_iso8601(check.eligible_at)),
        "wait until then, or pass a shorter window with --after (e.g. --after 36h) if you are sure");
  }
  for (const auto& table : plan.tables) {
    RetiringTable retiring;
    retiring.table = &table;
    retiring.backup_name = final_backup_name(table.source, plan.migration_id);
    retiring.deleted = journal.is_done(steps::decommission_delete(table.source));
    const Json backup = journal.result_of(steps::decommission_backup(table.source));
    if (backup.is_object()) {
      retiring.backup_arn = backup.value("backup_arn", std::string());
    }
    auto fingerprint = cutover_fingerprint(journal, table.source);
    if (!fingerprint && !retiring.deleted) {
      return fail(
          "NoCutoverFingerprint",
          fmt::format("the journal records no item count and digest of {} at cutover, so writes to it since "
                      "cannot be ruled out",
                      table.source),
          "this journal was written by a ddbmv without that record; check the table by hand and delete it "
          "yourself, after a backup");
    }
    if (fingerprint) {
      retiring.at_cutover = *fingerprint;
    }
    check.tables.push_back(std::move(retiring));
  }
  return check;
}

}  // namespace ddbmv::migrate
