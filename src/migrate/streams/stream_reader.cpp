#include "migrate/streams/stream_reader.h"

namespace ddbmv::migrate {
namespace {

class StreamsClientReader final : public StreamReader {
 public:
  explicit StreamsClientReader(const dynamodb::StreamsClient& client) : m_client(client) {}

  aws::Outcome<nlohmann::json> describe_stream(const std::string& stream_arn) const override {
    return m_client.describe_stream(stream_arn);
  }
  aws::Outcome<std::string> get_shard_iterator(
      const std::string& stream_arn, const std::string& shard_id, const std::string& type,
      const std::optional<std::string>& sequence_number) const override {
    return m_client.get_shard_iterator(stream_arn, shard_id, type, sequence_number);
  }
  aws::Outcome<dynamodb::StreamRecords> get_records(const std::string& shard_iterator,
                                                    int limit) const override {
    return m_client.get_records(shard_iterator, limit);
  }

 private:
  const dynamodb::StreamsClient& m_client;
};

}  // namespace

std::unique_ptr<StreamReader> make_stream_reader(const dynamodb::StreamsClient& client) {
  return std::make_unique<StreamsClientReader>(client);
}

}  // namespace ddbmv::migrate
