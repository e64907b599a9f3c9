#include "aws/endpoint_url.h"

#include <gtest/gtest.h>

namespace ddbmv::aws {
namespace {

TEST(EndpointUrl, NormalizesSchemeHostAndTrailingSlash) {
  EXPECT_EQ(normalize_endpoint_url("http://localhost:4566/", "--endpoint-url"), "http://localhost:4566");
  EXPECT_EQ(normalize_endpoint_url("HTTPS://DynamoDB.us-east-1.amazonaws.com", "x"),
            "https://dynamodb.us-east-1.amazonaws.com");
  EXPECT_EQ(normalize_endpoint_url("http://[::1]:8000", "x"), "http://[::1]:8000");
  EXPECT_EQ(normalize_endpoint_url("http://127.0.0.1", "x"), "http://127.0.0.1");
}

TEST(EndpointUrl, RejectsWhatTheClientCannotUseNamingTheOrigin) {
  for (const auto* url : {"localhost:4566", "ftp://host", "http://", "http://host:port", "http://host:99999",
                          "http://host/path", "http://host?x=1", "http://:80", "http://ho st"}) {
    const auto result = normalize_endpoint_url(url, "AWS_ENDPOINT_URL_DYNAMODB");
    ASSERT_FALSE(result) << url;
    EXPECT_EQ(result.error().code, "InvalidEndpointUrl");
    EXPECT_TRUE(result.error().message.starts_with("AWS_ENDPOINT_URL_DYNAMODB")) << result.error().message;
    EXPECT_FALSE(result.error().hint.empty());
  }
}

TEST(EndpointUrl, DoesNotQuoteAUrlHoldingAPassword) {
  const auto result = normalize_endpoint_url("http://user:hunter2@host", "--endpoint-url");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message.find("hunter2"), std::string::npos);
}

}  // namespace
}  // namespace ddbmv::aws
