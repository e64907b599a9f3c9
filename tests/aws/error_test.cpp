#include "aws/error.h"

#include <gtest/gtest.h>

#include "support/replay_transport.h"

namespace ddbmv::aws {
namespace {

using testing::dynamodb_error;
using testing::json_response;
using testing::lambda_error;

TEST(ErrorMapping, DynamoDbTypeBecomesTheCodeAfterTheHash) {
  auto error =
      error_from_response("dynamodb", "DescribeTable",
                          dynamodb_error("ResourceNotFoundException", "Requested resource not found"));
  EXPECT_EQ(error.service, "dynamodb");
  EXPECT_EQ(error.operation, "DescribeTable");
  EXPECT_EQ(error.code, "ResourceNotFoundException");
  EXPECT_EQ(error.message, "Requested resource not found");
  EXPECT_EQ(error.http_status, 400);
  EXPECT_EQ(error.request_id, "REQ-1");
  EXPECT_FALSE(error.retryable);
}

TEST(ErrorMapping, CoralServiceTypeBecomesTheCode) {
  auto error = error_from_response(
      "dynamodb", "ListTables",
      json_response(400, {{"__type", "com.amazon.coral.service#UnrecognizedClientException"},
                          {"Message", "The security token included in the request is invalid."}}));
  EXPECT_EQ(error.code, "UnrecognizedClientException");
  EXPECT_EQ(error.message, "The security token included in the request is invalid.");
  EXPECT_FALSE(error.retryable);
}

TEST(ErrorMapping, LambdaHeaderCodeLosesItsUrlSuffix) {
  auto error =
      error_from_response("lambda", "GetFunctionConfiguration",
                          lambda_error(404, "ResourceNotFoundException", "Function not found: arn:x"));
  EXPECT_EQ(error.code, "ResourceNotFoundException");
  EXPECT_EQ(error.message, "Function not found: arn:x");
  EXPECT_EQ(error.http_status, 404);
}

TEST(ErrorMapping, LambdaBodyTypeUserIsNotTakenForACode) {
  HttpResponse response{409, {{"x-amz-request-id", "R2"}}, R"({"Type":"User","message":"busy"})"};
  auto error = error_from_response("lambda", "UpdateFunctionConfiguration", response);
  EXPECT_EQ(error.code, "HttpStatus409");
  EXPECT_EQ(error.message, "busy");
  EXPECT_EQ(error.request_id, "R2");
}

TEST(ErrorMapping, LambdaBodyTypeCodeIsUsedWithoutHeader) {
  HttpResponse response{412, {}, R"({"Type":"PreconditionFailedException","Message":"revision mismatch"})"};
  auto error = error_from_response("lambda", "UpdateFunctionConfiguration", response);
  EXPECT_EQ(error.code, "PreconditionFailedException");
  EXPECT_FALSE(error.retryable);
}

TEST(ErrorMapping, ServerErrorWithoutBodyIsNamedByStatusAndRetryable) {
  auto error = error_from_response("dynamodb", "Scan", HttpResponse{503, {}, ""});
  EXPECT_EQ(error.code, "ServiceUnavailable");
  EXPECT_TRUE(error.retryable);
  auto internal = error_from_response("dynamodb", "Scan", dynamodb_error("InternalServerError", "oops", 500));
  EXPECT_EQ(internal.code, "InternalServerError");
  EXPECT_TRUE(internal.retryable);
}

TEST(ErrorMapping, TransportFailuresAreRetryableConnectionErrorsOrTimeouts) {
  auto refused = error_from_transport("lambda", "Invoke", TransportError{"connection refused", false});
  EXPECT_EQ(refused.code, "ConnectionError");
  EXPECT_EQ(refused.http_status, 0);
  EXPECT_TRUE(refused.retryable);
  auto timeout = error_from_transport("lambda", "Invoke", TransportError{"timed out", true});
  EXPECT_EQ(timeout.code, "Timeout");
  EXPECT_TRUE(timeout.retryable);
}

class RetryableCode : public ::testing::TestWithParam<const char*> {};
TEST_P(RetryableCode, IsRetriedAsAThrottleOrTransientError) {
  EXPECT_TRUE(is_retryable(GetParam(), 400));
  auto error = error_from_response("dynamodb", "BatchWriteItem", dynamodb_error(GetParam(), "slow down"));
  EXPECT_TRUE(error.retryable);
}
INSTANTIATE_TEST_SUITE_P(Throttles, RetryableCode,
                         ::testing::Values("ThrottlingException", "ProvisionedThroughputExceededException",
                                           "RequestLimitExceeded", "TooManyRequestsException",
                                           "LimitExceededException", "RequestThrottled", "Throttling",
                                           "TransactionInProgressException", "RequestTimeout"));

class NonRetryableCode : public ::testing::TestWithParam<const char*> {};
TEST_P(NonRetryableCode, IsNeverRetried) {
  EXPECT_FALSE(is_retryable(GetParam(), 400));
  EXPECT_FALSE(is_retryable(GetParam(), 404));
}
INSTANTIATE_TEST_SUITE_P(ClientErrors, NonRetryableCode,
                         ::testing::Values("ValidationException", "ResourceNotFoundException",
                                           "AccessDeniedException", "ConditionalCheckFailedException",
                                           "PreconditionFailedException", "ResourceInUseException",
                                           "UnrecognizedClientException", "InvalidSignatureException",
                                           "CredentialsError", "ResourceConflictException",
                                           "InvalidParameterValueException"));

TEST(ErrorMapping, StatusAloneMakesServerErrorsAndTooManyRequestsRetryable) {
  EXPECT_TRUE(is_retryable("SomethingNew", 500));
  EXPECT_TRUE(is_retryable("SomethingNew", 502));
  EXPECT_TRUE(is_retryable("SomethingNew", 503));
  EXPECT_TRUE(is_retryable("SomethingNew", 504));
  EXPECT_TRUE(is_retryable("SomethingNew", 429));
  EXPECT_FALSE(is_retryable("SomethingNew", 400));
  EXPECT_FALSE(is_retryable("SomethingNew", 501));
}

TEST(AwsErrorToError, NamesServiceOperationCodeAndAwsMessage) {
  auto error =
      error_from_response("dynamodb", "DescribeTable",
                          dynamodb_error("ResourceNotFoundException", "Requested resource not found"))
          .to_error();
  EXPECT_EQ(error.code, "ResourceNotFoundException");
  EXPECT_EQ(
      error.message,
      "dynamodb DescribeTable failed: ResourceNotFoundException: Requested resource not found (HTTP 400, "
      "request id REQ-1)");
}

TEST(AwsErrorToError, CredentialsErrorsHintAtTheCredentialSources) {
  AwsError error;
  error.service = "lambda";
  error.operation = "ListFunctions";
  error.code = "CredentialsError";
  error.message = "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not";
  auto out = error.to_error();
  EXPECT_EQ(out.message,
            "lambda ListFunctions failed: CredentialsError: AWS_ACCESS_KEY_ID is set but "
            "AWS_SECRET_ACCESS_KEY is not");
  EXPECT_NE(out.hint.find("credentials"), std::string::npos);
}

TEST(ErrorMapping, AnErrorInContextLeadsWithWhatWasBeingDoneAndKeepsItsOwnHint) {
  auto missing =
      error_from_response("dynamodb", "DescribeTable",
                          dynamodb_error("ResourceNotFoundException", "Requested resource not found"));
  const Error plain = missing.to_error("describing old-table", "re-run it");
  EXPECT_EQ(plain.code, "ResourceNotFoundException");
  EXPECT_TRUE(plain.message.starts_with("describing old-table: dynamodb DescribeTable failed: "))
      << plain.message;
  EXPECT_EQ(plain.hint, "re-run it");  // ResourceNotFoundException suggests nothing of its own

  AwsError denied = missing;
  denied.code = "UnrecognizedClientException";
  const Error own_hint = denied.to_error("listing tables", "re-run it");
  EXPECT_NE(own_hint.hint.find("check the credentials"), std::string::npos) << own_hint.hint;
}

}  // namespace
}  // namespace ddbmv::aws
