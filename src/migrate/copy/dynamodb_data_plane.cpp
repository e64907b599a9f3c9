/// The production data plane: TableDataPlane over dynamodb::Client.

#include "migrate/copy/table_data_plane.h"

namespace ddbmv::migrate {
namespace {

class DynamoDbDataPlane final : public TableDataPlane {
 public:
  explicit DynamoDbDataPlane(const dynamodb::Client& client) : m_client(client) {}

  aws::Outcome<nlohmann::json> describe_table(const std::string& table) const override {
    return m_client.describe_table(table);
  }
  aws::Outcome<std::string> scan_raw(std::string body) const override {
    return m_client.service().call_json_raw("Scan", std::move(body));
  }
  aws::Outcome<std::string> batch_write_raw(std::string body) const override {
    return m_client.batch_write_item_raw(std::move(body));
  }

 private:
  const dynamodb::Client& m_client;
};

}  // namespace

std::unique_ptr<TableDataPlane> make_dynamodb_data_plane(const dynamodb::Client& client) {
  return std::make_unique<DynamoDbDataPlane>(client);
}

}  // namespace ddbmv::migrate
