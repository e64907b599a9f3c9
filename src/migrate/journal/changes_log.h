#pragma once
/// `CHANGES.log` beside the plan: every mutating AWS call ddbmv makes, one JSON line each, for the
/// humans who audit a migration:
///   {"time":"…Z","operation":"lambda:UpdateFunctionConfiguration","resource":"fn-name",
///    "changed":{…},"request_id":"…"}
/// Lambda environment values are secrets unless they are the table names being changed: every value
/// under a "Variables"/"variables" key that is not a known table name or ARN is written as
/// "****" (kRedacted).

#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "migrate/journal/journal_storage.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/redact.h"

namespace ddbmv::migrate {

struct ChangeRecord {
  std::string operation;   ///< "<service>:<Operation>", e.g. "dynamodb:CreateTable"
  std::string resource;    ///< table name, backup ARN, function name, "function:alias"
  nlohmann::json changed;  ///< what changed (an object); environment values are redacted on write
  /// AWS's request id. Empty: that of this thread's latest successful call of `operation`
  /// (aws::last_request_id), so a change logged right after its call carries it; null when none.
  std::string request_id;
};

/// `value` with every environment value that is not in `keep` replaced by "****" (kRedacted). Environment
/// values are the string values (or the "old"/"new" strings of {"old","new"} objects) of any object
/// under a key named "Variables" or "variables", at any depth.
nlohmann::json redact_environment_values(const nlohmann::json& value, const std::set<std::string>& keep);

class ChangesLog {
 public:
  /// `table_names`: the table names and ARNs whose appearance as an environment value is not secret.
  ChangesLog(std::unique_ptr<JournalStorage> storage, std::shared_ptr<const Clock> clock,
             std::set<std::string> table_names);

  /// Appends one redacted line (durable on success).
  Result<void> record(const ChangeRecord& change);

  const std::set<std::string>& table_names() const { return m_table_names; }

 private:
  std::unique_ptr<JournalStorage> m_storage;
  std::shared_ptr<const Clock> m_clock;
  std::set<std::string> m_table_names;
};

}  // namespace ddbmv::migrate
