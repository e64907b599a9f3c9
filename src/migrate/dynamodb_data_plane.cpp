/// The production wiring: the data plane over dynamodb::Client, and copy/verify over the migration's
/// clients. Kept apart so unit tests, which use a fake plane, do not link the AWS client.

#include "migrate/copy_engine.h"
#include "migrate/table_data_plane.h"
#include "migrate/verify.h"

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

Result<CopyResult> copy_table(const Clients& clients, const std::string& source, const std::string& target,
                              const CopyOptions& options, const CopyResumeState& resume,
                              const CopyCallbacks& callbacks) {
  const DynamoDbDataPlane plane(clients.dynamodb);
  return copy_table(plane, plane, source, target, options, resume, callbacks);
}

Result<VerifyReport> verify_tables(const Clients& clients, const std::string& source,
                                   const std::string& target, const VerifyOptions& options) {
  const DynamoDbDataPlane plane(clients.dynamodb);
  return verify_tables(plane, plane, source, target, options);
}

}  // namespace ddbmv::migrate
