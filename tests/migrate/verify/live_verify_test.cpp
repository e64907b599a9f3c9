#include "migrate/verify/live_verify.h"

#include <gtest/gtest.h>

#include "dynamodb/item_digest.h"
#include "support/fake_table_plane.h"
#include "support/pk_key.h"

namespace ddbmv::migrate {
namespace {

using ddbmv::testing::pk_key;

using testing::FakeTablePlane;
using Json = nlohmann::json;

Json item(const std::string& pk, const std::string& value) {
  return Json{{"pk", {{"S", pk}}}, {"v", {{"S", value}}}};
}

class LiveVerify : public ::testing::Test {
 protected:
  LiveVerify() {
    plane.create("old");
    plane.create("new");
    for (const char* pk : {"a", "b", "c"}) {
      plane.put("old", item(pk, "1"));
      plane.put("new", item(pk, "1"));
    }
  }
  Result<LiveVerifyReport> verify(std::set<std::string> new_side) {
    return verify_after_live_writes(plane, "old", "new", VerifyOptions{},
                                    [&]() -> Result<std::set<std::string>> { return new_side; });
  }
  FakeTablePlane plane;
};

TEST_F(LiveVerify, KeysTheNewSideWroteAreLeftOutOfBothSides) {
  plane.put("new", item("b", "changed by a function"));
  plane.put("new", item("d", "created by a function"));
  plane.erase("new", Json{{"pk", {{"S", "c"}}}});
  auto report = verify({pk_key("b"), pk_key("c"), pk_key("d")});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_TRUE(report->compared.equal);
  EXPECT_EQ(report->compared.source.count, 1);
  EXPECT_EQ(report->compared.source.digest, report->compared.target.digest);
  EXPECT_EQ(report->new_side_keys, 3);
  EXPECT_EQ(report->source_all.count, 3) << "the old table whole, for decommission";
}

TEST_F(LiveVerify, ALostChangeOrAKeyTheNewSideDidNotWriteFails) {
  plane.put("old", item("a", "2"));  // replicated? no: the new table still has "1"
  plane.put("new", item("e", "never on the old side"));
  plane.erase("new", Json{{"pk", {{"S", "c"}}}});
  auto report = verify({});
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_FALSE(report->compared.equal);
  EXPECT_NE(report->compared.source.digest, report->compared.target.digest);
  std::set<std::pair<int, std::string>> samples;
  for (const auto& sample : report->compared.samples)
    samples.insert({static_cast<int>(sample.kind), sample.key["pk"]["S"].get<std::string>()});
  EXPECT_EQ(samples, (std::set<std::pair<int, std::string>>{
                         {static_cast<int>(KeyDifference::Kind::kDiffers), "a"},
                         {static_cast<int>(KeyDifference::Kind::kOnlyInTarget), "e"},
                         {static_cast<int>(KeyDifference::Kind::kOnlyInSource), "c"}}));
}

TEST_F(LiveVerify, AsksForTheNewSidesKeysOnlyAfterBothScans) {
  bool asked = false;
  auto report =
      verify_after_live_writes(plane, "old", "new", VerifyOptions{}, [&]() -> Result<std::set<std::string>> {
        asked = true;
        // A write that lands after the Scans is not seen by them.
        plane.put("new", item("late", "x"));
        return std::set<std::string>{};
      });
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_TRUE(asked);
  EXPECT_TRUE(report->compared.equal);
  EXPECT_EQ(report->compared.target.count, 3);
}

TEST_F(LiveVerify, AFailureToReadTheNewSidesKeysIsTheVerifysFailure) {
  auto report = verify_after_live_writes(
      plane, "old", "new", VerifyOptions{},
      []() -> Result<std::set<std::string>> { return fail("TrimmedDataAccessException", "stream trimmed"); });
  ASSERT_FALSE(report);
  EXPECT_EQ(report.error().code, "TrimmedDataAccessException");
}

}  // namespace
}  // namespace ddbmv::migrate
