/// Client::list_all_function_versions, in its own file: discover's one listing of every version.

#include <cctype>

#include "lambda/client.h"

namespace ddbmv::lambda {
namespace {

/// RFC 3986 percent-encoding of a query value (a pagination marker).
std::string encode_query_value(std::string_view value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0f]);
    }
  }
  return out;
}

}  // namespace

Outcome<std::vector<Json>> Client::list_all_function_versions() const {
  std::vector<Json> all;
  std::string marker;
  do {
    // Query parameters in canonical (sorted) order.
    std::string query = "FunctionVersion=ALL";
    if (!marker.empty()) {
      query += "&Marker=" + encode_query_value(marker);
    }
    query += "&MaxItems=50";
    auto response = m_service.call_rest("ListFunctions", "GET", "/2015-03-31/functions/", query);
    if (!response) {
      return std::unexpected(std::move(response.error()));
    }
    Json output = Json::parse(response->body, nullptr, /*allow_exceptions=*/false);
    if (output.is_discarded() || !output.is_object()) {
      return std::unexpected(aws::AwsError{"lambda",
                                           "ListFunctions",
                                           "InvalidResponse",
                                           "the response body is not a JSON object",
                                           response->status,
                                           {},
                                           false});
    }
    if (auto functions = output.find("Functions"); functions != output.end() && functions->is_array()) {
      for (auto& function : *functions) {
        all.push_back(std::move(function));
      }
    }
    auto next = output.find("NextMarker");
    marker = next != output.end() && next->is_string() ? next->get<std::string>() : std::string();
  } while (!marker.empty());
  return all;
}

}  // namespace ddbmv::lambda
