#pragma once
/// Canonical form of a DynamoDB item and an order-independent digest of a whole table.
/// Two items have the same canonical form exactly when DynamoDB considers them equal: numbers compare
/// by value ("1.0" == "1" == "1e0"), sets ignore order, map keys ignore order, binary compares bytes.

#include <array>
#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "util/error.h"

namespace ddbmv::dynamodb {

using Digest256 = std::array<std::uint8_t, 32>;

/// A DynamoDB number in canonical text: "0", or [-]D[.DDD]E<exp> with no leading or trailing zeros
/// in the digits ("1.5E2" for "150", "0150.00", "1.5e2"). Fails on text that is not a number.
Result<std::string> canonical_number(std::string_view number);

/// The canonical byte string of one AttributeValue (`{"S":"x"}`, `{"M":{...}}`, ...): type-tagged and
/// length-prefixed, so distinct values never collide. Fails on a malformed value.
Result<std::string> canonical_attribute(const nlohmann::json& value);

/// The canonical byte string of an item (an AttributeValue map: attribute names sorted).
Result<std::string> canonical_item(const nlohmann::json& item);

/// SHA-256 of canonical_item.
Result<Digest256> item_hash(const nlohmann::json& item);

/// An order-independent digest of a multiset of items: the sum mod 2^256 of their hashes (as
/// big-endian integers; duplicates do not cancel) and their count. Combining partial digests of
/// disjoint parts gives the digest of the whole, so each worker keeps its own and they are merged.
class TableDigest {
 public:
  void add(const Digest256& hash);
  /// Adds another digest (of a disjoint set of items).
  void merge(const TableDigest& other);

  std::int64_t count() const { return m_count; }
  const Digest256& sum() const { return m_sum; }
  /// 64 lower-case hex digits of the sum.
  std::string hex() const;

  friend bool operator==(const TableDigest&, const TableDigest&) = default;

 private:
  Digest256 m_sum{};
  std::int64_t m_count = 0;
};

/// A TableDigest shared by threads: merge() partials under a lock.
class SharedTableDigest {
 public:
  void merge(const TableDigest& partial);
  TableDigest value() const;

 private:
  mutable std::mutex m_mutex;
  TableDigest m_digest;
};

}  // namespace ddbmv::dynamodb
