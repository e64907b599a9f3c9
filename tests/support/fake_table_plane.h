#pragma once
/// An in-memory DynamoDB data plane for copy and verify tests: Scan with segments and pages, and
/// BatchWriteItem with injectable UnprocessedItems, throttling and failures. Thread-safe.

#include <fmt/core.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

#include "dynamodb/item_digest.h"
#include "migrate/copy/table_data_plane.h"
#include "util/clock.h"

namespace ddbmv::migrate::testing {

using Json = nlohmann::json;

/// A clock whose sleeps return at once and advance it; safe to share between threads.
class InstantClock final : public Clock {
 public:
  TimePoint now() const override { return TimePoint(std::chrono::milliseconds(m_ms.load())); }
  void sleep_for(std::chrono::milliseconds duration) const override { m_ms += duration.count(); }

 private:
  mutable std::atomic<std::int64_t> m_ms{1'700'000'000'000};
};

struct FakeFaults {
  double unprocessed_rate = 0;  ///< each request of a batch is left unprocessed with this probability
  double throttle_rate = 0;     ///< a whole call fails with a retryable ThrottlingException
  std::string fail_code;        ///< non-empty: every BatchWriteItem fails with this non-retryable code

  static FakeFaults rates(double unprocessed, double throttle) { return {unprocessed, throttle, {}}; }
  static FakeFaults failing(std::string code) { return {0, 0, std::move(code)}; }
};

class FakeTablePlane final : public TableDataPlane {
 public:
  struct Table {
    std::vector<std::string> key_attributes{"pk"};
    std::map<std::string, Json> items;  ///< canonical key → item
  };

  /// Creates (or empties) a table keyed by `key_attributes`.
  void create(const std::string& name, std::vector<std::string> key_attributes = {"pk"}) {
    std::lock_guard lock(m_mutex);
    m_tables[name] = Table{std::move(key_attributes), {}};
  }

  void put(const std::string& name, const Json& item) {
    std::lock_guard lock(m_mutex);
    auto& table = m_tables.at(name);
    table.items[canonical_key(table, item)] = item;
  }

  void erase(const std::string& name, const Json& key) {
    std::lock_guard lock(m_mutex);
    auto& table = m_tables.at(name);
    table.items.erase(canonical_key(table, key));
  }

  std::map<std::string, Json> items(const std::string& name) const {
    std::lock_guard lock(m_mutex);
    return m_tables.at(name).items;
  }

  bool contains(const std::string& name, const Json& key) const {
    std::lock_guard lock(m_mutex);
    const auto& table = m_tables.at(name);
    return table.items.contains(canonical_key(table, key));
  }

  /// The segment a key falls into, as the fake's Scan assigns them.
  static int segment_of(const std::string& canonical, int total_segments) {
    return static_cast<int>(std::hash<std::string>{}(canonical) % static_cast<std::size_t>(total_segments));
  }

  static std::string canonical_key(const Table& table, const Json& item) {
    Json key = Json::object();
    for (const auto& name : table.key_attributes) {
      key[name] = item.at(name);
    }
    return *dynamodb::canonical_item(key);
  }

  void set_faults(FakeFaults faults) {
    std::lock_guard lock(m_mutex);
    m_faults = std::move(faults);
  }
  void set_page_size(std::size_t items) { m_page_size = items; }
  std::int64_t batch_calls() const { return m_batch_calls.load(); }
  std::int64_t scan_calls() const { return m_scan_calls.load(); }
  std::int64_t put_requests() const { return m_put_requests.load(); }

  aws::Outcome<Json> describe_table(const std::string& name) const override {
    std::lock_guard lock(m_mutex);
    auto it = m_tables.find(name);
    if (it == m_tables.end()) {
      return std::unexpected(aws::AwsError{"dynamodb", "DescribeTable", "ResourceNotFoundException",
                                           "Requested resource not found", 400, "", false});
    }
    Json schema = Json::array();
    for (std::size_t i = 0; i < it->second.key_attributes.size(); ++i) {
      schema.push_back(
          {{"AttributeName", it->second.key_attributes[i]}, {"KeyType", i == 0 ? "HASH" : "RANGE"}});
    }
    return Json{{"TableName", name},
                {"KeySchema", schema},
                {"ItemCount", it->second.items.size()},
                {"TableSizeBytes", it->second.items.size() * 100}};
  }

  aws::Outcome<std::string> scan_raw(std::string body) const override {
    ++m_scan_calls;
    const Json input = Json::parse(body);
    std::lock_guard lock(m_mutex);
    const auto& table = m_tables.at(input.at("TableName").get<std::string>());
    const int segment = input.value("Segment", 0);
    const int total = input.value("TotalSegments", 1);
    std::string after;
    if (input.contains("ExclusiveStartKey")) {
      after = canonical_key(table, input["ExclusiveStartKey"]);
    }
    const std::size_t page_size =
        std::min<std::size_t>(m_page_size, input.value("Limit", std::size_t{m_page_size}));
    Json items = Json::array();
    Json last_key;
    auto it = after.empty() ? table.items.begin() : table.items.upper_bound(after);
    for (; it != table.items.end(); ++it) {
      if (segment_of(it->first, total) != segment) {
        continue;
      }
      if (items.size() == page_size) {
        last_key = Json::object();
        for (const auto& name : table.key_attributes) {
          last_key[name] = items.back().at(name);
        }
        break;
      }
      items.push_back(it->second);
    }
    Json response{{"Items", items}, {"Count", items.size()}, {"ScannedCount", items.size()}};
    if (!last_key.is_null()) {
      response["LastEvaluatedKey"] = last_key;
    }
    return response.dump();
  }

  aws::Outcome<std::string> batch_write_raw(std::string body) const override {
    ++m_batch_calls;
    const Json input = Json::parse(body);
    std::lock_guard lock(m_mutex);
    if (!m_faults.fail_code.empty()) {
      return std::unexpected(aws::AwsError{"dynamodb", "BatchWriteItem", m_faults.fail_code,
                                           "injected failure", 400, "", false});
    }
    if (chance(m_faults.throttle_rate)) {
      return std::unexpected(aws::AwsError{"dynamodb", "BatchWriteItem", "ThrottlingException",
                                           "injected throttle", 400, "", true});
    }
    Json unprocessed = Json::object();
    for (const auto& [name, requests] : input.at("RequestItems").items()) {
      auto& table = m_tables.at(name);
      for (const auto& request : requests) {
        if (chance(m_faults.unprocessed_rate)) {
          unprocessed[name].push_back(request);
          continue;
        }
        if (request.contains("PutRequest")) {
          ++m_put_requests;
          const auto& item = request["PutRequest"]["Item"];
          table.items[canonical_key(table, item)] = item;
        } else {
          table.items.erase(canonical_key(table, request["DeleteRequest"]["Key"]));
        }
      }
    }
    return Json{{"UnprocessedItems", unprocessed}}.dump();
  }

 private:
  bool chance(double rate) const {
    return rate > 0 && std::uniform_real_distribution<double>(0, 1)(m_random) < rate;
  }

  mutable std::mutex m_mutex;
  mutable std::map<std::string, Table> m_tables;
  FakeFaults m_faults;
  std::atomic<std::size_t> m_page_size{7};
  mutable std::mt19937 m_random{42};
  mutable std::atomic<std::int64_t> m_batch_calls{0};
  mutable std::atomic<std::int64_t> m_scan_calls{0};
  mutable std::atomic<std::int64_t> m_put_requests{0};
};

/// `count` items with varied attribute types, keyed by pk = "item-<i>".
inline void fill(FakeTablePlane& plane, const std::string& table, int count) {
  for (int i = 0; i < count; ++i) {
    plane.put(table,
              Json{{"pk", {{"S", "item-" + std::to_string(i)}}},
                   {"n", {{"N", std::to_string(i)}}},
                   {"tags", {{"SS", {"a", fmt::format("b{}", i % 3)}}}},
                   {"blob", {{"B", "AAEC"}}},
                   {"nested", {{"M", {{"list", {{"L", {{{"BOOL", i % 2 == 0}}, {{"NULL", true}}}}}}}}}}});
  }
}

}  // namespace ddbmv::migrate::testing
