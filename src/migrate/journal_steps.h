#pragma once
/// The names of apply's journal steps and what their records hold. Status, rollback and decommission
/// read these; the names are stable (a journal outlives the ddbmv that wrote it).
///
/// phase/<phase>                     intent {}                        done {}
/// (prepare|create|copy|cutover|validate) prepare.pitr/<source>             intent {previous_enabled} done
/// {previous_enabled, enabled:true, changed} prepare.backup/<source>           intent {backup_name}
/// checkpoint {backup_arn}
///                                   done {backup_name, backup_arn, status:"AVAILABLE", reused}
/// create.table/<target>             intent {source}                  done {table_arn, created_by_this_run,
/// adopted,
///                                                                          stream_arn}
/// create.settings/<target>          intent {ttl, point_in_time_recovery}  done {ttl, point_in_time_recovery}
/// create.check/<target>             done {source}                    failed {differences:[...]}
/// copy.table/<source>               intent {target, total_segments}  done {target, total_segments,
/// items_total,
///                                                                          items_written, elapsed_ms}
/// copy.segment/<source>/<n>         checkpoint = done = SegmentCheckpoint JSON (copy_checkpoint.h)
/// verify/<source>                   done {source:{table,count,digest}, target:{table,count,digest},
/// equal:true}
///                                   failed {source, target, equal:false, samples:[{kind,key}]}
/// copy.protect/<target>             done {deletion_protection:true}  (only where the source has it)
/// cutover.function/<name>           intent {revision_id, variables:{VAR:{old,new}}}
///                                   done {revision_id_before, revision_id_after, variables:{VAR:{old,new}},
///                                         already_applied}
/// cutover.publish/<name>            done {version, revision_id}      (with --publish-aliases)
/// cutover.alias/<name>/<alias>      intent {previous_version, version} done {previous_version, version}
/// cutover.fingerprint/<source>      done {table, count, digest, at}  (the OLD table, once no function uses
/// it) cutover.complete                  done {cutover_time} validate.function/<name>          done
/// {result:"ok"|"skipped", reason?, status_code?, executed_version?}
///                                   failed {function_error|error, message}
///
/// Variable values in the journal are only ever table names or ARNs (the plan's old/new values).

#include <string>
#include <string_view>

namespace ddbmv::migrate::steps {

inline std::string phase(std::string_view name) {
  return "phase/" + std::string(name);
}
inline std::string pitr(std::string_view source) {
  return "prepare.pitr/" + std::string(source);
}
inline std::string backup(std::string_view source) {
  return "prepare.backup/" + std::string(source);
}
inline std::string create_table(std::string_view target) {
  return "create.table/" + std::string(target);
}
inline std::string create_settings(std::string_view target) {
  return "create.settings/" + std::string(target);
}
inline std::string create_check(std::string_view target) {
  return "create.check/" + std::string(target);
}
inline std::string copy_table(std::string_view source) {
  return "copy.table/" + std::string(source);
}
inline std::string copy_segment_prefix(std::string_view source) {
  return "copy.segment/" + std::string(source) + "/";
}
inline std::string copy_segment(std::string_view source, int segment) {
  return copy_segment_prefix(source) + std::to_string(segment);
}
inline std::string verify(std::string_view source) {
  return "verify/" + std::string(source);
}
inline std::string protect(std::string_view target) {
  return "copy.protect/" + std::string(target);
}
inline std::string cutover_function(std::string_view name) {
  return "cutover.function/" + std::string(name);
}
inline std::string cutover_publish(std::string_view name) {
  return "cutover.publish/" + std::string(name);
}
inline std::string cutover_alias(std::string_view name, std::string_view alias) {
  return "cutover.alias/" + std::string(name) + "/" + std::string(alias);
}
inline std::string cutover_fingerprint(std::string_view source) {
  return "cutover.fingerprint/" + std::string(source);
}
inline constexpr std::string_view kCutoverComplete = "cutover.complete";
inline std::string validate_function(std::string_view name) {
  return "validate.function/" + std::string(name);
}

}  // namespace ddbmv::migrate::steps
