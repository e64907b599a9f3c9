#include "aws/endpoint_url.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>

#include "util/text.h"

namespace ddbmv::aws {

namespace {

std::unexpected<Error> invalid(std::string_view origin, std::string_view url, std::string_view reason) {
  return fail("InvalidEndpointUrl",
              fmt::format("{} '{}' is not a usable endpoint URL: {}", origin, url, reason),
              "use scheme://host[:port], for example http://localhost:4566 or "
              "https://dynamodb.us-east-1.amazonaws.com");
}

bool valid_host(std::string_view host) {
  if (host.empty()) {
    return false;
  }
  if (host.front() == '[') {
    return host.back() == ']' && host.size() > 2;
  }
  return std::ranges::all_of(
      host, [](unsigned char c) { return std::isalnum(c) != 0 || c == '-' || c == '.' || c == '_'; });
}

}  // namespace

Result<std::string> normalize_endpoint_url(std::string_view url, std::string_view origin) {
  const auto separator = url.find("://");
  if (separator == std::string_view::npos) {
    return invalid(origin, url, "it has no scheme (http:// or https://)");
  }
  const auto scheme = text::ascii_lower(url.substr(0, separator));
  if (scheme != "http" && scheme != "https") {
    return invalid(origin, url, "the scheme must be http or https");
  }
  auto authority = url.substr(separator + 3);
  if (authority.find('@') != std::string_view::npos) {
    return fail("InvalidEndpointUrl",
                fmt::format("{} holds a user name or password, which endpoint URLs must not", origin),
                "use scheme://host[:port]");
  }
  while (authority.ends_with('/')) {
    authority.remove_suffix(1);
  }
  if (authority.find_first_of("/?#") != std::string_view::npos) {
    return invalid(origin, url, "ddbmv supports no path, query or fragment in endpoint URLs");
  }
  std::string_view host = authority;
  std::string_view port;
  const auto colon = authority.rfind(':');
  if (colon != std::string_view::npos && authority.find(']', colon) == std::string_view::npos) {
    host = authority.substr(0, colon);
    port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        !std::ranges::all_of(port, [](unsigned char c) { return std::isdigit(c) != 0; }) ||
        std::stoi(std::string(port)) > 65535) {
      return invalid(origin, url, "the port is not a number from 0 to 65535");
    }
  }
  if (!valid_host(host)) {
    return invalid(origin, url, "the host is missing or malformed");
  }
  return fmt::format("{}://{}{}{}", scheme, text::ascii_lower(host), port.empty() ? "" : ":", port);
}

}  // namespace ddbmv::aws
