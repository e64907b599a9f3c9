#include "util/glob.h"

#include <gtest/gtest.h>

namespace ddbmv {
namespace {

TEST(Glob, StarMatchesAnyRunIncludingNone) {
  EXPECT_TRUE(glob_match("ai-nexus-*", "ai-nexus-dev-stripe-customers"));
  EXPECT_TRUE(glob_match("ai-nexus-*", "ai-nexus-"));
  EXPECT_FALSE(glob_match("ai-nexus-*", "ai-nexu"));
  EXPECT_TRUE(glob_match("*-customers", "x-customers"));
  EXPECT_TRUE(glob_match("*", ""));
}

TEST(Glob, QuestionMarkMatchesOneCharacterAndTheRestIsLiteral) {
  EXPECT_TRUE(glob_match("t?", "t1"));
  EXPECT_FALSE(glob_match("t?", "t"));
  EXPECT_FALSE(glob_match("orders", "orders2"));
  EXPECT_TRUE(glob_match("a.b", "a.b"));
  EXPECT_FALSE(glob_match("a.b", "axb"));
}

TEST(Glob, CapturesWhatEachStarMatched) {
  auto captures = glob_captures("ai-nexus-dev-*-*", "ai-nexus-dev-stripe-customers");
  ASSERT_TRUE(captures);
  EXPECT_EQ(*captures, (std::vector<std::string>{"stripe", "customers"}));
  EXPECT_FALSE(glob_captures("a-*", "b-1"));
}

}  // namespace
}  // namespace ddbmv
