#include "util/text.h"

#include <gtest/gtest.h>

namespace ddbmv::text {
namespace {

TEST(Text, TrimRemovesTheGivenBlanksAtBothEndsOnly) {
  EXPECT_EQ(trim("  a b \r\n"), "a b");
  EXPECT_EQ(trim("\t x\t"), "x");
  EXPECT_EQ(trim(" \r\n "), "");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim(" keep\n", " "), "keep\n");
}

TEST(Text, AsciiLowerLowersLettersAndLeavesOtherBytes) {
  EXPECT_EQ(ascii_lower("X-Amz-Target"), "x-amz-target");
  EXPECT_EQ(ascii_lower("HTTP://Host:443"), "http://host:443");
  EXPECT_EQ(ascii_lower("\xc3\x84"), "\xc3\x84");  // not ASCII: unchanged
}

}  // namespace
}  // namespace ddbmv::text
