#include "util/raw_json.h"

#include <gtest/gtest.h>

namespace ddbmv::raw_json {
namespace {

TEST(RawJson, FindsTopLevelMembersOnly) {
  const std::string text = R"( {"A":{"Items":1}, "Items" : [ {"x":"]}\"{"} , {"y":[1,2]} ] ,"Count":2} )";
  auto items = find_member(text, "Items");
  ASSERT_TRUE(items);
  EXPECT_EQ(*items, R"([ {"x":"]}\"{"} , {"y":[1,2]} ])");
  EXPECT_EQ(find_member(text, "Count").value(), "2");
  EXPECT_FALSE(find_member(text, "Missing"));
  EXPECT_FALSE(find_member("[1]", "Items"));
}

TEST(RawJson, SplitsArrayElementsVerbatim) {
  auto parts = elements(R"([ {"x":"]}\"{"} , {"y":[1,2]}, "s", true, -1.5e3 ])");
  ASSERT_TRUE(parts);
  ASSERT_EQ(parts->size(), 5u);
  EXPECT_EQ((*parts)[0], R"({"x":"]}\"{"})");
  EXPECT_EQ((*parts)[1], R"({"y":[1,2]})");
  EXPECT_EQ((*parts)[4], "-1.5e3");
  EXPECT_EQ(elements("[]").value().size(), 0u);
  EXPECT_EQ(elements(" [ ] ").value().size(), 0u);
}

TEST(RawJson, RejectsTruncatedText) {
  EXPECT_FALSE(elements(R"([{"x":1},)"));
  EXPECT_FALSE(elements(R"([{"x":"1)"));
  EXPECT_FALSE(find_member(R"({"Items":[1,2)", "Items"));
}

TEST(RawJson, RecognisesEmptyObjects) {
  EXPECT_TRUE(is_empty_object("{}"));
  EXPECT_TRUE(is_empty_object(" { } "));
  EXPECT_FALSE(is_empty_object(R"({"t":[]})"));
  EXPECT_FALSE(is_empty_object("[]"));
}

}  // namespace
}  // namespace ddbmv::raw_json
