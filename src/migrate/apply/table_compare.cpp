#include "migrate/apply/table_compare.h"

#include <fmt/core.h>

#include <set>

#include "dynamodb/table_spec.h"

namespace ddbmv::migrate {

std::vector<std::string> table_differences(const nlohmann::json& source, const nlohmann::json& target) {
  nlohmann::json left = dynamodb::comparable_description(source);
  nlohmann::json right = dynamodb::comparable_description(target);
  for (auto* side : {&left, &right})
    side->erase("DeletionProtectionEnabled");
  std::vector<std::string> differences;
  std::set<std::string> keys;
  for (const auto& [key, value] : left.items())
    keys.insert(key);
  for (const auto& [key, value] : right.items())
    keys.insert(key);
  for (const auto& key : keys) {
    const nlohmann::json a = left.contains(key) ? left[key] : nlohmann::json();
    const nlohmann::json b = right.contains(key) ? right[key] : nlohmann::json();
    if (a != b) {
      differences.push_back(fmt::format("{}: source {} but target {}", key,
                                        a.is_null() ? "has none" : a.dump(),
                                        b.is_null() ? "has none" : b.dump()));
    }
  }
  return differences;
}

std::vector<std::string> settings_differences(const AfterCreate& wanted, const nlohmann::json& time_to_live,
                                              const nlohmann::json& continuous_backups) {
  std::vector<std::string> differences;
  const std::string ttl_status = time_to_live.value("TimeToLiveStatus", "DISABLED");
  const bool ttl_on = ttl_status == "ENABLED" || ttl_status == "ENABLING";
  if (wanted.ttl) {
    if (!ttl_on || time_to_live.value("AttributeName", "") != wanted.ttl->attribute_name) {
      differences.push_back(fmt::format("TTL: source has it on attribute {} but target is {} on {}",
                                        wanted.ttl->attribute_name, ttl_status,
                                        time_to_live.value("AttributeName", "(none)")));
    }
  } else if (ttl_on) {
    differences.push_back("TTL: source has none but target has it");
  }
  const bool pitr_on = continuous_backups.value("PointInTimeRecoveryDescription", nlohmann::json::object())
                           .value("PointInTimeRecoveryStatus", "") == "ENABLED";
  if (pitr_on != wanted.point_in_time_recovery) {
    differences.push_back(fmt::format("point-in-time recovery: source {} but target {}",
                                      wanted.point_in_time_recovery ? "on" : "off", pitr_on ? "on" : "off"));
  }
  return differences;
}

}  // namespace ddbmv::migrate
