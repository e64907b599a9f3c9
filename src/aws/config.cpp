#include "aws/config.h"

#include <fmt/core.h>

#include <cctype>
#include <cstdlib>

#include "aws/credentials_chain.h"
#include "aws/endpoint_url.h"
#include "aws/profile_files.h"

namespace ddbmv::aws {

namespace {

bool is_true(const std::optional<std::string>& value) {
  if (!value) {
    return false;
  }
  std::string lower = *value;
  for (auto& c : lower) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return lower == "true";
}

/// A region as it can appear in a host name: letters, digits and '-'.
bool valid_region(std::string_view region) {
  if (region.empty() || region.size() > 64) {
    return false;
  }
  for (const char c : region) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') {
      return false;
    }
  }
  return true;
}

struct Setting {
  std::string value;
  std::string origin;  ///< "--region", "AWS_REGION", "region in profile dev"
};

Result<Setting> resolve_region(const ConfigInputs& inputs, const Getenv& getenv, const ProfileFiles& files,
                               const std::string& profile) {
  std::optional<Setting> region;
  if (inputs.region && !inputs.region->empty()) {
    region = Setting{*inputs.region, "--region"};
  } else if (auto aws_region = non_empty_variable(getenv, "AWS_REGION")) {
    region = Setting{*aws_region, "AWS_REGION"};
  } else if (auto default_region = non_empty_variable(getenv, "AWS_DEFAULT_REGION")) {
    region = Setting{*default_region, "AWS_DEFAULT_REGION"};
  } else if (auto profile_region = files.setting(profile, "region")) {
    region =
        Setting{*profile_region, fmt::format("region= in profile {} ({})", profile, files.config_path())};
  }
  if (!region) {
    return fail(
        "MissingRegion",
        fmt::format("no AWS region: pass --region or set AWS_REGION (or region= in profile {})", profile));
  }
  if (!valid_region(region->value)) {
    return fail("InvalidRegion", fmt::format("{} '{}' is not an AWS region", region->origin, region->value),
                "a region looks like us-east-1");
  }
  return *region;
}

/// Validates the endpoint URL from `origin`, when there is one.
Result<std::optional<std::string>> checked_endpoint(std::optional<std::string> url, std::string_view origin) {
  if (!url) {
    return std::optional<std::string>{};
  }
  auto normalized = normalize_endpoint_url(*url, origin);
  if (!normalized) {
    return std::unexpected(normalized.error());
  }
  return std::optional<std::string>{std::move(*normalized)};
}

std::string public_endpoint(std::string_view prefix, const std::string& region) {
  const auto* suffix = region.starts_with("cn-") ? "amazonaws.com.cn" : "amazonaws.com";
  return fmt::format("https://{}.{}.{}", prefix, region, suffix);
}

}  // namespace

std::optional<std::string> non_empty_variable(const Getenv& getenv, std::string_view name) {
  auto value = getenv(name);
  if (value && value->empty()) {
    return std::nullopt;
  }
  return value;
}

Getenv process_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    const char* value = std::getenv(std::string(name).c_str());
    if (value == nullptr) {
      return std::nullopt;
    }
    return std::string(value);
  };
}

std::string ResolvedConfig::endpoint(Service service) const {
  if (endpoint_url) {
    return *endpoint_url;
  }
  const auto& per_service = service == Service::kDynamoDb          ? endpoint_url_dynamodb
                            : service == Service::kDynamoDbStreams ? endpoint_url_streams
                                                                   : endpoint_url_lambda;
  if (per_service) {
    return *per_service;
  }
  if (endpoint_url_env) {
    return *endpoint_url_env;
  }
  switch (service) {
    case Service::kDynamoDb:
      return public_endpoint("dynamodb", region);
    case Service::kDynamoDbStreams:
      return public_endpoint("streams.dynamodb", region);
    case Service::kLambda:
      return public_endpoint("lambda", region);
  }
  return public_endpoint("dynamodb", region);
}

Result<ResolvedConfig> resolve_config(const ConfigInputs& inputs, const Getenv& getenv,
                                      std::shared_ptr<const Clock> clock) {
  const bool from_command_line = inputs.profile && !inputs.profile->empty();
  const auto env_profile = non_empty_variable(getenv, "AWS_PROFILE");
  const bool named = from_command_line || env_profile.has_value();
  ResolvedConfig config;
  config.profile = from_command_line ? *inputs.profile : env_profile.value_or("default");

  auto loaded = ProfileFiles::load(getenv);
  if (!loaded) {
    return std::unexpected(loaded.error());
  }
  const auto files = std::make_shared<const ProfileFiles>(std::move(*loaded));
  if (named && !files->has_profile(config.profile)) {
    return std::unexpected(profile_not_found(*files, config.profile));
  }

  auto region = resolve_region(inputs, getenv, *files, config.profile);
  if (!region) {
    return std::unexpected(region.error());
  }
  config.region = std::move(region->value);

  // --endpoint-url always applies; the environment's and the profile's can be switched off together.
  const bool ignore_configured = is_true(non_empty_variable(getenv, "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS")) ||
                                 is_true(files->setting(config.profile, "ignore_configured_endpoint_urls"));
  const auto configured = [&](std::string_view name) {
    return ignore_configured ? std::nullopt : non_empty_variable(getenv, name);
  };
  std::optional<std::string> general = configured("AWS_ENDPOINT_URL");
  std::string general_origin = "AWS_ENDPOINT_URL";
  if (!general && !ignore_configured) {
    general = files->setting(config.profile, "endpoint_url");
    general_origin = fmt::format("endpoint_url in profile {}", config.profile);
  }
  auto cli = checked_endpoint(
      inputs.endpoint_url && !inputs.endpoint_url->empty() ? inputs.endpoint_url : std::nullopt,
      "--endpoint-url");
  auto env = checked_endpoint(general, general_origin);
  auto dynamodb = checked_endpoint(configured("AWS_ENDPOINT_URL_DYNAMODB"), "AWS_ENDPOINT_URL_DYNAMODB");
  auto streams =
      checked_endpoint(configured("AWS_ENDPOINT_URL_DYNAMODB_STREAMS"), "AWS_ENDPOINT_URL_DYNAMODB_STREAMS");
  auto lambda = checked_endpoint(configured("AWS_ENDPOINT_URL_LAMBDA"), "AWS_ENDPOINT_URL_LAMBDA");
  for (const auto* checked : {&cli, &env, &dynamodb, &streams, &lambda}) {
    if (!*checked) {
      return std::unexpected(checked->error());
    }
  }
  config.endpoint_url = std::move(*cli);
  config.endpoint_url_env = std::move(*env);
  config.endpoint_url_dynamodb = std::move(*dynamodb);
  config.endpoint_url_streams = std::move(*streams);
  config.endpoint_url_lambda = std::move(*lambda);

  config.credentials =
      std::make_shared<CredentialsChain>(config.profile, from_command_line, getenv, files, std::move(clock));
  return config;
}

}  // namespace ddbmv::aws
