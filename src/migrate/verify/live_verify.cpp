#include "migrate/verify/live_verify.h"

#include <fmt/core.h>

#include <algorithm>
#include <mutex>
#include <unordered_map>

#include "dynamodb/item_digest.h"
#include "migrate/copy/parallel_scan.h"

namespace ddbmv::migrate {
namespace {

using Json = nlohmann::json;
using dynamodb::Digest256;
using dynamodb::TableDigest;

enum class Seen { kNo, kEqual, kDiffers };

struct OldItem {
  Json key;
  Digest256 hash;
  Seen seen = Seen::kNo;  ///< set by the new table's Scan (one thread per key)
};

struct Mismatch {
  KeyDifference::Kind kind;
  Json key;
  std::string key_canonical;
  Digest256 hash;  ///< of the new table's item
};

ParallelScanOptions scan_options(const TableShape& shape, const VerifyOptions& options) {
  return {shape.total_segments, std::max(1, options.scan_threads), options.consistent_read};
}

}  // namespace

Result<LiveVerifyReport> verify_after_live_writes(
    const TableDataPlane& plane, const std::string& source, const std::string& target,
    const VerifyOptions& options, const std::function<Result<std::set<std::string>>()>& new_side_keys) {
  auto shapes = table_shapes(plane, plane, source, target, options);
  if (!shapes) {
    return std::unexpected(shapes.error());
  }
  const auto source_shape = &shapes->first;
  const auto target_shape = &shapes->second;

  // The old table, whole: it no longer changes.
  std::mutex mutex;
  std::unordered_map<std::string, OldItem> old_items;
  TableDigest source_all;
  auto scanned = parallel_scan(plane, source, scan_options(*source_shape, options),
                               [&](int, const ScannedPage& page) -> Result<void> {
                                 for (std::size_t i = 0; i < page.size(); ++i) {
                                   auto keyed = keyed_item(page.item(i), source_shape->key_attributes);
                                   if (!keyed) {
                                     return std::unexpected(keyed.error());
                                   }
                                   std::lock_guard lock(mutex);
                                   source_all.add(keyed->item_hash);
                                   old_items.emplace(std::move(keyed->key_canonical),
                                                     OldItem{std::move(keyed->key), keyed->item_hash});
                                 }
                                 return {};
                               });
  if (!scanned) {
    return std::unexpected(scanned.error());
  }

  // The new table: each item matched against the old one; what does not match is kept.
  std::vector<Mismatch> mismatches;
  scanned = parallel_scan(
      plane, target, scan_options(*target_shape, options), [&](int, const ScannedPage& page) -> Result<void> {
        for (std::size_t i = 0; i < page.size(); ++i) {
          auto keyed = keyed_item(page.item(i), target_shape->key_attributes);
          if (!keyed) {
            return std::unexpected(keyed.error());
          }
          auto old = old_items.find(keyed->key_canonical);  // no insertions now
          if (old != old_items.end() && old->second.hash == keyed->item_hash) {
            old->second.seen = Seen::kEqual;
            continue;
          }
          if (old != old_items.end()) {
            old->second.seen = Seen::kDiffers;
          }
          std::lock_guard lock(mutex);
          mismatches.push_back(
              {old != old_items.end() ? KeyDifference::Kind::kDiffers : KeyDifference::Kind::kOnlyInTarget,
               std::move(keyed->key), std::move(keyed->key_canonical), keyed->item_hash});
        }
        return {};
      });
  if (!scanned) {
    return std::unexpected(scanned.error());
  }

  auto excluded = new_side_keys();
  if (!excluded) {
    return std::unexpected(excluded.error());
  }
  LiveVerifyReport out;
  TableDigest source_digest;
  TableDigest target_digest;
  std::vector<KeyDifference> differences;
  for (const auto& [key, item] : old_items) {
    if (excluded->contains(key)) {
      ++out.new_side_keys;
      continue;
    }
    source_digest.add(item.hash);
    if (item.seen == Seen::kEqual) {
      target_digest.add(item.hash);
    } else if (item.seen == Seen::kNo) {
      differences.push_back({KeyDifference::Kind::kOnlyInSource, item.key});
    }
  }
  for (const auto& mismatch : mismatches) {
    if (excluded->contains(mismatch.key_canonical)) {
      out.new_side_keys += mismatch.kind == KeyDifference::Kind::kOnlyInTarget ? 1 : 0;
      continue;
    }
    target_digest.add(mismatch.hash);
    differences.push_back({mismatch.kind, mismatch.key});
  }
  out.compared.source = {source, source_digest.count(), source_digest.hex()};
  out.compared.target = {target, target_digest.count(), target_digest.hex()};
  out.compared.equal = differences.empty();
  if (differences.size() > options.max_samples) {
    differences.resize(options.max_samples);
  }
  out.compared.samples = std::move(differences);
  out.source_all = {source, source_all.count(), source_all.hex()};
  return out;
}

}  // namespace ddbmv::migrate
