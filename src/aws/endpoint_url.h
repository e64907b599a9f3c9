#pragma once
/// Checking the endpoint URLs a user configures.

#include <string>
#include <string_view>

#include "util/error.h"

namespace ddbmv::aws {

/// `url` as HttpRequest::endpoint wants it, "scheme://host[:port]": the scheme (http or https) and host
/// lower-cased, a trailing "/" dropped. Fails with code "InvalidEndpointUrl", naming `origin` (the flag,
/// variable or profile setting it came from), when the scheme is not http or https, the host is missing,
/// the port is not a number, or it has a path, query or user name (the URL is not quoted then: it might
/// hold a password).
Result<std::string> normalize_endpoint_url(std::string_view url, std::string_view origin);

}  // namespace ddbmv::aws
