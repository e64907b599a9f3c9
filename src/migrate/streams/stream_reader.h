#pragma once
/// The three DynamoDB Streams calls a replication makes, behind an interface so unit tests can
/// substitute an in-memory stream. The production implementation forwards to dynamodb::StreamsClient.

#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "aws/service_client.h"
#include "dynamodb/streams_client.h"

namespace ddbmv::migrate {

class StreamReader {
 public:
  virtual ~StreamReader() = default;
  /// `StreamDescription` with every shard.
  virtual aws::Outcome<nlohmann::json> describe_stream(const std::string& stream_arn) const = 0;
  /// TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER or AFTER_SEQUENCE_NUMBER (then `sequence_number`).
  virtual aws::Outcome<std::string> get_shard_iterator(
      const std::string& stream_arn, const std::string& shard_id, const std::string& type,
      const std::optional<std::string>& sequence_number) const = 0;
  /// Records and the next iterator (empty when the shard is closed and read to its end).
  virtual aws::Outcome<dynamodb::StreamRecords> get_records(const std::string& shard_iterator,
                                                            int limit) const = 0;
};

/// Forwards to `client`, which must outlive the returned reader.
std::unique_ptr<StreamReader> make_stream_reader(const dynamodb::StreamsClient& client);

}  // namespace ddbmv::migrate
