#pragma once
/// AWS Signature Version 4, one function per step of the specification, all pure: the clock and the
/// credentials are arguments. Reproduces AWS's own test suite (tests/aws/sigv4_test.cpp).

#include <string>

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
  Headers headers_to_add;     ///< X-Amz-Date, [X-Amz-Security-Token], [x-amz-content-sha256], Authorization
};

/// Signs `request` as of `time`. Does not modify the request: the caller adds `headers_to_add`.
/// The request must carry a Host header (or the caller derives one from the endpoint first).
Signature sign(const HttpRequest& request, const Credentials& credentials, const Scope& scope, TimePoint time,
               const Options& options = {});

/// The steps, exposed for tests and for the sandbox-compat checks.
std::string canonical_request(const HttpRequest& request, const Options& options, std::string_view signed_headers_out);
std::string string_to_sign(std::string_view canonical_request, const Scope& scope, TimePoint time);
std::string signing_key(std::string_view secret_access_key, const Scope& scope, TimePoint time);

}  // namespace ddbmv::aws::sigv4
