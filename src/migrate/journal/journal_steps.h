#pragma once
// clang-format off
/// The names of apply's journal steps and what their records hold. Status, rollback and decommission
/// read these; the names are stable (a journal outlives the ddbmv that wrote it). Every record also
/// has seq, time, step and event (journal.h); "data" is what is listed here.
///
/// phase/<phase>                  intent {}  done {}                  (prepare|create|copy|cutover|validate)
/// prepare.pitr/<source>          intent {previous}                   previous: PITR was on before apply
///                                done {previous, enabled:true, changed}   changed: apply turned it on
/// prepare.backup/<source>        intent {backup_name}  checkpoint {backup_arn, reused}
///                                done {backup_name, backup_arn, status:"AVAILABLE", reused}
/// create.table/<target>          intent {source}
///                                done {source, table_arn, created_by_migration, stream_arn|null}
/// create.settings/<target>       intent/done {ttl:{AttributeName,Enabled}|null, point_in_time_recovery}
/// create.check/<target>          done {source}   failed {source, differences:[text]}
/// live.stream/<source>           intent {table}  done StreamStart {table, stream_arn, view_type,
///                                     enabled_by_us, min_creation_time|null}     (live writes: before the copy)
/// live.replicate/<target>        checkpoint {shard_id, sequence_number, done, records, records_applied,
///                                            seconds_behind}   (a page applied; resume point per shard)
///                                done {records_applied, writes, max_seconds_behind, shards}   (drained)
/// live.stream-off/<source>       intent {stream_arn}  done {}    (a stream ddbmv enabled, turned off)
/// copy.table/<source>            intent {target, total_segments}
///                                done {target, total_segments, items_total, items_written, elapsed_ms}
/// copy.segment/<source>/<n>      checkpoint (and done when the segment ends) = SegmentCheckpoint JSON
///                                {segment, total_segments, last_evaluated_key, done, items_written}
/// verify/<source>                intent {target}
///                                done {source:{table,count,digest}, target:{table,count,digest}, equal:true}
///                                failed {source, target, equal:false, samples:[{kind,key}]}
///                                in the copy phase with --no-live; with live writes in the cutover phase
///                                after the drain, then also live:{new_side_keys, new_table_stream_records,
///                                source_all:{table,count,digest}} and source/target cover only the keys
///                                the new side did not write (live_verify.h)
/// copy.protect/<target>          done {deletion_protection:true}     (only where the source has it)
/// cutover.capture/<target>       intent {}  done {stream: StreamStart, shards:[ShardCheckpoint]}   the new
///                                table's stream before the first function moves (cutover_capture.h)
/// cutover.function/<name>        intent {revision_id, variables:{VAR:{old,new}}}
///                                done {revision_id_before, revision_id_after, variables:{VAR:{old,new}},
///                                      already_applied}
///                                failed {unexpected_variables|unplanned_changes|error, ...}
/// cutover.publish/<name>         intent {description}  done {version, revision_id}   (--publish-aliases)
/// cutover.alias/<name>/<alias>   intent/done {previous_version, version}
/// cutover.fingerprint/<source>   done {table, count, digest, cutover_at}   the OLD table once no function
///                                                                          names it (for decommission)
/// cutover.complete               done {cutover_time}
/// validate.function/<name>       intent {event_file}
///                                done {result:"ok", status_code, executed_version}
///                                     | {result:"skipped", reason}
///                                failed {function_error, message} | {error, message}
///
/// Variable values in the journal are only ever table names or ARNs (the plan's old/new values).
// clang-format on

#include <string>
#include <string_view>

#include "migrate/journal/step_names.h"

namespace ddbmv::migrate::steps {

// prepare_pitr, prepare_backup, create_table, copy_segment_prefix, verify, cutover_function and
// validate_function are in step_names.h (shared with status, rollback and decommission).

inline std::string phase(std::string_view name) {
  return "phase/" + std::string(name);
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
inline std::string copy_segment(std::string_view source, int segment) {
  return copy_segment_prefix(source) + std::to_string(segment);
}
inline std::string protect(std::string_view target) {
  return "copy.protect/" + std::string(target);
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

}  // namespace ddbmv::migrate::steps
