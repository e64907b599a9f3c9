#pragma once
/// AWS Signature Version 4, one function per step of the specification, all pure: the clock and the
/// credentials are arguments. Reproduces AWS's own test suite (tests/aws/sigv4_test.cpp).

#include <string>
#include <string_view>

#include "aws/credentials.h"
#include "aws/http.h"
#include "util/clock.h"

namespace ddbmv::aws::sigv4 {

struct Scope {
  std::string region;   ///< "us-east-1"
  std::string service;  ///< signing name: "dynamodb", "lambda"
};

struct Options {
  bool normalize_path = true;       ///< RFC 3986 path normalisation (every service but S3)
  bool sign_body = false;           ///< add and sign x-amz-content-sha256
  bool omit_session_token = false;  ///< add X-Amz-Security-Token after signing instead of signing it
};

/// Every intermediate result, so tests can compare each with the suite's files.
struct Signature {
  std::string canonical_request;
  std::string string_to_sign;
  std::string signature;      ///< lower-case hex
  std::string authorization;  ///< the Authorization header's value
  /// [Host, when the request had none], X-Amz-Date, [X-Amz-Security-Token], [x-amz-content-sha256],
  /// Authorization. Holds secrets (the token): never log it.
  Headers headers_to_add;
};

/// Signs `request` as of `time`. Does not modify the request: the caller adds `headers_to_add`.
/// When the request carries no Host header, one is derived from `request.endpoint` (default ports
/// dropped, as curl does), signed, and included in `headers_to_add`.
/// Headers the signer sets itself (X-Amz-Date, X-Amz-Security-Token, x-amz-content-sha256,
/// Authorization) are ignored in `request`, as are hop-by-hop headers and User-Agent, which proxies
/// may change; every other header is signed.
Signature sign(const HttpRequest& request, const Credentials& credentials, const Scope& scope, TimePoint time,
               const Options& options = {});

// ---- The steps, exposed for tests and for the sandbox-compat checks. ----

/// The path as the canonical request has it: with `normalize`, empty and "." segments removed and ".."
/// applied (a trailing "/" kept); then every byte but unreserved characters and "/" percent-encoded,
/// upper-case hex. The path is taken as given, so a percent-encoded path is encoded again (as every
/// AWS service but S3 expects). An empty path is "/".
std::string canonical_uri(std::string_view path, bool normalize);

/// The query as the canonical request has it: each name and value percent-decoded ("+" as space) and
/// re-encoded strictly, pairs sorted by name then value, a missing "=" read as an empty value.
std::string canonical_query(std::string_view query);

/// The canonical headers block and the signed-headers list of `headers`: names lower-cased and sorted,
/// values trimmed with inner runs of whitespace (also line folds) collapsed to one space, the values of
/// repeated names joined with "," in the order given.
struct CanonicalHeaders {
  std::string canonical;       ///< "name:value\n" per header
  std::string signed_headers;  ///< "host;x-amz-date"
};
CanonicalHeaders canonical_headers(const Headers& headers);

/// Lower-case hex SHA-256 of the body.
std::string hashed_payload(std::string_view body);

/// The headers that are signed: those of `request` minus the ones the signer sets and the unsignable
/// ones (see sign), followed by `added`.
Headers headers_to_sign(const HttpRequest& request, const Headers& added);

/// The canonical request: method, canonical URI and query of `request`, the canonical form of
/// `signed_headers` (not the request's own headers), the signed-headers list and `payload_hash`.
std::string canonical_request(const HttpRequest& request, const Headers& signed_headers,
                              std::string_view payload_hash, const Options& options);

/// "20150830/us-east-1/service/aws4_request".
std::string credential_scope(const Scope& scope, TimePoint time);

/// "AWS4-HMAC-SHA256\n<amz date>\n<credential scope>\n<hex sha256 of canonical request>".
std::string string_to_sign(std::string_view canonical_request, const Scope& scope, TimePoint time);

/// The raw 32-byte signing key derived from the secret, date, region and service. A secret.
std::string signing_key(std::string_view secret_access_key, const Scope& scope, TimePoint time);

/// Lower-case hex HMAC-SHA256 of the string to sign under the signing key.
std::string signature(std::string_view signing_key, std::string_view string_to_sign);

/// The Host header for an endpoint "scheme://host[:port]": the host, with the port unless it is the
/// scheme's default (80 for http, 443 for https).
std::string host_header(std::string_view endpoint);

}  // namespace ddbmv::aws::sigv4
