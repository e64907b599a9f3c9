#pragma once
/// Pure comparisons of a created table against its source, after create.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "migrate/plan/plan.h"

namespace ddbmv::migrate {

/// What differs between two DescribeTable `Table`s in the settings a copy must share: keys, attribute
/// definitions, indexes (keys, projection, throughput), billing mode and capacity, SSE (type and KMS
/// key), stream specification and table class. One line per difference, naming the setting; empty
/// when they match. Deletion protection is not compared (apply sets it on the target after the copy).
std::vector<std::string> table_differences(const nlohmann::json& source, const nlohmann::json& target);

/// What differs between the target's TTL / PITR (DescribeTimeToLive's `TimeToLiveDescription`,
/// DescribeContinuousBackups' `ContinuousBackupsDescription`) and what the plan wants after create.
std::vector<std::string> settings_differences(const AfterCreate& wanted, const nlohmann::json& time_to_live,
                                              const nlohmann::json& continuous_backups);

}  // namespace ddbmv::migrate
