#include "migrate/copy/data_sync.h"

#include <fmt/core.h>

#include <functional>
#include <nlohmann/json.hpp>
#include <unordered_map>
#include <vector>

#include "dynamodb/item_digest.h"
#include "migrate/copy/batch_writer.h"

namespace ddbmv::migrate {

namespace {

constexpr std::string_view kRerunRollback = "re-run ddbmv rollback: it continues from here";
using Json = nlohmann::json;

Result<std::vector<std::string>> key_attributes(const TableDataPlane& plane, const std::string& table) {
  auto description = plane.describe_table(table);
  if (!description) {
    return std::unexpected(description.error().to_error(fmt::format("describing {}", table), kRerunRollback));
  }
  std::vector<std::string> names;
  for (const auto& element : description->value("KeySchema", Json::array())) {
    names.push_back(element.value("AttributeName", std::string()));
  }
  if (names.empty()) {
    return fail("InvalidTable", fmt::format("table {} has no key schema", table));
  }
  return names;
}

Json key_of(const Json& item, const std::vector<std::string>& attributes) {
  Json key = Json::object();
  for (const auto& name : attributes) {
    if (auto found = item.find(name); found != item.end()) {
      key[name] = *found;
    }
  }
  return key;
}

/// Every item of `table` (consistent Scan, page by page) handed to `visit`.
Result<std::int64_t> scan_all(const TableDataPlane& plane, const std::string& table,
                              const std::function<Result<void>(const Json&)>& visit) {
  Json start = nullptr;
  std::int64_t count = 0;
  do {
    Json request = {{"TableName", table}, {"ConsistentRead", true}};
    if (!start.is_null()) {
      request["ExclusiveStartKey"] = start;
    }
    auto body = plane.scan_raw(request.dump());
    if (!body) {
      return std::unexpected(body.error().to_error(fmt::format("scanning {}", table), kRerunRollback));
    }
    Json page = Json::parse(*body, nullptr, /*allow_exceptions=*/false);
    if (page.is_discarded() || !page.is_object()) {
      return fail("InvalidResponse", fmt::format("scanning {}: the response is not JSON", table));
    }
    for (const auto& item : page.value("Items", Json::array())) {
      if (auto visited = visit(item); !visited) {
        return std::unexpected(visited.error());
      }
      ++count;
    }
    start = page.contains("LastEvaluatedKey") ? page["LastEvaluatedKey"] : Json(nullptr);
  } while (!start.is_null());
  return count;
}

/// Collects write requests and writes them 25 at a time.
class Batcher {
 public:
  explicit Batcher(const BatchWriter& writer) : m_writer(writer) {}
  Result<void> add(WriteRequest request) {
    m_pending.push_back(std::move(request));
    return m_pending.size() >= kMaxBatchItems ? flush() : Result<void>{};
  }
  Result<void> flush() {
    if (m_pending.empty()) {
      return {};
    }
    auto written = m_writer.write(m_pending);
    m_pending.clear();
    return written;
  }

 private:
  const BatchWriter& m_writer;
  std::vector<WriteRequest> m_pending;
};

}  // namespace

Result<SyncReport> ScanDiffSync::sync(const std::string& new_table, const std::string& old_table,
                                      SyncMode mode) {
  auto attributes = key_attributes(m_plane, old_table);
  if (!attributes) {
    return std::unexpected(attributes.error());
  }
  struct OldItem {
    dynamodb::Digest256 hash;
    std::string key;  ///< the key as JSON text, for a delete
  };
  std::unordered_map<std::string, OldItem> old_items;
  SyncReport report;

  auto old_count = scan_all(m_plane, old_table, [&](const Json& item) -> Result<void> {
    const Json key = key_of(item, *attributes);
    auto canonical = dynamodb::canonical_item(key);
    auto hash = dynamodb::item_hash(item);
    if (!canonical || !hash) {
      return fail("InvalidItem", fmt::format("an item of {} is not a valid DynamoDB item", old_table));
    }
    old_items[*canonical] = OldItem{*hash, key.dump()};
    return {};
  });
  if (!old_count) {
    return std::unexpected(old_count.error());
  }
  report.old_items = *old_count;

  const BatchWriter writer(m_plane, old_table, m_clock, nullptr);
  Batcher batcher(writer);
  auto new_count = scan_all(m_plane, new_table, [&](const Json& item) -> Result<void> {
    auto canonical = dynamodb::canonical_item(key_of(item, *attributes));
    auto hash = dynamodb::item_hash(item);
    if (!canonical || !hash) {
      return fail("InvalidItem", fmt::format("an item of {} is not a valid DynamoDB item", new_table));
    }
    const auto found = old_items.find(*canonical);
    const bool same = found != old_items.end() && found->second.hash == *hash;
    if (found != old_items.end()) {
      old_items.erase(found);
    }
    if (same) {
      return {};
    }
    ++report.put;
    return batcher.add(WriteRequest{WriteRequest::Kind::kPut, item.dump()});
  });
  if (!new_count) {
    return std::unexpected(new_count.error());
  }
  report.new_items = *new_count;
  for (auto& [canonical, old_item] : old_items) {
    if (mode == SyncMode::kMerge) {
      break;
    }
    ++report.deleted;
    if (auto added = batcher.add(WriteRequest{WriteRequest::Kind::kDelete, std::move(old_item.key)});
        !added) {
      return std::unexpected(added.error());
    }
  }
  if (auto flushed = batcher.flush(); !flushed) {
    return std::unexpected(flushed.error());
  }
  return report;
}

}  // namespace ddbmv::migrate
