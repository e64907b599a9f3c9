#include "aws/url_encode.h"

#include <gtest/gtest.h>

namespace ddbmv::aws {
namespace {

TEST(UriEncode, KeepsUnreservedAndEncodesEverythingElseUpperCase) {
  EXPECT_EQ(uri_encode("AZaz09-_.~"), "AZaz09-_.~");
  EXPECT_EQ(uri_encode("arn:aws:lambda:us-east-1:0:function:f/x y+z"),
            "arn%3Aaws%3Alambda%3Aus-east-1%3A0%3Afunction%3Af%2Fx%20y%2Bz");
  EXPECT_EQ(uri_encode("\xC3\xA9"), "%C3%A9");
}

TEST(QueryString, EncodesNamesAndValuesInOrder) {
  EXPECT_EQ(query_string({{"Marker", "a/b=c"}, {"MaxItems", "50"}, {"Empty", ""}}),
            "Marker=a%2Fb%3Dc&MaxItems=50&Empty=");
  EXPECT_EQ(query_string({}), "");
}

}  // namespace
}  // namespace ddbmv::aws
