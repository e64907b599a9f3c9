#pragma once
/// Reading optional members of AWS responses.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace ddbmv {

/// The string member `name` of `object`, or "" when it is absent or not a string (a pagination
/// token at the last page, say).
inline std::string string_member_or_empty(const nlohmann::json& object, std::string_view name) {
  const auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace ddbmv
