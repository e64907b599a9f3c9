#include "dynamodb/streams_client.h"

#include "util/json_member.h"

namespace ddbmv::dynamodb {

using nlohmann::json;

aws::Outcome<std::vector<json>> StreamsClient::list_streams(const std::optional<std::string>& table) const {
  std::vector<json> streams;
  std::string start;
  do {
    json input = json::object();
    if (table)
      input["TableName"] = *table;
    if (!start.empty())
      input["ExclusiveStartStreamArn"] = start;
    auto output = m_service.call_json("ListStreams", input);
    if (!output)
      return std::unexpected(std::move(output.error()));
    if (auto list = output->find("Streams"); list != output->end() && list->is_array()) {
      for (auto& stream : *list)
        streams.push_back(std::move(stream));
    }
    start = string_member_or_empty(*output, "LastEvaluatedStreamArn");
  } while (!start.empty());
  return streams;
}

aws::Outcome<json> StreamsClient::describe_stream(const std::string& stream_arn) const {
  json description;
  json shards = json::array();
  std::string start;
  do {
    json input = {{"StreamArn", stream_arn}};
    if (!start.empty())
      input["ExclusiveStartShardId"] = start;
    auto output = m_service.call_json("DescribeStream", input);
    if (!output)
      return std::unexpected(std::move(output.error()));
    json page = output->value("StreamDescription", json::object());
    if (auto list = page.find("Shards"); list != page.end() && list->is_array()) {
      for (auto& shard : *list)
        shards.push_back(std::move(shard));
    }
    start = string_member_or_empty(page, "LastEvaluatedShardId");
    description = std::move(page);
  } while (!start.empty());
  description["Shards"] = std::move(shards);
  description.erase("LastEvaluatedShardId");
  return description;
}

aws::Outcome<std::string> StreamsClient::get_shard_iterator(
    const std::string& stream_arn, const std::string& shard_id, const std::string& type,
    const std::optional<std::string>& sequence_number) const {
  json input = {{"StreamArn", stream_arn}, {"ShardId", shard_id}, {"ShardIteratorType", type}};
  if (sequence_number)
    input["SequenceNumber"] = *sequence_number;
  auto output = m_service.call_json("GetShardIterator", input);
  if (!output)
    return std::unexpected(std::move(output.error()));
  return string_member_or_empty(*output, "ShardIterator");
}

aws::Outcome<StreamRecords> StreamsClient::get_records(const std::string& shard_iterator,
                                                       std::optional<int> limit) const {
  json input = {{"ShardIterator", shard_iterator}};
  if (limit)
    input["Limit"] = *limit;
  auto output = m_service.call_json("GetRecords", input);
  if (!output)
    return std::unexpected(std::move(output.error()));
  StreamRecords records;
  if (auto list = output->find("Records"); list != output->end() && list->is_array()) {
    for (auto& record : *list)
      records.records.push_back(std::move(record));
  }
  records.next_shard_iterator = string_member_or_empty(*output, "NextShardIterator");
  return records;
}

}  // namespace ddbmv::dynamodb
