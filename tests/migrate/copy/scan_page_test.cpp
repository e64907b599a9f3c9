#include "migrate/copy/scan_page.h"

#include <gtest/gtest.h>

#include "migrate/copy/batch_writer.h"

namespace ddbmv::migrate {
namespace {

using Json = nlohmann::json;

std::string page_body(int items, std::size_t padding = 0, bool more = false) {
  Json body{{"Items", Json::array()}, {"Count", items}};
  for (int i = 0; i < items; ++i) {
    body["Items"].push_back(
        {{"pk", {{"S", "k" + std::to_string(i)}}}, {"pad", {{"S", std::string(padding, 'x')}}}});
  }
  if (more) {
    body["LastEvaluatedKey"] = {{"pk", {{"S", "k9"}}}};
  }
  return body.dump();
}

TEST(ScanPage, ForwardsItemsByteForByte) {
  auto page = ScannedPage::parse(page_body(3, 0, true)).value();
  ASSERT_EQ(page.size(), 3u);
  EXPECT_EQ(Json::parse(page.item(1))["pk"]["S"], "k1");
  EXPECT_EQ(page.last_evaluated_key()["pk"]["S"], "k9");
  const auto body = Json::parse(build_put_body("\"dst\"", page, 0, 3));
  ASSERT_EQ(body["RequestItems"]["dst"].size(), 3u);
  EXPECT_EQ(body["RequestItems"]["dst"][2]["PutRequest"]["Item"]["pk"]["S"], "k2");
}

TEST(ScanPage, LastPageHasNoLastEvaluatedKey) {
  auto page = ScannedPage::parse(page_body(0)).value();
  EXPECT_EQ(page.size(), 0u);
  EXPECT_TRUE(page.last_evaluated_key().is_null());
  EXPECT_TRUE(plan_batches(page).empty());
}

TEST(ScanPage, BatchesHoldAtMost25Items) {
  auto page = ScannedPage::parse(page_body(60)).value();
  const auto batches = plan_batches(page);
  ASSERT_EQ(batches.size(), 3u);
  EXPECT_EQ(batches[0].first, 0u);
  EXPECT_EQ(batches[0].second, 25u);
  EXPECT_EQ(batches[2].first, 50u);
  EXPECT_EQ(batches[2].second, 60u);
}

TEST(ScanPage, BatchesStayUnder16MiB) {
  auto page = ScannedPage::parse(page_body(25, 1'000'000)).value();  // 25 MB of items
  for (const auto& [first, last] : plan_batches(page)) {
    EXPECT_LE(build_put_body("\"dst\"", page, first, last).size(), kMaxBatchBytes);
  }
  EXPECT_GT(plan_batches(page).size(), 1u);
}

TEST(ScanPage, RejectsAResponseWithoutItems) {
  EXPECT_FALSE(ScannedPage::parse(R"({"Count":0})"));
  EXPECT_FALSE(ScannedPage::parse(R"({"Items":[{"a":1},)"));
}

TEST(ScanPage, ScanBodyCarriesSegmentAndStartKey) {
  const auto body = Json::parse(build_scan_body({"t", 2, 8, Json{{"pk", {{"S", "x"}}}}, true, std::nullopt}));
  EXPECT_EQ(body["Segment"], 2);
  EXPECT_EQ(body["TotalSegments"], 8);
  EXPECT_EQ(body["ExclusiveStartKey"]["pk"]["S"], "x");
  EXPECT_EQ(body["ConsistentRead"], true);
}

}  // namespace
}  // namespace ddbmv::migrate
