#include "migrate/streams/stream_to_end.h"

#include <fmt/core.h>

#include <set>

#include "migrate/streams/shard_cursor.h"
#include "migrate/streams/shard_lineage.h"
#include "migrate/streams/stream_record_apply.h"

namespace ddbmv::migrate {
namespace {

using nlohmann::json;

Error stream_failure(const aws::AwsError& error, const StreamStart& start) {
  Error out = error.to_error();
  out.message = fmt::format("reading the stream of table {}: {}", start.table, out.message);
  return out;
}

}  // namespace

Result<ReplicationResumeState> read_stream_to_end(const StreamReader& reader, const StreamStart& start,
                                                  ReplicationResumeState from,
                                                  const StreamPageHandler& on_page,
                                                  const std::function<bool()>& keep_reading,
                                                  const Clock& clock) {
  constexpr int kRecordsPerCall = 1000;
  std::set<std::string> done;
  for (const auto& [id, checkpoint] : from.shards) {
    if (checkpoint.done) {
      done.insert(id);
    }
  }
  for (bool again = true; again;) {
    again = false;
    bool found = false;
    auto description = reader.describe_stream(start.stream_arn);
    if (!description) {
      return std::unexpected(stream_failure(description.error(), start));
    }
    const auto since = needed_since(start, *description);
    for (const auto& shard : ready_shards(shards_from_description(*description), done)) {
      ShardCheckpoint& checkpoint = from.shards[shard.id];
      checkpoint.shard_id = shard.id;
      ShardCursor cursor(reader, start.stream_arn, shard.id, checkpoint.sequence_number);
      for (bool more = true; more;) {
        auto page = cursor.next_page(kRecordsPerCall, since, clock.now());
        if (!page) {
          return std::unexpected(stream_failure(page.error(), start));
        }
        std::vector<json> kept;
        for (const auto& record : page->records) {
          auto created = creation_time_of(record);
          if (!start.min_creation_time || !created || *created >= *start.min_creation_time) {
            kept.push_back(record);
          }
        }
        if (!kept.empty()) {
          if (auto handled = on_page(kept); !handled) {
            return std::unexpected(handled.error());
          }
        }
        if (!page->records.empty()) {
          checkpoint.sequence_number = cursor.after_sequence();
          checkpoint.records += static_cast<std::int64_t>(page->records.size());
          found = true;
        }
        if (page->next_shard_iterator.empty()) {
          checkpoint.done = true;  // closed and read to its end: its children are readable now
          done.insert(shard.id);
          again = true;
          more = false;
        } else {
          more = !page->records.empty() && keep_reading();
        }
      }
    }
    again = again || (found && keep_reading());
  }
  return from;
}

}  // namespace ddbmv::migrate
