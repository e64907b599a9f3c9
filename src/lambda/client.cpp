#include "lambda/client.h"

#include "aws/url_encode.h"

namespace ddbmv::lambda {
namespace {

constexpr const char* kApi = "/2015-03-31";
constexpr const char* kPageSize = "50";

using Query = std::vector<std::pair<std::string, std::string>>;

std::string function_path(const std::string& name, std::string_view suffix = {}) {
  return std::string(kApi) + "/functions/" + aws::uri_encode(name) + std::string(suffix);
}

std::string string_or_empty(const Json& output, const char* member) {
  auto it = output.find(member);
  return it != output.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Outcome<Json> parse_body(const aws::RestResponse& response, std::string_view operation) {
  if (response.body.empty())
    return Json::object();
  auto output = Json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (output.is_discarded()) {
    return std::unexpected(aws::AwsError{"lambda",
                                         std::string(operation),
                                         "InvalidResponse",
                                         "the response body is not JSON",
                                         response.status,
                                         {},
                                         false});
  }
  return output;
}

/// GETs `path` page by page (Marker / NextMarker), collecting `member` of every page.
Outcome<std::vector<Json>> list_all(const aws::ServiceClient& service, std::string_view operation,
                                    const std::string& path, const Query& fixed, const char* member) {
  std::vector<Json> all;
  std::string marker;
  do {
    Query query = fixed;
    if (!marker.empty())
      query.emplace_back("Marker", marker);
    query.emplace_back("MaxItems", kPageSize);
    auto response = service.call_rest(operation, "GET", path, aws::query_string(query));
    if (!response)
      return std::unexpected(std::move(response.error()));
    auto output = parse_body(*response, operation);
    if (!output)
      return std::unexpected(std::move(output.error()));
    if (auto list = output->find(member); list != output->end() && list->is_array()) {
      for (auto& entry : *list)
        all.push_back(std::move(entry));
    }
    marker = string_or_empty(*output, "NextMarker");
  } while (!marker.empty());
  return all;
}

}  // namespace

Outcome<std::vector<Json>> Client::list_functions() const {
  return list_all(m_service, "ListFunctions", std::string(kApi) + "/functions/", {}, "Functions");
}

Outcome<std::optional<Json>> Client::find_function_configuration(
    const std::string& name, const std::optional<std::string>& qualifier) const {
  auto configuration = get_function_configuration(name, qualifier);
  if (!configuration) {
    if (configuration.error().code == "ResourceNotFoundException")
      return std::optional<Json>();
    return std::unexpected(std::move(configuration.error()));
  }
  return std::optional<Json>(std::move(*configuration));
}

Outcome<Json> Client::get_function_configuration(const std::string& name,
                                                 const std::optional<std::string>& qualifier) const {
  Query query;
  if (qualifier)
    query.emplace_back("Qualifier", *qualifier);
  auto response = m_service.call_rest("GetFunctionConfiguration", "GET",
                                      function_path(name, "/configuration"), aws::query_string(query));
  if (!response)
    return std::unexpected(std::move(response.error()));
  return parse_body(*response, "GetFunctionConfiguration");
}

Outcome<Json> Client::update_environment(const std::string& name, const Environment& variables,
                                         const std::string& revision_id) const {
  Json input = {{"Environment", {{"Variables", Json::object()}}}};
  for (const auto& [key, value] : variables)
    input["Environment"]["Variables"][key] = value;
  if (!revision_id.empty())
    input["RevisionId"] = revision_id;
  auto response = m_service.call_rest("UpdateFunctionConfiguration", "PUT",
                                      function_path(name, "/configuration"), {}, input.dump());
  if (!response)
    return std::unexpected(std::move(response.error()));
  return parse_body(*response, "UpdateFunctionConfiguration");
}

Outcome<std::vector<Json>> Client::list_versions_by_function(const std::string& name) const {
  return list_all(m_service, "ListVersionsByFunction", function_path(name, "/versions"), {}, "Versions");
}

Outcome<std::vector<Json>> Client::list_aliases(const std::string& name) const {
  return list_all(m_service, "ListAliases", function_path(name, "/aliases"), {}, "Aliases");
}

Outcome<Json> Client::publish_version(const std::string& name, const std::string& revision_id,
                                      const std::string& description) const {
  Json input = Json::object();
  if (!revision_id.empty())
    input["RevisionId"] = revision_id;
  if (!description.empty())
    input["Description"] = description;
  auto response =
      m_service.call_rest("PublishVersion", "POST", function_path(name, "/versions"), {}, input.dump());
  if (!response)
    return std::unexpected(std::move(response.error()));
  return parse_body(*response, "PublishVersion");
}

Outcome<Json> Client::update_alias(const std::string& name, const std::string& alias,
                                   const std::string& function_version,
                                   const std::optional<std::string>& revision_id) const {
  Json input = {{"FunctionVersion", function_version}};
  if (revision_id)
    input["RevisionId"] = *revision_id;
  auto response = m_service.call_rest(
      "UpdateAlias", "PUT", function_path(name, "/aliases/" + aws::uri_encode(alias)), {}, input.dump());
  if (!response)
    return std::unexpected(std::move(response.error()));
  return parse_body(*response, "UpdateAlias");
}

Outcome<std::vector<Json>> Client::list_event_source_mappings(const std::string& event_source_arn) const {
  return list_all(m_service, "ListEventSourceMappings", std::string(kApi) + "/event-source-mappings/",
                  {{"EventSourceArn", event_source_arn}}, "EventSourceMappings");
}

Outcome<InvokeResult> Client::invoke(const std::string& name, const std::string& payload,
                                     const std::optional<std::string>& qualifier) const {
  Query query;
  if (qualifier)
    query.emplace_back("Qualifier", *qualifier);
  auto response =
      m_service.call_rest("Invoke", "POST", function_path(name, "/invocations"), aws::query_string(query),
                          payload, {{"X-Amz-Invocation-Type", "RequestResponse"}});
  if (!response)
    return std::unexpected(std::move(response.error()));
  InvokeResult result;
  result.status_code = static_cast<int>(response->status);
  for (const auto& [key, value] : response->headers) {
    if (key == "x-amz-function-error")
      result.function_error = value;
    if (key == "x-amz-executed-version")
      result.executed_version = value;
  }
  result.payload = std::move(response->body);
  return result;
}

std::vector<std::string> Client::versions_served_by(const Json& alias) {
  std::vector<std::string> out;
  if (auto primary = alias.find("FunctionVersion"); primary != alias.end() && primary->is_string()) {
    out.push_back(primary->get<std::string>());
  }
  if (auto routing = alias.find("RoutingConfig"); routing != alias.end() && routing->is_object()) {
    if (auto weights = routing->find("AdditionalVersionWeights");
        weights != routing->end() && weights->is_object()) {
      for (const auto& [version, weight] : weights->items()) {
        out.push_back(version);
      }
    }
  }
  return out;
}

Environment Client::environment_of(const Json& configuration) {
  Environment environment;
  auto env = configuration.find("Environment");
  if (env == configuration.end() || !env->is_object())
    return environment;
  auto variables = env->find("Variables");
  if (variables == env->end() || !variables->is_object())
    return environment;
  for (const auto& [key, value] : variables->items()) {
    environment[key] = value.is_string() ? value.get<std::string>() : value.dump();
  }
  return environment;
}

}  // namespace ddbmv::lambda
