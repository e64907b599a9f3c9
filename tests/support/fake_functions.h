#pragma once
/// An in-memory Lambda control plane (lambda::Functions) for unit tests of apply's cutover and
/// validate, rollback and decommission: functions with their $LATEST configuration, published versions
/// and aliases; UpdateFunctionConfiguration checks the RevisionId and bumps it; failures can be queued
/// per operation; every call is recorded in order.

#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "lambda/client.h"
#include "support/call_script.h"

namespace ddbmv::testing {

class FakeFunctions final : public lambda::Functions {
 public:
  using Json = lambda::Json;

  /// Adds a function whose $LATEST has `variables`, RevisionId "r1" and LastUpdateStatus Successful.
  void add(const std::string& name, const lambda::Environment& variables) {
    Json configuration = {{"FunctionName", name},
                          {"Version", "$LATEST"},
                          {"RevisionId", "r1"},
                          {"LastUpdateStatus", "Successful"},
                          {"State", "Active"},
                          {"Timeout", 3},
                          {"Environment", {{"Variables", Json::object()}}}};
    for (const auto& [key, value] : variables)
      configuration["Environment"]["Variables"][key] = value;
    m_latest[name] = std::move(configuration);
  }
  /// The next call of `operation` ("UpdateFunctionConfiguration", ...) fails with `code`.
  void fail_next(const std::string& operation, const std::string& code) {
    std::lock_guard lock(m_mutex);
    m_script.fail_next(operation, code);
  }
  /// Someone else changes a variable of $LATEST (a new RevisionId).
  void change_variable(const std::string& name, const std::string& key, const std::string& value) {
    std::lock_guard lock(m_mutex);
    m_latest.at(name)["Environment"]["Variables"][key] = value;
    bump(m_latest.at(name));
  }
  lambda::Environment variables(const std::string& name) const {
    std::lock_guard lock(m_mutex);
    return lambda::Client::environment_of(m_latest.at(name));
  }
  /// The operations called, in order ("UpdateFunctionConfiguration f", ...).
  std::vector<std::string> calls() const {
    std::lock_guard lock(m_mutex);
    return m_script.calls();
  }
  int count(const std::string& operation) const {
    int n = 0;
    for (const auto& call : calls())
      n += call.starts_with(operation + " ") ? 1 : 0;
    return n;
  }

  lambda::Outcome<std::vector<Json>> list_functions() const override {
    std::lock_guard lock(m_mutex);
    note("ListFunctions", "");
    std::vector<Json> out;
    for (const auto& [name, configuration] : m_latest)
      out.push_back(configuration);
    return out;
  }
  lambda::Outcome<std::vector<Json>> list_all_function_versions() const override { return list_functions(); }
  lambda::Outcome<std::optional<Json>> find_function_configuration(
      const std::string& name, const std::optional<std::string>& = {}) const override {
    std::lock_guard lock(m_mutex);
    if (auto failed = failure("GetFunctionConfiguration", name))
      return std::unexpected(*failed);
    auto found = m_latest.find(name);
    return found == m_latest.end() ? std::optional<Json>() : std::optional<Json>(found->second);
  }
  lambda::Outcome<Json> get_function_configuration(
      const std::string& name, const std::optional<std::string>& qualifier = {}) const override {
    auto found = find_function_configuration(name, qualifier);
    if (!found)
      return std::unexpected(found.error());
    if (!*found)
      return std::unexpected(error("GetFunctionConfiguration", "ResourceNotFoundException"));
    return **found;
  }
  lambda::Outcome<Json> update_environment(const std::string& name, const lambda::Environment& variables,
                                           const std::string& revision_id) const override {
    std::lock_guard lock(m_mutex);
    if (auto failed = failure("UpdateFunctionConfiguration", name))
      return std::unexpected(*failed);
    Json& configuration = m_latest.at(name);
    if (configuration.value("RevisionId", "") != revision_id)
      return std::unexpected(error("UpdateFunctionConfiguration", "PreconditionFailedException"));
    configuration["Environment"]["Variables"] = Json::object();
    for (const auto& [key, value] : variables)
      configuration["Environment"]["Variables"][key] = value;
    bump(configuration);
    return configuration;
  }
  lambda::Outcome<std::vector<Json>> list_versions_by_function(const std::string& name) const override {
    std::lock_guard lock(m_mutex);
    note("ListVersionsByFunction", name);
    std::vector<Json> out{m_latest.at(name)};
    for (const auto& version : m_versions[name])
      out.push_back(version);
    return out;
  }
  lambda::Outcome<std::vector<Json>> list_aliases(const std::string& name) const override {
    std::lock_guard lock(m_mutex);
    note("ListAliases", name);
    return m_aliases[name];
  }
  lambda::Outcome<Json> publish_version(const std::string& name, const std::string&,
                                        const std::string& description = {}) const override {
    std::lock_guard lock(m_mutex);
    note("PublishVersion", name);
    Json version = m_latest.at(name);
    version["Version"] = std::to_string(m_versions[name].size() + 1);
    version["Description"] = description;
    m_versions[name].push_back(version);
    return version;
  }
  lambda::Outcome<Json> update_alias(const std::string& name, const std::string& alias,
                                     const std::string& function_version,
                                     const std::optional<std::string>& = {}) const override {
    std::lock_guard lock(m_mutex);
    note("UpdateAlias", name + ":" + alias);
    for (auto& existing : m_aliases[name]) {
      if (existing.value("Name", "") == alias)
        existing["FunctionVersion"] = function_version;
    }
    return Json{{"Name", alias}, {"FunctionVersion", function_version}};
  }
  lambda::Outcome<std::vector<Json>> list_event_source_mappings(const std::string&) const override {
    return std::vector<Json>{};
  }
  lambda::Outcome<lambda::InvokeResult> invoke(const std::string& name, const std::string&,
                                               const std::optional<std::string>& = {}) const override {
    std::lock_guard lock(m_mutex);
    note("Invoke", name);
    return lambda::InvokeResult{200, "", "$LATEST", "{}"};
  }

  /// An alias of `name` serving `version`.
  void add_alias(const std::string& name, const std::string& alias, const std::string& version) {
    m_aliases[name].push_back(Json{{"Name", alias}, {"FunctionVersion", version}});
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
  void bump(Json& configuration) const {
    configuration["RevisionId"] = "r" + std::to_string(++m_revisions + 1);
  }

  mutable std::mutex m_mutex;
  mutable std::map<std::string, Json> m_latest;
  mutable std::map<std::string, std::vector<Json>> m_versions;
  mutable std::map<std::string, std::vector<Json>> m_aliases;
  mutable CallScript m_script{"lambda"};  ///< the calls made and the failures queued
  mutable int m_revisions = 0;
};

}  // namespace ddbmv::testing
