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

// Live writes' own steps (live.stream/<source>, live.replicate/<target>, live.stream-off/<source>)
// are named in live_writes.h; rollback reads them.

/// The new table's stream position captured by apply just before the first function is switched:
/// done {StreamStart} (replication_checkpoint.h). Rollback replays from it when it is present.
inline std::string cutover_capture(std::string_view target) {
  return "cutover.capture/" + std::string(target);
}

// Rollback: "rollback" itself (intent at the start, done at the end) and one step per action.
inline constexpr std::string_view kRollback = "rollback";
inline constexpr std::string_view kRollbackPrefix = "rollback";
/// Apply's replication old -> new finished by rollback before it copies back (live writes only).
inline std::string rollback_forward(std::string_view source) {
  return "rollback.forward/" + std::string(source);
}
/// The new table's stream position taken by rollback before it copies data back.
inline std::string rollback_capture(std::string_view target) {
  return "rollback.capture/" + std::string(target);
}
inline std::string rollback_data(std::string_view source) {
  return "rollback.data/" + std::string(source);
}
/// The new table's stream replayed onto the old table once the functions are back.
inline std::string rollback_replay(std::string_view target) {
  return "rollback.replay/" + std::string(target);
}
/// A stream ddbmv enabled (on an old table by live writes, on a new one by a capture) turned off.
inline std::string rollback_stream_off(std::string_view table) {
  return "rollback.stream-off/" + std::string(table);
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
/// The stream apply's cutover capture enabled on a new table (left on for rollback), turned off.
inline std::string decommission_stream_off(std::string_view target) {
  return "decommission.stream-off/" + std::string(target);
}

}  // namespace ddbmv::migrate::steps
