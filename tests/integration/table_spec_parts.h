#pragma once
/// The pieces of CreateTable inputs that the integration tests write by hand.

#include <nlohmann/json.hpp>
#include <string_view>

namespace ddbmv::testing {

/// {"AttributeName": name, "AttributeType": "S"|"N"|"B"}
inline nlohmann::json attribute(std::string_view name, std::string_view type) {
  return {{"AttributeName", name}, {"AttributeType", type}};
}

/// {"AttributeName": name, "KeyType": "HASH"|"RANGE"}
inline nlohmann::json key(std::string_view name, std::string_view type) {
  return {{"AttributeName", name}, {"KeyType", type}};
}

}  // namespace ddbmv::testing
