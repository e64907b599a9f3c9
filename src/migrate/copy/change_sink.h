#pragma once
/// Where a stream replication writes: the target table. One call carries the changes of one page of
/// stream records, already folded to one request per key, so they may be written in any order and
/// in parallel.

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>

#include "migrate/copy/batch_writer.h"
#include "migrate/copy/table_data_plane.h"
#include "util/clock.h"
#include "util/error.h"

namespace ddbmv::migrate {

class ChangeSink {
 public:
  virtual ~ChangeSink() = default;
  /// Writes every request (no two on the same key) to the end, or fails naming the table.
  virtual Result<void> write(std::span<const WriteRequest> requests) = 0;
};

/// Reads an item of the source by key with a consistent read: what a KEYS_ONLY or OLD_IMAGE stream
/// does not carry.
class SourceItemReader {
 public:
  virtual ~SourceItemReader() = default;
  /// The item, or empty when it does not exist.
  virtual Result<std::optional<nlohmann::json>> get_item(const nlohmann::json& key) = 0;
};

/// BatchWriteItem batches of 25 through the copy's BatchWriter (retrying UnprocessedItems and
/// throttling with backoff), up to `parallel_batches` at once. `plane` and `clock` must outlive it.
std::unique_ptr<ChangeSink> make_batch_change_sink(const TableDataPlane& plane, std::string table,
                                                   const Clock& clock, int parallel_batches = 8);

/// Consistent GetItem on `table` through `client`, which must outlive the reader.
std::unique_ptr<SourceItemReader> make_source_item_reader(const dynamodb::Client& client, std::string table);

}  // namespace ddbmv::migrate
