#include "migrate/plan/json_read.h"

#include <fmt/core.h>

namespace ddbmv::migrate::json_read {

const json& member(const json& object, const std::string& path, const char* key) {
  if (!object.is_object()) {
    throw BadField{path, "expected an object"};
  }
  auto it = object.find(key);
  if (it == object.end()) {
    throw BadField{path.empty() ? key : path + "." + key, "missing"};
  }
  return *it;
}

std::string join(const std::string& path, const char* key) {
  return path.empty() ? key : path + "." + key;
}

std::string get_string(const json& object, const std::string& path, const char* key) {
  const json& value = member(object, path, key);
  if (!value.is_string()) {
    throw BadField{join(path, key), "expected a string"};
  }
  return value.get<std::string>();
}

std::optional<std::string> get_optional_string(const json& object, const std::string& path, const char* key) {
  auto it = object.find(key);
  if (it == object.end() || it->is_null()) {
    return std::nullopt;
  }
  if (!it->is_string()) {
    throw BadField{join(path, key), "expected a string or null"};
  }
  return it->get<std::string>();
}

bool get_bool(const json& object, const std::string& path, const char* key) {
  const json& value = member(object, path, key);
  if (!value.is_boolean()) {
    throw BadField{join(path, key), "expected true or false"};
  }
  return value.get<bool>();
}

std::int64_t get_int(const json& object, const std::string& path, const char* key) {
  const json& value = member(object, path, key);
  if (!value.is_number_integer()) {
    throw BadField{join(path, key), "expected an integer"};
  }
  return value.get<std::int64_t>();
}

const json& get_array(const json& object, const std::string& path, const char* key) {
  const json& value = member(object, path, key);
  if (!value.is_array()) {
    throw BadField{join(path, key), "expected an array"};
  }
  return value;
}

std::vector<std::string> get_strings(const json& object, const std::string& path, const char* key) {
  const json& array = get_array(object, path, key);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < array.size(); ++i) {
    if (!array[i].is_string()) {
      throw BadField{fmt::format("{}[{}]", join(path, key), i), "expected a string"};
    }
    out.push_back(array[i].get<std::string>());
  }
  return out;
}

}  // namespace ddbmv::migrate::json_read
