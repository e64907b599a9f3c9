#include "migrate/journal/changes_log.h"

#include "aws/service_client.h"
#include "util/time_format.h"

namespace ddbmv::migrate {

namespace {

nlohmann::json redact_value(const nlohmann::json& value, const std::set<std::string>& keep) {
  if (value.is_string()) {
    return keep.contains(value.get<std::string>()) ? value : nlohmann::json(kRedacted);
  }
  if (value.is_object()) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [key, inner] : value.items())
      out[key] = redact_value(inner, keep);
    return out;
  }
  if (value.is_null())
    return value;
  return nlohmann::json(kRedacted);
}

}  // namespace

nlohmann::json redact_environment_values(const nlohmann::json& value, const std::set<std::string>& keep) {
  if (value.is_array()) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& element : value)
      out.push_back(redact_environment_values(element, keep));
    return out;
  }
  if (!value.is_object())
    return value;
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [key, inner] : value.items()) {
    if ((key == "Variables" || key == "variables") && inner.is_object()) {
      nlohmann::json variables = nlohmann::json::object();
      for (const auto& [name, variable] : inner.items())
        variables[name] = redact_value(variable, keep);
      out[key] = std::move(variables);
    } else {
      out[key] = redact_environment_values(inner, keep);
    }
  }
  return out;
}

ChangesLog::ChangesLog(std::unique_ptr<JournalStorage> storage, std::shared_ptr<const Clock> clock,
                       std::set<std::string> table_names)
    : m_storage(std::move(storage)), m_clock(std::move(clock)), m_table_names(std::move(table_names)) {}

Result<void> ChangesLog::record(const ChangeRecord& change) {
  const std::string request_id =
      change.request_id.empty() ? aws::last_request_id(change.operation) : change.request_id;
  const nlohmann::json line = {
      {"time", format_iso8601(m_clock->now())},
      {"operation", change.operation},
      {"resource", change.resource},
      {"changed", redact_environment_values(
                      change.changed.is_null() ? nlohmann::json::object() : change.changed, m_table_names)},
      {"request_id", request_id.empty() ? nlohmann::json() : nlohmann::json(request_id)}};
  return m_storage->append(line.dump());
}

}  // namespace ddbmv::migrate
