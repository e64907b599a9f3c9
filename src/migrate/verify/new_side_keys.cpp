#include "migrate/verify/new_side_keys.h"

#include "dynamodb/item_digest.h"
#include "migrate/streams/stream_record_apply.h"

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
