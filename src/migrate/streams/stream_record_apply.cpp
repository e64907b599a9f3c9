#include "migrate/streams/stream_record_apply.h"

#include <fmt/core.h>

#include <unordered_map>

namespace ddbmv::migrate {

ImageSource image_source_for(std::string_view view_type) {
  return view_type == "NEW_IMAGE" || view_type == "NEW_AND_OLD_IMAGES" ? ImageSource::kNewImage
                                                                       : ImageSource::kReadSource;
}

std::optional<double> creation_time_of(const nlohmann::json& record) {
  auto dynamodb = record.find("dynamodb");
  if (dynamodb == record.end() || !dynamodb->is_object()) {
    return std::nullopt;
  }
  auto time = dynamodb->find("ApproximateCreationDateTime");
  if (time == dynamodb->end()) {
    return std::nullopt;
  }
  if (time->is_number()) {
    return time->get<double>();
  }
  if (time->is_string()) {
    try {
      return std::stod(time->get<std::string>());
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

std::string key_text(const nlohmann::json& key) {
  return key.dump();  // nlohmann::json keeps object members sorted: the dump is canonical
}

Result<PageChanges> fold_records(const std::vector<nlohmann::json>& records, ImageSource source,
                                 std::optional<double> min_creation_time) {
  PageChanges page;
  std::unordered_map<std::string, std::size_t> index_of_key;
  for (std::size_t i = 0; i < records.size(); ++i) {
    const auto& record = records[i];
    ++page.records;
    const nlohmann::json empty = nlohmann::json::object();
    const auto& body = record.contains("dynamodb") ? record["dynamodb"] : empty;
    if (auto sequence = body.find("SequenceNumber"); sequence != body.end() && sequence->is_string()) {
      page.last_sequence_number = sequence->get<std::string>();
    }
    page.last_creation_time = creation_time_of(record);
    if (min_creation_time && page.last_creation_time && *page.last_creation_time < *min_creation_time) {
      ++page.skipped;
      continue;
    }
    auto keys = body.find("Keys");
    if (keys == body.end() || !keys->is_object() || keys->empty()) {
      return fail("InvalidStreamRecord",
                  fmt::format("stream record {} has no Keys", page.last_sequence_number),
                  "report this as a bug with the stream record's event id");
    }
    std::string event = record.value("eventName", "");
    KeyChange change;
    change.key = *keys;
    if (source == ImageSource::kReadSource) {
      change.kind = KeyChange::Kind::kReadSource;
    } else if (event == "REMOVE") {
      change.kind = KeyChange::Kind::kDelete;
    } else if (event == "INSERT" || event == "MODIFY") {
      auto image = body.find("NewImage");
      if (image == body.end() || !image->is_object()) {
        return fail("InvalidStreamRecord",
                    fmt::format("stream record {} ({}) has no NewImage", page.last_sequence_number, event),
                    "the stream's view type must include new images; re-plan if it changed");
      }
      change.kind = KeyChange::Kind::kPut;
      change.item = *image;
    } else {
      return fail("InvalidStreamRecord", fmt::format("stream record {} has an unknown eventName '{}'",
                                                     page.last_sequence_number, event));
    }
    std::string text = key_text(change.key);
    if (auto found = index_of_key.find(text); found != index_of_key.end()) {
      page.changes[found->second] = std::move(change);  // a later record of the same key wins
    } else {
      index_of_key.emplace(std::move(text), page.changes.size());
      page.changes.push_back(std::move(change));
    }
  }
  return page;
}

}  // namespace ddbmv::migrate
