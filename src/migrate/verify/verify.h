#pragma once
/// Verification after a copy: item count and an order-independent digest of every item in canonical
/// form (dynamodb/item_digest.h), on both sides, from parallel consistent Scans. When they differ,
/// a second pass localises the difference and names sample keys.

#include <array>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "migrate/copy/table_data_plane.h"
#include "migrate/journal/table_fingerprint.h"
#include "util/clock.h"
#include "util/error.h"

namespace ddbmv::migrate {

struct KeyDifference {
  enum class Kind { kOnlyInSource, kOnlyInTarget, kDiffers };
  Kind kind;
  nlohmann::json key;  ///< the item's primary key as an AttributeValue map
};

struct VerifyReport {
  TableFingerprint source;
  TableFingerprint target;
  bool equal = false;
  std::vector<KeyDifference> samples;  ///< up to VerifyOptions::max_samples when !equal
};

struct VerifyOptions {
  std::optional<int> segments;  ///< parallel Scan segments per table; empty: chosen from the size
  int scan_threads = 4;         ///< per table
  bool consistent_read = true;
  std::size_t max_samples = 10;
};

/// Building blocks shared with the verify after live writes (live_verify.h).
struct TableShape {
  std::vector<std::string> key_attributes;
  int total_segments = 1;  ///< parallel Scan segments to read it with
};
Result<TableShape> table_shape(const TableDataPlane& plane, const std::string& table,
                               const VerifyOptions& options);

/// Both tables' shapes; fails (KeySchemaMismatch) when their keys differ.
Result<std::pair<TableShape, TableShape>> table_shapes(const TableDataPlane& source_plane,
                                                       const TableDataPlane& target_plane,
                                                       const std::string& source, const std::string& target,
                                                       const VerifyOptions& options);

/// A scanned item's primary key, the key's canonical text and the hash of the item's canonical form.
struct KeyedItem {
  nlohmann::json key;
  std::string key_canonical;
  std::array<std::uint8_t, 32> item_hash{};
};
Result<KeyedItem> keyed_item(std::string_view text, const std::vector<std::string>& key_attributes);

/// Fingerprints one table (count + digest): used by verify and by decommission.
Result<TableFingerprint> fingerprint_table(const TableDataPlane& plane, const std::string& table,
                                           const VerifyOptions& options);

/// Fingerprints both tables (concurrently) and, when they differ, finds sample keys. A difference is
/// not an Error: the report says !equal; Errors are failed calls.
Result<VerifyReport> verify_tables(const TableDataPlane& source_plane, const TableDataPlane& target_plane,
                                   const std::string& source, const std::string& target,
                                   const VerifyOptions& options);

}  // namespace ddbmv::migrate
