#pragma once
/// What a page of stream records asks of the target table: per key, the last record of the page
/// decides (records of one key are in order within a shard), so the page becomes one write per key
/// and the writes of a page can go out in any order, batched and in parallel.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "util/error.h"

namespace ddbmv::migrate {

/// How a stream's records carry the item: NEW_IMAGE and NEW_AND_OLD_IMAGES hold the item after the
/// change; KEYS_ONLY and OLD_IMAGE do not, so the item is read from the source by key (consistent
/// GetItem), which gives its latest state: present → put, absent → delete.
enum class ImageSource { kNewImage, kReadSource };

/// kNewImage for NEW_IMAGE / NEW_AND_OLD_IMAGES, kReadSource for KEYS_ONLY / OLD_IMAGE.
ImageSource image_source_for(std::string_view view_type);

struct KeyChange {
  enum class Kind { kPut, kDelete, kReadSource };
  Kind kind = Kind::kPut;
  nlohmann::json key;   ///< the record's `Keys` (AttributeValue map)
  nlohmann::json item;  ///< NewImage for kPut; null otherwise
};

struct PageChanges {
  std::vector<KeyChange> changes;    ///< one per distinct key, in order of each key's first appearance
  std::string last_sequence_number;  ///< of the page's last record (also of skipped ones); empty if none
  std::optional<double> last_creation_time;  ///< ApproximateCreationDateTime of the last record, epoch s
  std::int64_t records = 0;                  ///< records in the page
  std::int64_t skipped = 0;                  ///< older than `min_creation_time`
};

/// Folds one page of stream `Record`s (in shard order) into per-key changes. INSERT and MODIFY put
/// the NewImage, REMOVE deletes the Keys; with kReadSource every record becomes a read of the key.
/// Records created before `min_creation_time` (epoch seconds) are skipped: they describe writes the
/// copy's Scan, which began later, already saw. Fails (code "InvalidStreamRecord") on a record without
/// Keys, an unknown eventName, or, with kNewImage, an INSERT/MODIFY without NewImage.
Result<PageChanges> fold_records(const std::vector<nlohmann::json>& records, ImageSource source,
                                 std::optional<double> min_creation_time = {});

/// The record's ApproximateCreationDateTime in epoch seconds (a number, or a numeric string).
std::optional<double> creation_time_of(const nlohmann::json& record);

/// A canonical text of a key (member order fixed), for grouping changes by key.
std::string key_text(const nlohmann::json& key);

}  // namespace ddbmv::migrate
