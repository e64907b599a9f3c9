#pragma once
/// One Scan page as the copy engine handles it: the raw response body with the items located in it
/// (no per-item parse), and the BatchWriteItem bodies built from those items byte for byte.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/error.h"

namespace ddbmv::migrate {

/// The Scan Limit the copy and verify use: at most this many items per page. AWS caps a page at 1 MB
/// anyway; for small items this costs a few more Scan calls, one beside every ten BatchWriteItem
/// calls. In return a checkpoint comes every 250 items of a segment at most, pages in memory stay
/// small, and DynamoDB Local (the sandbox), whose time per page grows faster than the page (one 1 MB
/// page of 6,700 small items: 3.5 s; 1,000 items: 0.04 s), reads the most items per second at about
/// this size (4 segments, 100,000 items, load 8-9 on 2 cores: pages of 100: 26-30k items/s, 250:
/// 28-33k, 500: 19-21k, 1,000: 16-22k, 2,000: 18-19k; unlimited 1 MB pages: about 7k).
inline constexpr int kScanPageItems = 250;

struct ScanInput {
  std::string table;
  int segment = 0;
  int total_segments = 1;
  nlohmann::json exclusive_start_key;  ///< null for the segment's first page
  bool consistent_read = false;
  std::optional<int> limit;
};

/// The Scan input body for `input`.
std::string build_scan_body(const ScanInput& input);

class ScannedPage {
 public:
  /// Locates Items and parses LastEvaluatedKey in a Scan response body; fails when either is malformed.
  static Result<ScannedPage> parse(std::string body);

  std::size_t size() const { return m_items.size(); }
  std::string_view item(std::size_t index) const {
    return std::string_view(m_body).substr(m_items[index].first, m_items[index].second);
  }
  /// Null when the segment has no more pages.
  const nlohmann::json& last_evaluated_key() const { return m_last_evaluated_key; }

 private:
  std::string m_body;
  std::vector<std::pair<std::size_t, std::size_t>> m_items;  ///< offset and length of each item in m_body
  nlohmann::json m_last_evaluated_key;
};

/// Groups the page's items into BatchWriteItem batches: consecutive index ranges [first, second) of at
/// most 25 items and a body of at most 16 MiB.
std::vector<std::pair<std::size_t, std::size_t>> plan_batches(const ScannedPage& page);

/// The BatchWriteItem body putting items [first, last) of `page` into the table whose JSON-escaped
/// name (with quotes) is `table_json`.
std::string build_put_body(std::string_view table_json, const ScannedPage& page, std::size_t first,
                           std::size_t last);

}  // namespace ddbmv::migrate
