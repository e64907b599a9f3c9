#pragma once
/// Reading JSON documents ddbmv wrote (plan.json, inventory JSON) with errors that name the field:
/// the getters throw BadField, which the public parser catches once and turns into an Error.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace ddbmv::migrate::json_read {

using nlohmann::json;

/// A field that is missing or of the wrong type; `path` is like "tables[1].target".
struct BadField {
  std::string path;
  std::string problem;
};

std::string join(const std::string& path, const char* key);
const json& member(const json& object, const std::string& path, const char* key);
std::string get_string(const json& object, const std::string& path, const char* key);
std::optional<std::string> get_optional_string(const json& object, const std::string& path, const char* key);
bool get_bool(const json& object, const std::string& path, const char* key);
std::int64_t get_int(const json& object, const std::string& path, const char* key);
const json& get_array(const json& object, const std::string& path, const char* key);
std::vector<std::string> get_strings(const json& object, const std::string& path, const char* key);

}  // namespace ddbmv::migrate::json_read
