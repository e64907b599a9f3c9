#include "dynamodb/client.h"

#include "util/json_member.h"

namespace ddbmv::dynamodb {
namespace {

/// `output[member]`, or an empty object when AWS left it out.
Json member_or_empty(Json output, const char* member) {
  auto it = output.find(member);
  if (it == output.end() || it->is_null())
    return Json::object();
  return std::move(*it);
}

}  // namespace

Outcome<std::vector<std::string>> Client::list_tables() const {
  std::vector<std::string> names;
  std::string start;
  do {
    Json input = Json::object();
    if (!start.empty())
      input["ExclusiveStartTableName"] = start;
    auto output = m_service.call_json("ListTables", input);
    if (!output)
      return std::unexpected(std::move(output.error()));
    for (const auto& name : output->value("TableNames", Json::array()))
      names.push_back(name.get<std::string>());
    start = string_member_or_empty(*output, "LastEvaluatedTableName");
  } while (!start.empty());
  return names;
}

Outcome<std::optional<Json>> Client::find_table(const std::string& name) const {
  auto output = m_service.call_json("DescribeTable", {{"TableName", name}});
  if (!output) {
    if (output.error().code == "ResourceNotFoundException")
      return std::optional<Json>();
    return std::unexpected(std::move(output.error()));
  }
  return std::optional<Json>(member_or_empty(std::move(*output), "Table"));
}

Outcome<Json> Client::describe_table(const std::string& name) const {
  auto output = m_service.call_json("DescribeTable", {{"TableName", name}});
  if (!output)
    return std::unexpected(std::move(output.error()));
  return member_or_empty(std::move(*output), "Table");
}

Outcome<Json> Client::create_table(const Json& input) const {
  auto output = m_service.call_json("CreateTable", input);
  if (!output)
    return std::unexpected(std::move(output.error()));
  return member_or_empty(std::move(*output), "TableDescription");
}

Outcome<Json> Client::delete_table(const std::string& name) const {
  auto output = m_service.call_json("DeleteTable", {{"TableName", name}});
  if (!output)
    return std::unexpected(std::move(output.error()));
  return member_or_empty(std::move(*output), "TableDescription");
}

Outcome<Json> Client::update_table(const Json& input) const {
  auto output = m_service.call_json("UpdateTable", input);
  if (!output)
    return std::unexpected(std::move(output.error()));
  return member_or_empty(std::move(*output), "TableDescription");
}

Outcome<Json> Client::describe_continuous_backups(const std::string& table) const {
  auto output = m_service.call_json("DescribeContinuousBackups", {{"TableName", table}});
  if (!output)
    return std::unexpected(std::move(output.error()));
  return member_or_empty(std::move(*output), "ContinuousBackupsDescription");
}

Outcome<Json> Client::update_continuous_backups(const std::string& table, bool point_in_time_recovery) const {
  Json input = {
      {"TableName", table},
      {"PointInTimeRecoverySpecification", {{"PointInTimeRecoveryEnabled", point_in_time_recovery}}}};
  auto output = m_service.call_json("UpdateContinuousBackups", input);
  if (!output)
    return std::unexpected(std::move(output.error()));
  return member_or_empty(std::move(*output), "ContinuousBackupsDescription");
}

Outcome<Json> Client::create_backup(const std::string& table, const std::string& backup_name) const {
  auto output = m_service.call_json("CreateBackup", {{"TableName", table}, {"BackupName", backup_name}});
  if (!output)
    return std::unexpected(std::move(output.error()));
  return member_or_empty(std::move(*output), "BackupDetails");
}

Outcome<Json> Client::describe_backup(const std::string& backup_arn) const {
  auto output = m_service.call_json("DescribeBackup", {{"BackupArn", backup_arn}});
  if (!output)
    return std::unexpected(std::move(output.error()));
  return member_or_empty(std::move(*output), "BackupDescription");
}

Outcome<std::vector<Json>> Client::list_backups(const std::string& table) const {
  std::vector<Json> summaries;
  std::string start;
  do {
    Json input = {{"TableName", table}};
    if (!start.empty())
      input["ExclusiveStartBackupArn"] = start;
    auto output = m_service.call_json("ListBackups", input);
    if (!output)
      return std::unexpected(std::move(output.error()));
    for (auto& summary : (*output)["BackupSummaries"])
      summaries.push_back(std::move(summary));
    start = string_member_or_empty(*output, "LastEvaluatedBackupArn");
  } while (!start.empty());
  return summaries;
}

Outcome<Json> Client::describe_time_to_live(const std::string& table) const {
  auto output = m_service.call_json("DescribeTimeToLive", {{"TableName", table}});
  if (!output)
    return std::unexpected(std::move(output.error()));
  return member_or_empty(std::move(*output), "TimeToLiveDescription");
}

Outcome<Json> Client::update_time_to_live(const std::string& table, const std::string& attribute,
                                          bool enabled) const {
  Json input = {{"TableName", table},
                {"TimeToLiveSpecification", {{"Enabled", enabled}, {"AttributeName", attribute}}}};
  auto output = m_service.call_json("UpdateTimeToLive", input);
  if (!output)
    return std::unexpected(std::move(output.error()));
  return member_or_empty(std::move(*output), "TimeToLiveSpecification");
}

Outcome<std::vector<Tag>> Client::list_tags_of_resource(const std::string& arn) const {
  std::vector<Tag> tags;
  std::string token;
  do {
    Json input = {{"ResourceArn", arn}};
    if (!token.empty())
      input["NextToken"] = token;
    auto output = m_service.call_json("ListTagsOfResource", input);
    if (!output)
      return std::unexpected(std::move(output.error()));
    for (const auto& tag : output->value("Tags", Json::array())) {
      tags.push_back(Tag{tag.value("Key", ""), tag.value("Value", "")});
    }
    token = string_member_or_empty(*output, "NextToken");
  } while (!token.empty());
  return tags;
}

Outcome<void> Client::tag_resource(const std::string& arn, const std::vector<Tag>& tags) const {
  Json list = Json::array();
  for (const auto& tag : tags)
    list.push_back({{"Key", tag.key}, {"Value", tag.value}});
  auto output = m_service.call_json("TagResource", {{"ResourceArn", arn}, {"Tags", std::move(list)}});
  if (!output)
    return std::unexpected(std::move(output.error()));
  return {};
}

Outcome<ScanPage> Client::scan(const ScanRequest& request) const {
  Json input = {{"TableName", request.table}};
  if (request.segment)
    input["Segment"] = *request.segment;
  if (request.total_segments)
    input["TotalSegments"] = *request.total_segments;
  if (!request.exclusive_start_key.is_null())
    input["ExclusiveStartKey"] = request.exclusive_start_key;
  if (request.limit)
    input["Limit"] = *request.limit;
  if (request.count_only)
    input["Select"] = "COUNT";
  if (request.consistent_read)
    input["ConsistentRead"] = true;
  auto output = m_service.call_json("Scan", input);
  if (!output)
    return std::unexpected(std::move(output.error()));
  ScanPage page;
  if (auto items = output->find("Items"); items != output->end() && items->is_array()) {
    page.items.reserve(items->size());
    for (auto& item : *items)
      page.items.push_back(std::move(item));
  }
  if (auto key = output->find("LastEvaluatedKey"); key != output->end() && !key->empty()) {
    page.last_evaluated_key = std::move(*key);
  }
  page.count = output->value("Count", std::int64_t{0});
  page.scanned_count = output->value("ScannedCount", std::int64_t{0});
  return page;
}

Outcome<Json> Client::batch_write_item(const Json& request_items) const {
  auto output = m_service.call_json("BatchWriteItem", {{"RequestItems", request_items}});
  if (!output)
    return std::unexpected(std::move(output.error()));
  return member_or_empty(std::move(*output), "UnprocessedItems");
}

Outcome<std::string> Client::batch_write_item_raw(std::string body) const {
  return m_service.call_json_raw("BatchWriteItem", std::move(body));
}

Outcome<std::optional<Json>> Client::get_item(const std::string& table, const Json& key,
                                              bool consistent_read) const {
  auto output = m_service.call_json(
      "GetItem", {{"TableName", table}, {"Key", key}, {"ConsistentRead", consistent_read}});
  if (!output)
    return std::unexpected(std::move(output.error()));
  auto item = output->find("Item");
  if (item == output->end() || item->is_null())
    return std::optional<Json>();
  return std::optional<Json>(std::move(*item));
}

Outcome<void> Client::put_item(const std::string& table, const Json& item) const {
  auto output = m_service.call_json("PutItem", {{"TableName", table}, {"Item", item}});
  if (!output)
    return std::unexpected(std::move(output.error()));
  return {};
}

Outcome<void> Client::delete_item(const std::string& table, const Json& key) const {
  auto output = m_service.call_json("DeleteItem", {{"TableName", table}, {"Key", key}});
  if (!output)
    return std::unexpected(std::move(output.error()));
  return {};
}

}  // namespace ddbmv::dynamodb
