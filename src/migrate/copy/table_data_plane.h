#pragma once
/// The three DynamoDB calls the copy and verify engines make, as raw JSON text, behind an interface so
/// unit tests can substitute an in-memory table. The production implementation forwards to
/// dynamodb::Client (whose ServiceClient signs and retries whole-call errors).

#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "aws/service_client.h"
#include "dynamodb/client.h"

namespace ddbmv::migrate {

class TableDataPlane {
 public:
  virtual ~TableDataPlane() = default;
  /// DescribeTable's `Table` (KeySchema, ItemCount, TableSizeBytes, ...).
  virtual aws::Outcome<nlohmann::json> describe_table(const std::string& table) const = 0;
  /// Scan with a pre-serialised input body; returns the response body unparsed. Thread-safe.
  virtual aws::Outcome<std::string> scan_raw(std::string body) const = 0;
  /// BatchWriteItem with a pre-serialised `{"RequestItems":...}` body; returns the response body
  /// unparsed (with `UnprocessedItems`). Thread-safe.
  virtual aws::Outcome<std::string> batch_write_raw(std::string body) const = 0;
};

/// The real thing: forwards to `client`, which must outlive the returned object.
std::unique_ptr<TableDataPlane> make_dynamodb_data_plane(const dynamodb::Client& client);

}  // namespace ddbmv::migrate
