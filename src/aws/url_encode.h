#pragma once
/// Percent-encoding for the paths and query strings of REST requests (RFC 3986, as SigV4 expects).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ddbmv::aws {

/// Encodes every byte except the unreserved characters A-Z a-z 0-9 - _ . ~ as %XX (upper-case hex);
/// so '/' and ':' in a path segment (an ARN) are encoded too.
std::string uri_encode(std::string_view text);

/// "a=1&b=x%20y" from the pairs in order, names and values encoded; pairs with an empty value are kept.
std::string query_string(const std::vector<std::pair<std::string, std::string>>& parameters);

}  // namespace ddbmv::aws
