#include "migrate/streams/shard_cursor.h"

#include <algorithm>

namespace ddbmv::migrate {
namespace {

double retention_seconds() {
  return std::chrono::duration<double>(kStreamRetention).count();
}

}  // namespace

std::optional<double> needed_since(const StreamStart& start, const nlohmann::json& description) {
  std::optional<double> since = start.min_creation_time;
  if (auto created = description.find("CreationRequestDateTime");
      created != description.end() && created->is_number()) {
    since = std::max(since.value_or(created->get<double>()), created->get<double>());
  }
  return since;
}

bool trim_allows_fresh_iterator(const std::string& after_sequence, std::optional<TimePoint> empty_page_read,
                                std::optional<double> since, TimePoint now) {
  if (!after_sequence.empty()) {
    return true;
  }
  if (empty_page_read && now - *empty_page_read < kStreamRetention) {
    return true;
  }
  return since && epoch_seconds(now) - *since < retention_seconds();
}

ShardCursor::ShardCursor(const StreamReader& reader, std::string stream_arn, std::string shard_id,
                         std::string after_sequence)
    : m_reader(reader),
      m_stream_arn(std::move(stream_arn)),
      m_shard_id(std::move(shard_id)),
      m_after_sequence(std::move(after_sequence)) {}

aws::Outcome<std::string> ShardCursor::iterator() {
  if (!m_iterator) {
    const bool after = !m_after_sequence.empty();
    auto fresh = m_reader.get_shard_iterator(m_stream_arn, m_shard_id,
                                             after ? "AFTER_SEQUENCE_NUMBER" : "TRIM_HORIZON",
                                             after ? std::optional(m_after_sequence) : std::nullopt);
    if (!fresh) {
      return std::unexpected(fresh.error());
    }
    m_iterator = std::move(*fresh);
    m_empty_page_read.reset();
  }
  return *m_iterator;
}

aws::Outcome<dynamodb::StreamRecords> ShardCursor::next_page(int limit, std::optional<double> since,
                                                             TimePoint now) {
  for (int fresh = 0;; ++fresh) {
    auto held = iterator();
    if (!held) {
      return std::unexpected(held.error());
    }
    auto page = m_reader.get_records(*held, limit);
    if (!page) {
      const std::string& code = page.error().code;
      const bool renew = code == "ExpiredIteratorException" ||
                         (code == "TrimmedDataAccessException" &&
                          trim_allows_fresh_iterator(m_after_sequence, m_empty_page_read, since, now));
      if (renew && fresh < kMaxFreshIterators) {
        m_iterator.reset();
        continue;
      }
      return page;
    }
    if (!page->records.empty()) {
      m_after_sequence =
          page->records.back().value("dynamodb", nlohmann::json::object()).value("SequenceNumber", "");
      m_empty_page_read.reset();
    } else {
      m_empty_page_read = now;
    }
    if (page->next_shard_iterator.empty()) {
      m_iterator.reset();
    } else {
      m_iterator = page->next_shard_iterator;
    }
    return page;
  }
}

}  // namespace ddbmv::migrate
