#pragma once
/// The AWS error model: every failed call, whatever the service or protocol, becomes one AwsError.
/// Mapping from DynamoDB's `__type` and Lambda's `x-amzn-ErrorType` happens in one place (error.cpp).

#include <string>

#include "aws/http.h"
#include "util/error.h"

namespace ddbmv::aws {

struct AwsError {
  std::string service;    ///< "dynamodb", "lambda", "streams.dynamodb"
  std::string operation;  ///< "DescribeTable"
  std::string code;       ///< AWS error code ("ResourceNotFoundException"), or a local one for transport
                          ///< ("ConnectionError", "Timeout") and credentials ("CredentialsError")
  std::string message;
  long http_status = 0;  ///< 0 when no HTTP response arrived
  std::string request_id;
  bool retryable = false;

  /// A user-facing Error naming the service, operation and code.
  Error to_error() const;
  /// The same, its message led by what ddbmv was doing ("describing T: dynamodb DescribeTable failed:
  /// ..."), and `fallback_hint` as the hint where the error itself suggests none.
  Error to_error(std::string_view doing, std::string_view fallback_hint = {}) const;
};

/// Builds the AwsError for an HTTP response that is not 2xx (status, code from `__type` or
/// `x-amzn-ErrorType`, message from the body, request id, and whether it is retryable).
AwsError error_from_response(std::string_view service, std::string_view operation,
                             const HttpResponse& response);

/// Builds the AwsError for a transport failure (always retryable).
AwsError error_from_transport(std::string_view service, std::string_view operation,
                              const TransportError& error);

/// Whether AWS's standard retry mode retries this code / status.
bool is_retryable(std::string_view code, long http_status);

}  // namespace ddbmv::aws
