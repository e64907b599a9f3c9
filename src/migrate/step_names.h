#pragma once
/// The journal step names that status, rollback and decommission read and write. Apply's steps are
/// named after the phase and the thing they act on ("create.table/<target>"); rollback and
/// decommission write their own ("rollback.function/<name>", "decommission.delete/<source>") into the
/// same journal, so one file tells the whole story of a migration.

#include <string>
#include <string_view>

namespace ddbmv::migrate::steps {

// Apply (written by the phases; see journal.h).
inline std::string prepare_pitr(std::string_view source) {
  return "prepare.pitr/" + std::string(source);
}
inline std::string prepare_backup(std::string_view source) {
  return "prepare.backup/" + std::string(source);
}
inline std::string create_table(std::string_view target) {
  return "create.table/" + std::string(target);
}
/// Prefix of the per-segment copy steps of one table: "copy.segment/<source>/".
inline std::string copy_segment_prefix(std::string_view table) {
  return "copy.segment/" + std::string(table) + "/";
}
inline std::string verify(std::string_view table) {
  return "verify/" + std::string(table);
}
inline std::string cutover_function(std::string_view name) {
  return "cutover.function/" + std::string(name);
}
inline std::string validate_function(std::string_view name) {
  return "validate.function/" + std::string(name);
}

// Rollback: "rollback" itself (intent at the start, done at the end) and one step per action.
inline constexpr std::string_view kRollback = "rollback";
inline constexpr std::string_view kRollbackPrefix = "rollback";
inline std::string rollback_data(std::string_view source) {
  return "rollback.data/" + std::string(source);
}
inline std::string rollback_function(std::string_view name) {
  return "rollback.function/" + std::string(name);
}
inline std::string rollback_pitr(std::string_view source) {
  return "rollback.pitr/" + std::string(source);
}
inline std::string rollback_backup(std::string_view target) {
  return "rollback.backup/" + std::string(target);
}
inline std::string rollback_delete(std::string_view target) {
  return "rollback.delete/" + std::string(target);
}

// Decommission: "decommission" itself and, per old table, its final backup and its deletion.
inline constexpr std::string_view kDecommission = "decommission";
inline constexpr std::string_view kDecommissionPrefix = "decommission";
inline std::string decommission_backup(std::string_view source) {
  return "decommission.backup/" + std::string(source);
}
inline std::string decommission_delete(std::string_view source) {
  return "decommission.delete/" + std::string(source);
}

}  // namespace ddbmv::migrate::steps
