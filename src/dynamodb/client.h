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

/// DynamoDB's control plane as ddbmv uses it (tables, backups, PITR, TTL, tags), as an interface:
/// apply, rollback and decommission take a Tables, so their decisions are unit-tested against a fake
/// (tests/support/fake_tables.h); Client is the real one. The data plane has its own seam
/// (migrate/copy/table_data_plane.h).
class Tables {
 public:
  virtual ~Tables() = default;

  /// Every table name in the region (all pages).
  virtual Outcome<std::vector<std::string>> list_tables() const = 0;
  /// DescribeTable's `Table`; empty when the table does not exist.
  virtual Outcome<std::optional<Json>> find_table(const std::string& name) const = 0;
  /// DescribeTable's `Table`; ResourceNotFoundException when absent.
  virtual Outcome<Json> describe_table(const std::string& name) const = 0;
  /// CreateTable with a full input (a spec); returns `TableDescription`.
  virtual Outcome<Json> create_table(const Json& input) const = 0;
  /// DeleteTable; returns `TableDescription`.
  virtual Outcome<Json> delete_table(const std::string& name) const = 0;
  /// UpdateTable with a full input (TableName included); returns `TableDescription`.
  virtual Outcome<Json> update_table(const Json& input) const = 0;

  /// `ContinuousBackupsDescription`.
  virtual Outcome<Json> describe_continuous_backups(const std::string& table) const = 0;
  virtual Outcome<Json> update_continuous_backups(const std::string& table,
                                                  bool point_in_time_recovery) const = 0;
  /// CreateBackup; returns `BackupDetails` (BackupArn, BackupStatus, ...).
  virtual Outcome<Json> create_backup(const std::string& table, const std::string& backup_name) const = 0;
  /// `BackupDescription`.
  virtual Outcome<Json> describe_backup(const std::string& backup_arn) const = 0;
  /// `BackupSummaries` of one table (all pages).
  virtual Outcome<std::vector<Json>> list_backups(const std::string& table) const = 0;

  /// `TimeToLiveDescription`.
  virtual Outcome<Json> describe_time_to_live(const std::string& table) const = 0;
  virtual Outcome<Json> update_time_to_live(const std::string& table, const std::string& attribute,
                                            bool enabled) const = 0;

  /// All tags (all pages).
  virtual Outcome<std::vector<Tag>> list_tags_of_resource(const std::string& arn) const = 0;
  virtual Outcome<void> tag_resource(const std::string& arn, const std::vector<Tag>& tags) const = 0;
};

class Client final : public Tables {
 public:
  explicit Client(aws::ServiceClient service) : m_service(std::move(service)) {}

  Outcome<std::vector<std::string>> list_tables() const override;
  Outcome<std::optional<Json>> find_table(const std::string& name) const override;
  Outcome<Json> describe_table(const std::string& name) const override;
  Outcome<Json> create_table(const Json& input) const override;
  Outcome<Json> delete_table(const std::string& name) const override;
  Outcome<Json> update_table(const Json& input) const override;
  Outcome<Json> describe_continuous_backups(const std::string& table) const override;
  Outcome<Json> update_continuous_backups(const std::string& table,
                                          bool point_in_time_recovery) const override;
  Outcome<Json> create_backup(const std::string& table, const std::string& backup_name) const override;
  Outcome<Json> describe_backup(const std::string& backup_arn) const override;
  Outcome<std::vector<Json>> list_backups(const std::string& table) const override;
  Outcome<Json> describe_time_to_live(const std::string& table) const override;
  Outcome<Json> update_time_to_live(const std::string& table, const std::string& attribute,
                                    bool enabled) const override;
  Outcome<std::vector<Tag>> list_tags_of_resource(const std::string& arn) const override;
  Outcome<void> tag_resource(const std::string& arn, const std::vector<Tag>& tags) const override;

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
