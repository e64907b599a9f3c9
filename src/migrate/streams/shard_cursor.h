#pragma once
/// One shard of a DynamoDB stream, read page by page from where its reader is: the shard's trim
/// horizon, or after the last record read. The cursor holds the iterator and decides, in one
/// place for every reader of a stream, when an error of GetRecords allows a fresh iterator:
///
/// - ExpiredIteratorException (an iterator lives 15 minutes): always.
/// - TrimmedDataAccessException: only where it cannot mean that a record the reader needs is gone
///   (trim_allows_fresh_iterator). DynamoDB Local raises it where AWS would not: for the first
///   record of a shard whose iterator was taken while the shard was empty, when another stream
///   consumed sequence numbers in between (Local's sequence numbers are global; its check compares
///   the iterator's number with the shard's first record's). Both a chain of empty pages and a
///   fresh TRIM_HORIZON iterator taken just before the write meet it; a fresh iterator then reads
///   the record.

#include <chrono>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "dynamodb/streams_client.h"
#include "migrate/streams/replication_checkpoint.h"
#include "migrate/streams/stream_reader.h"
#include "util/clock.h"

namespace ddbmv::migrate {

/// How long DynamoDB Streams keeps a record.
inline constexpr std::chrono::hours kStreamRetention{24};

/// The oldest record a reader of `start`'s stream needs (epoch seconds): records created before the
/// stream (its `CreationRequestDateTime` in `description`, a StreamDescription) cannot exist, and
/// records before `start.min_creation_time` are skipped. Empty when neither is known.
std::optional<double> needed_since(const StreamStart& start, const nlohmann::json& description);

/// Whether a TrimmedDataAccessException may be answered with a fresh iterator, losing nothing:
/// - `after_sequence` set: the fresh iterator is AFTER_SEQUENCE_NUMBER, which itself fails with the
///   same error when records after it are really gone;
/// - `empty_page_read` (the held iterator continues a page read then, and no record of the shard has
///   been read): whatever the iterator points at was written after that page, so if that was less
///   than the retention ago, nothing it points at can have been trimmed;
/// - `needed_since` less than the retention ago: trimming removes only older records, none needed.
/// Otherwise TRIM_HORIZON could skip a needed record, and the error stands.
bool trim_allows_fresh_iterator(const std::string& after_sequence, std::optional<TimePoint> empty_page_read,
                                std::optional<double> needed_since, TimePoint now);

class ShardCursor {
 public:
  /// `reader` must outlive the cursor. `after_sequence`: the last record already read (empty: none,
  /// read from TRIM_HORIZON).
  ShardCursor(const StreamReader& reader, std::string stream_arn, std::string shard_id,
              std::string after_sequence);

  /// The next page (GetShardIterator first when no iterator is held). `next_shard_iterator` empty:
  /// the shard is closed and read to its end. The cursor moves past the page's records. Errors are
  /// GetShardIterator's or GetRecords's, after at most kMaxFreshIterators fresh iterators.
  aws::Outcome<dynamodb::StreamRecords> next_page(int limit, std::optional<double> needed_since,
                                                  TimePoint now);

  const std::string& shard_id() const { return m_shard_id; }
  /// The last record read, or empty.
  const std::string& after_sequence() const { return m_after_sequence; }

  static constexpr int kMaxFreshIterators = 3;

 private:
  aws::Outcome<std::string> iterator();

  const StreamReader& m_reader;
  std::string m_stream_arn;
  std::string m_shard_id;
  std::string m_after_sequence;
  std::optional<std::string> m_iterator;
  /// When the page that gave m_iterator was read, if it was empty (else unset).
  std::optional<TimePoint> m_empty_page_read;
};

}  // namespace ddbmv::migrate
