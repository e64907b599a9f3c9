#pragma once
/// An in-memory DynamoDB stream for replicator tests: shards with parents, records appended at any
/// time, shards closed on demand; iterators are "shard#position" and can be made to expire.
/// And an in-memory target table (ChangeSink) that records every write.

#include <fmt/core.h>

#include <functional>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "migrate/copy/change_sink.h"
#include "migrate/streams/stream_reader.h"

namespace ddbmv::testing {

using nlohmann::json;

/// A string attribute value: `{"S": value}`.
inline json s(const std::string& value) {
  return json{{"S", value}};
}

class FakeStream final : public migrate::StreamReader {
 public:
  struct Shard {
    std::string id;
    std::string parent;
    std::vector<json> records;
    bool closed = false;
  };

  void add_shard(std::string id, std::string parent = {}) {
    std::lock_guard lock(m_mutex);
    m_shards.push_back({std::move(id), std::move(parent), {}, false});
  }
  void close(const std::string& id) {
    std::lock_guard lock(m_mutex);
    shard(id).closed = true;
  }
  /// Appends a record for key {"pk": pk}; value empty means REMOVE. Returns its sequence number.
  std::string write(const std::string& shard_id, const std::string& event, const std::string& pk,
                    const std::string& value = {}, double created = 1000.0) {
    std::lock_guard lock(m_mutex);
    std::string sequence = fmt::format("{:021}", ++m_sequence);
    json body = {
        {"Keys", {{"pk", s(pk)}}}, {"SequenceNumber", sequence}, {"ApproximateCreationDateTime", created}};
    if (event != "REMOVE") {
      body["NewImage"] = {{"pk", s(pk)}, {"v", s(value)}};
    }
    shard(shard_id).records.push_back({{"eventName", event}, {"dynamodb", body}});
    return sequence;
  }
  /// Lists shards in this order (DynamoDB does not promise parents first).
  void list_in_order(std::vector<std::string> ids) { m_listing = std::move(ids); }
  /// The next get_records call with this iterator fails with ExpiredIteratorException.
  void expire_next_iterator() { m_expire_next = true; }
  /// The next `calls` get_records calls fail with TrimmedDataAccessException (DynamoDB Local does
  /// this to an iterator taken while its shard was empty; see shard_cursor.h).
  void trim_next_get_records(int calls = 1) { m_trim_next = calls; }
  /// DescribeStream's CreationRequestDateTime (epoch seconds); not reported until set.
  void set_creation_time(double epoch_seconds) { m_created = epoch_seconds; }
  /// Records up to and including this sequence number are gone: get_shard_iterator after one of
  /// them fails with TrimmedDataAccessException, as DynamoDB Streams does past 24 hours.
  void trim_through(std::string sequence) { m_trimmed_through = std::move(sequence); }
  /// Called before each get_records (tests append records while the replicator runs).
  std::function<void(int call)> before_get_records;

  aws::Outcome<json> describe_stream(const std::string& arn) const override {
    std::lock_guard lock(m_mutex);
    json shards = json::array();
    auto emit = [&](const Shard& shard) {
      json entry = {{"ShardId", shard.id}};
      if (!shard.parent.empty()) {
        entry["ParentShardId"] = shard.parent;
      }
      json range = json::object();
      if (!shard.records.empty()) {
        range["StartingSequenceNumber"] = shard.records.front()["dynamodb"]["SequenceNumber"];
      }
      if (shard.closed && !shard.records.empty()) {
        range["EndingSequenceNumber"] = shard.records.back()["dynamodb"]["SequenceNumber"];
      }
      entry["SequenceNumberRange"] = range;
      shards.push_back(entry);
    };
    if (m_listing.empty()) {
      for (const auto& shard : m_shards)
        emit(shard);
    } else {
      for (const auto& id : m_listing)
        emit(const_cast<FakeStream*>(this)->shard(id));
    }
    json description = {{"StreamArn", arn}, {"StreamStatus", "ENABLED"}, {"Shards", shards}};
    if (m_created) {
      description["CreationRequestDateTime"] = *m_created;
    }
    return description;
  }

  aws::Outcome<std::string> get_shard_iterator(const std::string&, const std::string& shard_id,
                                               const std::string& type,
                                               const std::optional<std::string>& sequence) const override {
    std::lock_guard lock(m_mutex);
    m_iterator_requests.push_back(type + (sequence ? " " + *sequence : std::string()));
    auto& found = const_cast<FakeStream*>(this)->shard(shard_id);
    std::size_t position = 0;
    if (type == "AFTER_SEQUENCE_NUMBER") {
      if (!m_trimmed_through.empty() && *sequence < m_trimmed_through) {
        return std::unexpected(trimmed("GetShardIterator"));
      }
      while (position < found.records.size() &&
             found.records[position]["dynamodb"]["SequenceNumber"].get<std::string>() <= *sequence) {
        ++position;
      }
    } else if (type != "TRIM_HORIZON") {
      ADD_FAILURE() << "unexpected iterator type " << type;
    }
    return fmt::format("{}#{}", shard_id, position);
  }

  aws::Outcome<dynamodb::StreamRecords> get_records(const std::string& iterator, int limit) const override {
    if (before_get_records) {
      before_get_records(m_calls);
    }
    std::lock_guard lock(m_mutex);
    ++m_calls;
    if (m_expire_next) {
      m_expire_next = false;
      return std::unexpected(aws::AwsError{"streams.dynamodb", "GetRecords", "ExpiredIteratorException",
                                           "expired", 400, "", false});
    }
    if (m_trim_next > 0) {
      --m_trim_next;
      return std::unexpected(trimmed("GetRecords"));
    }
    auto hash = iterator.rfind('#');
    auto& found = const_cast<FakeStream*>(this)->shard(iterator.substr(0, hash));
    std::size_t position = std::stoul(iterator.substr(hash + 1));
    dynamodb::StreamRecords out;
    while (position < found.records.size() && static_cast<int>(out.records.size()) < limit) {
      out.records.push_back(found.records[position++]);
    }
    bool drained = position >= found.records.size();
    if (!(found.closed && drained)) {
      out.next_shard_iterator = fmt::format("{}#{}", found.id, position);
    }
    return out;
  }

  std::vector<std::string> iterator_requests() const {
    std::lock_guard lock(m_mutex);
    return m_iterator_requests;
  }

 private:
  static aws::AwsError trimmed(const std::string& operation) {
    return aws::AwsError{"streams.dynamodb",
                         operation,
                         "TrimmedDataAccessException",
                         "The operation attempted to read past the oldest stream record in a shard.",
                         400,
                         "",
                         false};
  }
  Shard& shard(const std::string& id) {
    for (auto& candidate : m_shards) {
      if (candidate.id == id)
        return candidate;
    }
    throw std::runtime_error("no shard " + id);
  }

  mutable std::mutex m_mutex;
  std::vector<Shard> m_shards;
  std::vector<std::string> m_listing;
  std::uint64_t m_sequence = 0;
  mutable int m_calls = 0;
  mutable bool m_expire_next = false;
  mutable int m_trim_next = 0;
  std::optional<double> m_created;
  std::string m_trimmed_through;
  mutable std::vector<std::string> m_iterator_requests;
};

/// A target table keyed by the dump of the key; records every request in order.
class FakeSink final : public migrate::ChangeSink {
 public:
  Result<void> write(std::span<const migrate::WriteRequest> requests) override {
    std::lock_guard lock(m_mutex);
    if (m_fail) {
      return fail("ProvisionedThroughputExceededException", "table t: throttled");
    }
    for (const auto& request : requests) {
      json parsed = json::parse(request.json);
      std::string pk = parsed["pk"]["S"];
      if (request.kind == migrate::WriteRequest::Kind::kPut) {
        items[pk] = parsed.value("v", json{{"S", ""}})["S"];
      } else {
        items.erase(pk);
      }
      ++writes;
    }
    return {};
  }
  void fail_writes(bool fail_them) { m_fail = fail_them; }

  std::map<std::string, std::string> items;  ///< pk → v
  int writes = 0;

 private:
  std::mutex m_mutex;
  bool m_fail = false;
};

}  // namespace ddbmv::testing
