// The signer's behaviour beyond AWS's suite: what ddbmv's own requests need.

#include <gtest/gtest.h>

#include <algorithm>

#include "aws/sigv4.h"
#include "util/time_format.h"

namespace ddbmv::aws::sigv4 {
namespace {

const TimePoint kTime = *parse_iso8601("2026-03-01T10:00:00Z");

Credentials test_credentials(std::string token = {}) {
  Credentials credentials;
  credentials.access_key_id = "AKIDEXAMPLE";
  credentials.secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  credentials.session_token = std::move(token);
  return credentials;
}

HttpRequest dynamodb_request(std::string endpoint = "https://dynamodb.us-east-1.amazonaws.com") {
  HttpRequest request;
  request.method = "POST";
  request.endpoint = std::move(endpoint);
  request.path = "/";
  request.headers = {{"Content-Type", "application/x-amz-json-1.0"},
                     {"X-Amz-Target", "DynamoDB_20120810.ListTables"}};
  request.body = "{}";
  return request;
}

std::string header_value(const Headers& headers, std::string_view name) {
  const auto it = std::ranges::find_if(headers, [&](const auto& header) { return header.first == name; });
  return it == headers.end() ? std::string{} : it->second;
}

std::string signed_headers_of(const Signature& signature) {
  const auto start = signature.authorization.find("SignedHeaders=") + 14;
  return signature.authorization.substr(start, signature.authorization.find(',', start) - start);
}

TEST(Sigv4, DerivesAndAddsHostWhenRequestHasNone) {
  const Scope scope{"us-east-1", "dynamodb"};
  const auto local = sign(dynamodb_request("http://127.0.0.1:4566"), test_credentials(), scope, kTime);
  EXPECT_EQ(header_value(local.headers_to_add, "Host"), "127.0.0.1:4566");
  EXPECT_EQ(signed_headers_of(local), "content-type;host;x-amz-date;x-amz-target");

  EXPECT_EQ(host_header("https://dynamodb.us-east-1.amazonaws.com:443"), "dynamodb.us-east-1.amazonaws.com");
  EXPECT_EQ(host_header("http://localhost:80"), "localhost");
  EXPECT_EQ(host_header("http://[::1]:8000"), "[::1]:8000");
  EXPECT_EQ(host_header("https://[::1]"), "[::1]");
}

TEST(Sigv4, KeepsTheRequestsOwnHostHeader) {
  auto request = dynamodb_request();
  request.headers.emplace_back("host", "example.com:8443");
  const auto result = sign(request, test_credentials(), {"us-east-1", "dynamodb"}, kTime);
  EXPECT_EQ(header_value(result.headers_to_add, "Host"), "");
  EXPECT_NE(result.canonical_request.find("\nhost:example.com:8443\n"), std::string::npos);
}

TEST(Sigv4, IgnoresUnsignableAndSignerOwnedHeaders) {
  auto request = dynamodb_request();
  request.headers.emplace_back("User-Agent", "ddbmv/0.1");
  request.headers.emplace_back("Authorization", "stale");
  request.headers.emplace_back("X-Amz-Date", "19990101T000000Z");
  request.headers.emplace_back("Connection", "keep-alive");
  const auto result = sign(request, test_credentials(), {"us-east-1", "dynamodb"}, kTime);
  EXPECT_EQ(signed_headers_of(result), "content-type;host;x-amz-date;x-amz-target");
  EXPECT_NE(result.canonical_request.find("x-amz-date:20260301T100000Z"), std::string::npos);
  EXPECT_EQ(result.canonical_request.find("19990101"), std::string::npos);
}

TEST(Sigv4, SignsSessionTokenUnlessToldToAddItAfterwards) {
  const Scope scope{"us-east-1", "lambda"};
  const auto signed_token = sign(dynamodb_request(), test_credentials("TOKEN"), scope, kTime);
  EXPECT_EQ(header_value(signed_token.headers_to_add, "X-Amz-Security-Token"), "TOKEN");
  EXPECT_NE(signed_headers_of(signed_token).find("x-amz-security-token"), std::string::npos);

  Options options;
  options.omit_session_token = true;
  const auto unsigned_token = sign(dynamodb_request(), test_credentials("TOKEN"), scope, kTime, options);
  EXPECT_EQ(header_value(unsigned_token.headers_to_add, "X-Amz-Security-Token"), "TOKEN");
  EXPECT_EQ(signed_headers_of(unsigned_token).find("x-amz-security-token"), std::string::npos);

  const auto no_token = sign(dynamodb_request(), test_credentials(), scope, kTime);
  EXPECT_EQ(header_value(no_token.headers_to_add, "X-Amz-Security-Token"), "");
}

TEST(Sigv4, AuthorizationIsTheLastHeaderToAdd) {
  const auto result = sign(dynamodb_request(), test_credentials(), {"us-east-1", "dynamodb"}, kTime);
  ASSERT_FALSE(result.headers_to_add.empty());
  EXPECT_EQ(result.headers_to_add.back().first, "Authorization");
  EXPECT_EQ(result.headers_to_add.back().second, result.authorization);
  EXPECT_TRUE(result.authorization.starts_with(
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20260301/us-east-1/dynamodb/aws4_request, SignedHeaders="));
  EXPECT_TRUE(result.authorization.ends_with("Signature=" + result.signature));
}

TEST(Sigv4, IsAPureFunctionOfItsInputs) {
  const Scope scope{"us-east-1", "dynamodb"};
  const auto first = sign(dynamodb_request(), test_credentials(), scope, kTime);
  EXPECT_EQ(first.signature, sign(dynamodb_request(), test_credentials(), scope, kTime).signature);
  EXPECT_NE(first.signature,
            sign(dynamodb_request(), test_credentials(), scope, kTime + std::chrono::seconds(1)).signature);
  EXPECT_NE(first.signature,
            sign(dynamodb_request(), test_credentials(), {"eu-west-1", "dynamodb"}, kTime).signature);
}

TEST(Sigv4, EncodesAnAlreadyEncodedPathAgain) {
  EXPECT_EQ(canonical_uri("/2015-03-31/functions/arn%3Aaws%3Alambda/configuration", true),
            "/2015-03-31/functions/arn%253Aaws%253Alambda/configuration");
  EXPECT_EQ(canonical_uri("", true), "/");
  EXPECT_EQ(canonical_uri("/a/b/../c/./d/", true), "/a/c/d/");
  EXPECT_EQ(canonical_uri("/a/b/../c/./d/", false), "/a/b/../c/./d/");
}

TEST(Sigv4, CanonicalQueryDecodesThenEncodesStrictlyAndSorts) {
  EXPECT_EQ(canonical_query("b=2&a=1&a=0"), "a=0&a=1&b=2");
  EXPECT_EQ(canonical_query("Marker=a%2Fb&MaxItems=50"), "Marker=a%2Fb&MaxItems=50");
  EXPECT_EQ(canonical_query("q=a+b&r=x%20y&flag"), "flag=&q=a%20b&r=x%20y");
  EXPECT_EQ(canonical_query("bad=%zz"), "bad=%25zz");
  EXPECT_EQ(canonical_query(""), "");
}

TEST(Sigv4, CanonicalHeadersFoldWhitespaceAndJoinRepeats) {
  const auto headers = canonical_headers({{"B", " x  \t y "}, {"a", "1"}, {"b", "z"}, {"A", "2\n  3"}});
  EXPECT_EQ(headers.canonical, "a:1,2 3\nb:x y,z\n");
  EXPECT_EQ(headers.signed_headers, "a;b");
}

}  // namespace
}  // namespace ddbmv::aws::sigv4
