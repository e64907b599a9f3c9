#pragma once
/// Typed DynamoDB Streams operations (botocore dynamodbstreams/2012-08-10).

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "aws/service_client.h"

namespace ddbmv::dynamodb {

struct StreamRecords {
  std::vector<nlohmann::json> records;  ///< each a `Record` (eventName, dynamodb.Keys/NewImage/OldImage, SequenceNumber)
  std::string next_shard_iterator;      ///< empty when the shard is closed and drained
};

class StreamsClient {
 public:
  explicit StreamsClient(aws::ServiceClient service) : m_service(std::move(service)) {}

  /// `Streams` summaries, for one table when `table` is given (all pages).
  aws::Outcome<std::vector<nlohmann::json>> list_streams(const std::optional<std::string>& table) const;
  /// `StreamDescription` with every shard (follows LastEvaluatedShardId).
  aws::Outcome<nlohmann::json> describe_stream(const std::string& stream_arn) const;
  /// `type`: TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER (then `sequence_number`).
  aws::Outcome<std::string> get_shard_iterator(const std::string& stream_arn, const std::string& shard_id,
                                               const std::string& type,
                                               const std::optional<std::string>& sequence_number = {}) const;
  aws::Outcome<StreamRecords> get_records(const std::string& shard_iterator, std::optional<int> limit = {}) const;

 private:
  aws::ServiceClient m_service;
};

}  // namespace ddbmv::dynamodb
