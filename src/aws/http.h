#pragma once
/// HTTP as the AWS client sees it: plain values, and a Transport interface that sends them.
/// libcurl lives behind Transport (curl_transport.h); tests substitute recorded exchanges.

#include <expected>
#include <string>
#include <utility>
#include <vector>

namespace ddbmv::aws {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;    ///< "GET", "POST", ...
  std::string endpoint;  ///< scheme://host[:port], no trailing slash ("https://dynamodb.example.com")
  std::string path;      ///< as sent on the wire (already percent-encoded), starts with "/"
  std::string query;     ///< as sent on the wire, without the leading "?"; may be empty
  Headers headers;       ///< in the order they are sent; names as given (case preserved)
  std::string body;
};

struct HttpResponse {
  long status = 0;
  Headers headers;  ///< names lower-cased by the transport
  std::string body;

  /// The first header named `name` (lower-case), or an empty string.
  std::string header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (key == name)
        return value;
    }
    return {};
  }
  /// AWS's id of this request: x-amzn-RequestId (DynamoDB, Lambda) or x-amz-request-id.
  std::string request_id() const {
    std::string id = header("x-amzn-requestid");
    return id.empty() ? header("x-amz-request-id") : id;
  }
};

/// A failure below HTTP: no connection, TLS, timeout. Retryable by nature.
struct TransportError {
  std::string message;  ///< never contains request headers or body
  bool timed_out = false;
};

class Transport {
 public:
  virtual ~Transport() = default;
  /// Sends one request and returns the whole response; thread-safe.
  virtual std::expected<HttpResponse, TransportError> send(const HttpRequest& request) = 0;
};

}  // namespace ddbmv::aws
