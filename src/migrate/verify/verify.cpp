#include "migrate/verify/verify.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <map>
#include <thread>

#include "dynamodb/item_digest.h"
#include "migrate/copy/copy_engine.h"
#include "migrate/copy/parallel_scan.h"

namespace ddbmv::migrate {
namespace {

using dynamodb::Digest256;
using dynamodb::TableDigest;
using Json = nlohmann::json;

constexpr std::size_t kBuckets = 256;
/// At most this many keys per side are held in memory while localising a difference.
constexpr std::int64_t kMaxKeysToCompare = 200'000;

using Buckets = std::array<TableDigest, kBuckets>;

struct Fingerprint {
  TableDigest total;
  Buckets buckets;  ///< by the first byte of the SHA-256 of the item's canonical primary key
};

std::size_t bucket_of(std::string_view key_canonical) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> hash{};
  unsigned int length = 0;
  EVP_Digest(key_canonical.data(), key_canonical.size(), hash.data(), &length, EVP_sha256(), nullptr);
  return hash[0];
}

Result<Fingerprint> fingerprint(const TableDataPlane& plane, const std::string& table,
                                const TableShape& shape, const VerifyOptions& options) {
  const int threads = std::max(1, options.scan_threads);
  std::vector<Fingerprint> partials(static_cast<std::size_t>(threads));
  auto scanned = parallel_scan(plane, table, {shape.total_segments, threads, options.consistent_read},
                               [&](int worker, const ScannedPage& page) -> Result<void> {
                                 auto& partial = partials[static_cast<std::size_t>(worker)];
                                 for (std::size_t i = 0; i < page.size(); ++i) {
                                   auto keyed = keyed_item(page.item(i), shape.key_attributes);
                                   if (!keyed) {
                                     return std::unexpected(keyed.error());
                                   }
                                   partial.total.add(keyed->item_hash);
                                   partial.buckets[bucket_of(keyed->key_canonical)].add(keyed->item_hash);
                                 }
                                 return {};
                               });
  if (!scanned) {
    return std::unexpected(scanned.error());
  }
  Fingerprint result;
  for (const auto& partial : partials) {
    result.total.merge(partial.total);
    for (std::size_t b = 0; b < kBuckets; ++b) {
      result.buckets[b].merge(partial.buckets[b]);
    }
  }
  return result;
}

using KeyHashes = std::map<std::string, std::pair<Json, Digest256>>;

/// Every item of `table` whose key falls in one of `buckets`: canonical key → (key, item hash).
Result<KeyHashes> collect(const TableDataPlane& plane, const std::string& table, const TableShape& shape,
                          const VerifyOptions& options, const std::array<bool, kBuckets>& buckets) {
  std::mutex mutex;
  KeyHashes keys;
  auto scanned = parallel_scan(plane, table, {shape.total_segments, std::max(1, options.scan_threads), true},
                               [&](int, const ScannedPage& page) -> Result<void> {
                                 for (std::size_t i = 0; i < page.size(); ++i) {
                                   auto keyed = keyed_item(page.item(i), shape.key_attributes);
                                   if (!keyed) {
                                     return std::unexpected(keyed.error());
                                   }
                                   if (!buckets[bucket_of(keyed->key_canonical)]) {
                                     continue;
                                   }
                                   std::lock_guard lock(mutex);
                                   keys.emplace(std::move(keyed->key_canonical),
                                                std::make_pair(std::move(keyed->key), keyed->item_hash));
                                 }
                                 return {};
                               });
  if (!scanned) {
    return std::unexpected(scanned.error());
  }
  return keys;
}

std::vector<KeyDifference> diff(const KeyHashes& source, const KeyHashes& target, std::size_t max_samples) {
  std::vector<KeyDifference> samples;
  auto s = source.begin();
  auto t = target.begin();
  while ((s != source.end() || t != target.end()) && samples.size() < max_samples) {
    if (t == target.end() || (s != source.end() && s->first < t->first)) {
      samples.push_back({KeyDifference::Kind::kOnlyInSource, s->second.first});
      ++s;
    } else if (s == source.end() || t->first < s->first) {
      samples.push_back({KeyDifference::Kind::kOnlyInTarget, t->second.first});
      ++t;
    } else {
      if (s->second.second != t->second.second) {
        samples.push_back({KeyDifference::Kind::kDiffers, s->second.first});
      }
      ++s;
      ++t;
    }
  }
  return samples;
}

}  // namespace

Result<TableShape> table_shape(const TableDataPlane& plane, const std::string& table,
                               const VerifyOptions& options) {
  auto description = plane.describe_table(table);
  if (!description) {
    return std::unexpected(description.error().to_error());
  }
  TableShape shape;
  for (const auto& element : description->value("KeySchema", Json::array())) {
    shape.key_attributes.push_back(element.value("AttributeName", ""));
  }
  if (shape.key_attributes.empty()) {
    return fail("InvalidResponse", fmt::format("DescribeTable of {} returned no KeySchema", table));
  }
  const auto count = description->value("ItemCount", std::int64_t{0});
  const auto size = description->value("TableSizeBytes", std::int64_t{0});
  shape.total_segments = std::max(choose_segment_count(size, count, options.segments),
                                  options.segments ? 1 : options.scan_threads);
  return shape;
}

Result<KeyedItem> keyed_item(std::string_view text, const std::vector<std::string>& key_attributes) {
  const Json item = Json::parse(text, nullptr, false);
  if (item.is_discarded() || !item.is_object()) {
    return fail("InvalidResponse", "a scanned item is not JSON");
  }
  KeyedItem keyed;
  keyed.key = Json::object();
  for (const auto& name : key_attributes) {
    auto attribute = item.find(name);
    if (attribute == item.end()) {
      return fail("InvalidResponse", fmt::format("a scanned item has no key attribute {}", name));
    }
    keyed.key[name] = *attribute;
  }
  auto key_canonical = dynamodb::canonical_item(keyed.key);
  if (!key_canonical) {
    return std::unexpected(key_canonical.error());
  }
  keyed.key_canonical = std::move(*key_canonical);
  auto hash = dynamodb::item_hash(item);
  if (!hash) {
    return std::unexpected(hash.error());
  }
  keyed.item_hash = *hash;
  return keyed;
}

Result<TableFingerprint> fingerprint_table(const TableDataPlane& plane, const std::string& table,
                                           const VerifyOptions& options) {
  auto shape = table_shape(plane, table, options);
  if (!shape) {
    return std::unexpected(shape.error());
  }
  auto print = fingerprint(plane, table, *shape, options);
  if (!print) {
    return std::unexpected(print.error());
  }
  return TableFingerprint{table, print->total.count(), print->total.hex()};
}

Result<std::pair<TableShape, TableShape>> table_shapes(const TableDataPlane& source_plane,
                                                       const TableDataPlane& target_plane,
                                                       const std::string& source, const std::string& target,
                                                       const VerifyOptions& options) {
  auto source_shape = table_shape(source_plane, source, options);
  if (!source_shape) {
    return std::unexpected(source_shape.error());
  }
  auto target_shape = table_shape(target_plane, target, options);
  if (!target_shape) {
    return std::unexpected(target_shape.error());
  }
  if (source_shape->key_attributes != target_shape->key_attributes) {
    return fail("KeySchemaMismatch",
                fmt::format("tables {} and {} have different key schemas", source, target),
                "the target must be created from the source's spec");
  }
  return std::pair{std::move(*source_shape), std::move(*target_shape)};
}

Result<VerifyReport> verify_tables(const TableDataPlane& source_plane, const TableDataPlane& target_plane,
                                   const std::string& source, const std::string& target,
                                   const VerifyOptions& options) {
  auto shapes = table_shapes(source_plane, target_plane, source, target, options);
  if (!shapes) {
    return std::unexpected(shapes.error());
  }
  const auto source_shape = &shapes->first;
  const auto target_shape = &shapes->second;

  Result<Fingerprint> target_print = fail("NotRun", "");
  std::thread target_thread(
      [&] { target_print = fingerprint(target_plane, target, *target_shape, options); });
  auto source_print = fingerprint(source_plane, source, *source_shape, options);
  target_thread.join();
  if (!source_print) {
    return std::unexpected(source_print.error());
  }
  if (!target_print) {
    return std::unexpected(target_print.error());
  }

  VerifyReport report;
  report.source = {source, source_print->total.count(), source_print->total.hex()};
  report.target = {target, target_print->total.count(), target_print->total.hex()};
  report.equal = source_print->total == target_print->total;
  if (report.equal) {
    return report;
  }

  // Localise: compare the keys in differing buckets, as many buckets as fit in memory (at least one).
  std::array<bool, kBuckets> chosen{};
  std::int64_t budget = kMaxKeysToCompare;
  bool any = false;
  for (std::size_t b = 0; b < kBuckets; ++b) {
    if (source_print->buckets[b] == target_print->buckets[b]) {
      continue;
    }
    const std::int64_t size = std::max(source_print->buckets[b].count(), target_print->buckets[b].count());
    if (any && size > budget) {
      continue;
    }
    chosen[b] = true;
    any = true;
    budget -= size;
  }
  Result<KeyHashes> target_keys = fail("NotRun", "");
  std::thread collect_thread(
      [&] { target_keys = collect(target_plane, target, *target_shape, options, chosen); });
  auto source_keys = collect(source_plane, source, *source_shape, options, chosen);
  collect_thread.join();
  if (!source_keys) {
    return std::unexpected(source_keys.error());
  }
  if (!target_keys) {
    return std::unexpected(target_keys.error());
  }
  report.samples = diff(*source_keys, *target_keys, options.max_samples);
  return report;
}

}  // namespace ddbmv::migrate
