#pragma once
/// Typed DynamoDB operations. Shapes are the service model's (botocore dynamodb/2012-08-10): a
/// description is kept as the JSON AWS returns (`Table`, `ContinuousBackupsDescription`, ...) so no
/// field is lost on the way to a spec; inputs that ddbmv builds are typed.
/// "Not found" is not "failed": find_* return an empty optional for an absent resource.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "aws/service_client.h"

namespace ddbmv::dynamodb {

using Json = nlohmann::json;
template <class T>
using Outcome = aws::Outcome<T>;

struct Tag {
  std::string key;
  std::string value;
  friend bool operator==(const Tag&, const Tag&) = default;
};

struct ScanRequest {
  std::string table;
  std::optional<int> segment = std::nullopt;  ///< with total_segments: parallel scan
  std::optional<int> total_segments = std::nullopt;
  Json exclusive_start_key = nullptr;  ///< null for the first page
  std::optional<int> limit = std::nullopt;
  bool count_only = false;  ///< Select=COUNT
  bool consistent_read = false;
};

struct ScanPage {
  std::vector<Json> items;  ///< each an AttributeValue map
  Json last_evaluated_key;  ///< null when this was the last page
  std::int64_t count = 0;
  std::int64_t scanned_count = 0;
};

/// A Scan page as raw JSON text: the copy engine forwards items without a full parse when it can.
struct RawScanPage {
  std::string body;  ///< the Scan response body
};

class Client {
 public:
  explicit Client(aws::ServiceClient service) : m_service(std::move(service)) {}

  /// Every table name in the region (all pages).
  Outcome<std::vector<std::string>> list_tables() const;
  /// DescribeTable's `Table`; empty when the table does not exist.
  Outcome<std::optional<Json>> find_table(const std::string& name) const;
  /// DescribeTable's `Table`; ResourceNotFoundException when absent.
  Outcome<Json> describe_table(const std::string& name) const;
  /// CreateTable with a full input (a spec); returns `TableDescription`.
  Outcome<Json> create_table(const Json& input) const;
  /// DeleteTable; returns `TableDescription`.
  Outcome<Json> delete_table(const std::string& name) const;
  /// UpdateTable with a full input (TableName included); returns `TableDescription`.
  Outcome<Json> update_table(const Json& input) const;

  /// `ContinuousBackupsDescription`.
  Outcome<Json> describe_continuous_backups(const std::string& table) const;
  Outcome<Json> update_continuous_backups(const std::string& table, bool point_in_time_recovery) const;
  /// CreateBackup; returns `BackupDetails` (BackupArn, BackupStatus, ...).
  Outcome<Json> create_backup(const std::string& table, const std::string& backup_name) const;
  /// `BackupDescription`.
  Outcome<Json> describe_backup(const std::string& backup_arn) const;
  /// `BackupSummaries` of one table (all pages).
  Outcome<std::vector<Json>> list_backups(const std::string& table) const;

  /// `TimeToLiveDescription`.
  Outcome<Json> describe_time_to_live(const std::string& table) const;
  Outcome<Json> update_time_to_live(const std::string& table, const std::string& attribute,
                                    bool enabled) const;

  /// All tags (all pages).
  Outcome<std::vector<Tag>> list_tags_of_resource(const std::string& arn) const;
  Outcome<void> tag_resource(const std::string& arn, const std::vector<Tag>& tags) const;

  Outcome<ScanPage> scan(const ScanRequest& request) const;
  /// BatchWriteItem: `request_items` is the RequestItems map. Returns the UnprocessedItems map
  /// (an empty object when everything was written).
  Outcome<Json> batch_write_item(const Json& request_items) const;
  /// The same, with the body pre-serialised (`{"RequestItems":...}`); returns the response body.
  Outcome<std::string> batch_write_item_raw(std::string body) const;
  /// GetItem; empty when the item does not exist.
  Outcome<std::optional<Json>> get_item(const std::string& table, const Json& key,
                                        bool consistent_read = true) const;
  Outcome<void> put_item(const std::string& table, const Json& item) const;
  Outcome<void> delete_item(const std::string& table, const Json& key) const;

  const aws::ServiceClient& service() const { return m_service; }

 private:
  aws::ServiceClient m_service;
};

}  // namespace ddbmv::dynamodb
