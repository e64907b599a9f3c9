#pragma once
/// An in-memory DynamoDB control plane (dynamodb::Tables) for unit tests of decommission, rollback and
/// apply's steps: tables (ACTIVE at once), on-demand backups (AVAILABLE at once), tags, PITR and TTL;
/// every call recorded in order, failures queued per operation.

#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "dynamodb/client.h"
#include "support/call_script.h"

namespace ddbmv::testing {

class FakeTables final : public dynamodb::Tables {
 public:
  using Json = dynamodb::Json;

  /// An ACTIVE table named `name`.
  void add(const std::string& name, bool deletion_protection = false) {
    std::lock_guard lock(m_mutex);
    m_tables[name] = Json{{"TableName", name},
                          {"TableArn", "arn:aws:dynamodb:us-east-1:000000000000:table/" + name},
                          {"TableStatus", "ACTIVE"},
                          {"DeletionProtectionEnabled", deletion_protection}};
  }
  bool exists(const std::string& name) const {
    std::lock_guard lock(m_mutex);
    return m_tables.contains(name);
  }
  /// The operations called, in order ("DeleteTable t", ...).
  std::vector<std::string> calls() const {
    std::lock_guard lock(m_mutex);
    return m_script.calls();
  }
  /// The calls that change something (create, delete, update, backup, tag).
  std::vector<std::string> changes() const {
    std::vector<std::string> out;
    for (const auto& call : calls()) {
      for (const char* verb : {"Create", "Delete", "Update", "Tag"}) {
        if (call.starts_with(verb)) {
          out.push_back(call);
          break;
        }
      }
    }
    return out;
  }
  void fail_next(const std::string& operation, const std::string& code) {
    std::lock_guard lock(m_mutex);
    m_script.fail_next(operation, code);
  }

  dynamodb::Outcome<std::vector<std::string>> list_tables() const override {
    std::lock_guard lock(m_mutex);
    note("ListTables", "");
    std::vector<std::string> out;
    for (const auto& [name, table] : m_tables)
      out.push_back(name);
    return out;
  }
  dynamodb::Outcome<std::optional<Json>> find_table(const std::string& name) const override {
    std::lock_guard lock(m_mutex);
    if (auto failed = failure("DescribeTable", name))
      return std::unexpected(*failed);
    auto found = m_tables.find(name);
    return found == m_tables.end() ? std::optional<Json>() : std::optional<Json>(found->second);
  }
  dynamodb::Outcome<Json> describe_table(const std::string& name) const override {
    auto found = find_table(name);
    if (!found)
      return std::unexpected(found.error());
    if (!*found)
      return std::unexpected(error("DescribeTable", "ResourceNotFoundException"));
    return **found;
  }
  dynamodb::Outcome<Json> create_table(const Json& input) const override {
    std::lock_guard lock(m_mutex);
    const std::string name = input.value("TableName", "");
    if (auto failed = failure("CreateTable", name))
      return std::unexpected(*failed);
    Json table = input;
    table["TableStatus"] = "ACTIVE";
    table["TableArn"] = "arn:aws:dynamodb:us-east-1:000000000000:table/" + name;
    m_tables[name] = table;
    return table;
  }
  dynamodb::Outcome<Json> delete_table(const std::string& name) const override {
    std::lock_guard lock(m_mutex);
    if (auto failed = failure("DeleteTable", name))
      return std::unexpected(*failed);
    auto found = m_tables.find(name);
    if (found == m_tables.end())
      return std::unexpected(error("DeleteTable", "ResourceNotFoundException"));
    if (found->second.value("DeletionProtectionEnabled", false))
      return std::unexpected(error("DeleteTable", "ValidationException"));
    Json description = found->second;
    m_tables.erase(found);
    return description;
  }
  dynamodb::Outcome<Json> update_table(const Json& input) const override {
    std::lock_guard lock(m_mutex);
    const std::string name = input.value("TableName", "");
    if (auto failed = failure("UpdateTable", name))
      return std::unexpected(*failed);
    Json& table = m_tables.at(name);
    for (const auto& [key, value] : input.items()) {
      if (key != "TableName")
        table[key] = value;
    }
    if (input.contains("StreamSpecification") && !input["StreamSpecification"].value("StreamEnabled", false))
      table.erase("LatestStreamArn");
    return table;
  }
  dynamodb::Outcome<Json> describe_continuous_backups(const std::string& table) const override {
    std::lock_guard lock(m_mutex);
    note("DescribeContinuousBackups", table);
    return Json{{"PointInTimeRecoveryDescription",
                 {{"PointInTimeRecoveryStatus", m_pitr.contains(table) ? "ENABLED" : "DISABLED"}}}};
  }
  dynamodb::Outcome<Json> update_continuous_backups(const std::string& table, bool enabled) const override {
    std::lock_guard lock(m_mutex);
    note("UpdateContinuousBackups", table);
    if (enabled)
      m_pitr.insert(table);
    else
      m_pitr.erase(table);
    return Json::object();
  }
  dynamodb::Outcome<Json> create_backup(const std::string& table, const std::string& name) const override {
    std::lock_guard lock(m_mutex);
    if (auto failed = failure("CreateBackup", table))
      return std::unexpected(*failed);
    const std::string arn = "arn:backup/" + name;
    m_backups[table].push_back(Json{{"BackupName", name}, {"BackupArn", arn}, {"BackupStatus", "AVAILABLE"}});
    return Json{{"BackupArn", arn}, {"BackupName", name}, {"BackupStatus", "CREATING"}};
  }
  dynamodb::Outcome<Json> describe_backup(const std::string& arn) const override {
    std::lock_guard lock(m_mutex);
    note("DescribeBackup", arn);
    for (const auto& [table, backups] : m_backups) {
      for (const auto& backup : backups) {
        if (backup.value("BackupArn", "") == arn)
          return Json{{"BackupDetails", backup}};
      }
    }
    return std::unexpected(error("DescribeBackup", "BackupNotFoundException"));
  }
  dynamodb::Outcome<std::vector<Json>> list_backups(const std::string& table) const override {
    std::lock_guard lock(m_mutex);
    note("ListBackups", table);
    auto found = m_backups.find(table);
    return found == m_backups.end() ? std::vector<Json>{} : found->second;
  }
  dynamodb::Outcome<Json> describe_time_to_live(const std::string& table) const override {
    std::lock_guard lock(m_mutex);
    note("DescribeTimeToLive", table);
    return Json{{"TimeToLiveStatus", "DISABLED"}};
  }
  dynamodb::Outcome<Json> update_time_to_live(const std::string& table, const std::string&,
                                              bool) const override {
    std::lock_guard lock(m_mutex);
    note("UpdateTimeToLive", table);
    return Json::object();
  }
  dynamodb::Outcome<std::vector<dynamodb::Tag>> list_tags_of_resource(const std::string& arn) const override {
    std::lock_guard lock(m_mutex);
    note("ListTagsOfResource", arn);
    return m_tags[arn];
  }
  dynamodb::Outcome<void> tag_resource(const std::string& arn,
                                       const std::vector<dynamodb::Tag>& tags) const override {
    std::lock_guard lock(m_mutex);
    note("TagResource", arn);
    auto& existing = m_tags[arn];
    existing.insert(existing.end(), tags.begin(), tags.end());
    return {};
  }

 private:
  aws::AwsError error(const std::string& operation, const std::string& code) const {
    return m_script.error(operation, code);
  }
  void note(const std::string& operation, const std::string& name) const { m_script.note(operation, name); }
  /// Records the call and returns the failure queued for it, if any (m_mutex held).
  std::optional<aws::AwsError> failure(const std::string& operation, const std::string& name) const {
    return m_script.failure(operation, name);
  }

  mutable std::mutex m_mutex;
  mutable std::map<std::string, Json> m_tables;
  mutable std::map<std::string, std::vector<Json>> m_backups;
  mutable std::set<std::string> m_pitr;
  mutable std::map<std::string, std::vector<dynamodb::Tag>> m_tags;
  mutable CallScript m_script{"dynamodb"};  ///< the calls made and the failures queued
};

}  // namespace ddbmv::testing
