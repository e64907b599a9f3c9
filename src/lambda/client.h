#pragma once
/// Typed Lambda operations (botocore lambda/2015-03-31, REST-JSON). A function's configuration is
/// kept as the JSON AWS returns (`FunctionConfiguration`) so that every setting survives untouched.

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "aws/service_client.h"

namespace ddbmv::lambda {

using Json = nlohmann::json;
template <class T>
using Outcome = aws::Outcome<T>;

/// Environment variables, ordered by name. Values may be secrets: never print them.
using Environment = std::map<std::string, std::string>;

struct InvokeResult {
  int status_code = 0;
  std::string function_error;  ///< X-Amz-Function-Error ("Unhandled"), empty on success
  std::string executed_version;
  std::string payload;  ///< the function's response (may hold data: do not log)
};

/// The Lambda operations ddbmv's control plane uses, as an interface: apply, rollback and
/// decommission take a Functions, so their decisions are unit-tested against a fake
/// (tests/support/fake_functions.h); Client is the real one.
class Functions {
 public:
  virtual ~Functions() = default;

  /// Every function's `FunctionConfiguration` ($LATEST), all pages.
  virtual Outcome<std::vector<Json>> list_functions() const = 0;
  /// Every version of every function, $LATEST included (ListFunctions with FunctionVersion=ALL), all
  /// pages: one listing instead of a ListVersionsByFunction call per function.
  virtual Outcome<std::vector<Json>> list_all_function_versions() const = 0;
  /// `FunctionConfiguration` of $LATEST or `qualifier` (version or alias); empty when absent.
  virtual Outcome<std::optional<Json>> find_function_configuration(
      const std::string& name, const std::optional<std::string>& qualifier = {}) const = 0;
  virtual Outcome<Json> get_function_configuration(
      const std::string& name, const std::optional<std::string>& qualifier = {}) const = 0;
  /// UpdateFunctionConfiguration of the Environment only: `variables` replaces the whole map (as AWS
  /// does), `revision_id` guards against concurrent change (PreconditionFailedException).
  virtual Outcome<Json> update_environment(const std::string& name, const Environment& variables,
                                           const std::string& revision_id) const = 0;
  /// Every published version's `FunctionConfiguration` ($LATEST included), all pages.
  virtual Outcome<std::vector<Json>> list_versions_by_function(const std::string& name) const = 0;
  /// Every `AliasConfiguration`, all pages.
  virtual Outcome<std::vector<Json>> list_aliases(const std::string& name) const = 0;
  /// PublishVersion; returns the new version's `FunctionConfiguration`.
  virtual Outcome<Json> publish_version(const std::string& name, const std::string& revision_id,
                                        const std::string& description = {}) const = 0;
  /// UpdateAlias to `function_version`; returns `AliasConfiguration`.
  virtual Outcome<Json> update_alias(const std::string& name, const std::string& alias,
                                     const std::string& function_version,
                                     const std::optional<std::string>& revision_id = {}) const = 0;
  /// `EventSourceMappingConfiguration`s whose source is `event_source_arn` (all pages).
  virtual Outcome<std::vector<Json>> list_event_source_mappings(
      const std::string& event_source_arn) const = 0;
  /// Invoke, RequestResponse.
  virtual Outcome<InvokeResult> invoke(const std::string& name, const std::string& payload,
                                       const std::optional<std::string>& qualifier = {}) const = 0;
};

class Client final : public Functions {
 public:
  explicit Client(aws::ServiceClient service) : m_service(std::move(service)) {}

  // The defaults repeat the interface's, for calls through a Client.
  Outcome<std::vector<Json>> list_functions() const override;
  Outcome<std::vector<Json>> list_all_function_versions() const override;
  Outcome<std::optional<Json>> find_function_configuration(
      const std::string& name, const std::optional<std::string>& qualifier = {}) const override;
  Outcome<Json> get_function_configuration(const std::string& name,
                                           const std::optional<std::string>& qualifier = {}) const override;
  Outcome<Json> update_environment(const std::string& name, const Environment& variables,
                                   const std::string& revision_id) const override;
  Outcome<std::vector<Json>> list_versions_by_function(const std::string& name) const override;
  Outcome<std::vector<Json>> list_aliases(const std::string& name) const override;
  Outcome<Json> publish_version(const std::string& name, const std::string& revision_id,
                                const std::string& description = {}) const override;
  Outcome<Json> update_alias(const std::string& name, const std::string& alias,
                             const std::string& function_version,
                             const std::optional<std::string>& revision_id = {}) const override;
  Outcome<std::vector<Json>> list_event_source_mappings(const std::string& event_source_arn) const override;
  Outcome<InvokeResult> invoke(const std::string& name, const std::string& payload,
                               const std::optional<std::string>& qualifier = {}) const override;

  /// The `Environment.Variables` of a `FunctionConfiguration` (empty when it has none).
  static Environment environment_of(const Json& configuration);
  /// The versions an `AliasConfiguration` serves: its FunctionVersion, then any weighted additional
  /// versions (RoutingConfig.AdditionalVersionWeights).
  static std::vector<std::string> versions_served_by(const Json& alias);

  const aws::ServiceClient& service() const { return m_service; }

 private:
  aws::ServiceClient m_service;
};

}  // namespace ddbmv::lambda
