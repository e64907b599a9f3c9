#include "migrate/new_side_keys.h"

#include <fmt/core.h>

#include "dynamodb/item_digest.h"
#include "migrate/shard_cursor.h"
#include "migrate/shard_lineage.h"
#include "migrate/stream_record_apply.h"

namespace ddbmv::migrate {
namespace {

using nlohmann::json;

constexpr const char* kRemoved = "-";

/// The record's canonical key and what it left behind: the NewImage's hash, or kRemoved.
struct RecordEffect {
  std::string key;
  std::string image;  ///< empty when the stream carries no image
};

Result<RecordEffect> effect_of(const json& record, bool with_images) {
  const json& change = record.value("dynamodb", json::object());
  auto keys = change.find("Keys");
  if (keys == change.end() || !keys->is_object()) {
    return fail("InvalidStreamRecord", "a stream record has no Keys");
  }
  auto key = dynamodb::canonical_item(*keys);
  if (!key) {
    return std::unexpected(key.error());
  }
  RecordEffect effect{std::move(*key), {}};
  if (record.value("eventName", "") == "REMOVE") {
    effect.image = kRemoved;
  } else if (auto image = change.find("NewImage"); with_images && image != change.end()) {
    auto hash = dynamodb::item_hash(*image);
    if (!hash) {
      return std::unexpected(hash.error());
    }
    effect.image.assign(hash->begin(), hash->end());
  }
  return effect;
}

Error stream_failure(const aws::AwsError& error, const StreamStart& start) {
  Error out = error.to_error();
  out.message = fmt::format("reading the stream of table {}: {}", start.table, out.message);
  return out;
}

}  // namespace

Result<void> NewSideKeys::add_source_records(const std::vector<json>& records) {
  for (const auto& record : records) {
    auto effect = effect_of(record, m_source_images);
    if (!effect) {
      return std::unexpected(effect.error());
    }
    if (!effect->image.empty()) {
      m_replicable[effect->key].insert(std::move(effect->image));
    }
  }
  return {};
}

Result<void> NewSideKeys::add_target_records(const std::vector<json>& records) {
  for (const auto& record : records) {
    auto effect = effect_of(record, m_target_images);
    if (!effect) {
      return std::unexpected(effect.error());
    }
    ++m_target_records;
    auto images = m_replicable.find(effect->key);
    const bool replicated = !effect->image.empty() && m_source_images && images != m_replicable.end() &&
                            images->second.contains(effect->image);
    if (!replicated) {
      m_new_side.insert(std::move(effect->key));
    }
  }
  return {};
}

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

Result<NewSideKeys> read_new_side_keys(const StreamReader& reader, const StreamStart& source,
                                       const StreamStart& target, const ReplicationResumeState& target_from,
                                       const std::function<bool()>& target_passes, const Clock& clock) {
  NewSideKeys keys(image_source_for(source.view_type) == ImageSource::kNewImage,
                   image_source_for(target.view_type) == ImageSource::kNewImage);
  auto source_read = read_stream_to_end(
      reader, source, {}, [&](const std::vector<json>& page) { return keys.add_source_records(page); },
      [] { return true; }, clock);
  if (!source_read) {
    return std::unexpected(source_read.error());
  }
  auto target_read = read_stream_to_end(
      reader, target, target_from,
      [&](const std::vector<json>& page) { return keys.add_target_records(page); }, target_passes, clock);
  if (!target_read) {
    return std::unexpected(target_read.error());
  }
  return keys;
}

}  // namespace ddbmv::migrate
