#pragma once
/// Which keys the new side wrote after the cutover began, for the verify that follows live writes:
/// once the drain ends nothing writes to the old tables, but the switched functions go on writing
/// to the new ones, so a plain count + digest of both sides can never match under traffic.
///
/// The new table's stream (captured at the cutover's start, `cutover.capture/<target>`) holds two
/// kinds of writes: the replication's, each carrying an image some record of the OLD table's stream
/// had, and the functions'. A key with a record in the new table's stream whose image (or REMOVE) no
/// record of that key in the old table's stream had was written by a function: verify leaves those
/// keys out of both sides. Every other key must be identical on both sides, so a change the
/// replication lost or applied out of order still fails the verify. A stream without images
/// (KEYS_ONLY, OLD_IMAGE) on either side cannot tell the two apart: every key of the new table's
/// stream is then counted as the new side's.

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "migrate/streams/replication_checkpoint.h"
#include "migrate/streams/stream_reader.h"
#include "migrate/streams/stream_to_end.h"
#include "util/clock.h"
#include "util/error.h"

namespace ddbmv::migrate {

class NewSideKeys {
 public:
  /// `source_has_images` / `target_has_images`: the streams carry NewImage (NEW_IMAGE or
  /// NEW_AND_OLD_IMAGES).
  NewSideKeys(bool source_has_images, bool target_has_images)
      : m_source_images(source_has_images), m_target_images(target_has_images) {}

  /// Records of the old table's stream, since its capture before the copy. All of them before the
  /// first add_target_records.
  Result<void> add_source_records(const std::vector<nlohmann::json>& records);
  /// Records of the new table's stream since the cutover capture.
  Result<void> add_target_records(const std::vector<nlohmann::json>& records);

  /// Canonical primary keys (dynamodb::canonical_item) written by the new side.
  const std::set<std::string>& keys() const { return m_new_side; }
  std::int64_t target_records() const { return m_target_records; }

 private:
  bool m_source_images;
  bool m_target_images;
  std::map<std::string, std::set<std::string>> m_replicable;  ///< key → images the old side had
  std::set<std::string> m_new_side;
  std::int64_t m_target_records = 0;
};

/// `source`'s stream from its start (the capture before the copy; nothing writes it any more) and then
/// `target`'s from `target_from` (the cutover capture) into a NewSideKeys; `target_passes` as
/// read_stream_to_end's `keep_reading` for the target, which the functions go on writing.
Result<NewSideKeys> read_new_side_keys(const StreamReader& reader, const StreamStart& source,
                                       const StreamStart& target, const ReplicationResumeState& target_from,
                                       const std::function<bool()>& target_passes, const Clock& clock);

}  // namespace ddbmv::migrate
