#include "migrate/streams/stream_record_apply.h"

#include <gtest/gtest.h>

namespace ddbmv::migrate {
namespace {

using nlohmann::json;

json record(const std::string& event, const std::string& pk, const std::string& value,
            const std::string& sequence, double created = 1000) {
  json body = {{"Keys", {{"pk", {{"S", pk}}}}},
               {"SequenceNumber", sequence},
               {"ApproximateCreationDateTime", created}};
  if (event != "REMOVE") {
    body["NewImage"] = {{"pk", {{"S", pk}}}, {"v", {{"S", value}}}};
  }
  return {{"eventName", event}, {"dynamodb", body}};
}

TEST(StreamRecordApply, InsertAndModifyPutTheNewImageAndRemoveDeletesTheKeys) {
  auto page = fold_records(
      {record("INSERT", "a", "1", "1"), record("MODIFY", "b", "2", "2"), record("REMOVE", "c", "", "3")},
      ImageSource::kNewImage);
  ASSERT_TRUE(page.has_value()) << page.error().message;
  ASSERT_EQ(page->changes.size(), 3u);
  EXPECT_EQ(page->changes[0].kind, KeyChange::Kind::kPut);
  EXPECT_EQ(page->changes[0].item["v"]["S"], "1");
  EXPECT_EQ(page->changes[1].kind, KeyChange::Kind::kPut);
  EXPECT_EQ(page->changes[2].kind, KeyChange::Kind::kDelete);
  EXPECT_EQ(page->changes[2].key, (json{{"pk", {{"S", "c"}}}}));
  EXPECT_EQ(page->last_sequence_number, "3");
  EXPECT_EQ(page->records, 3);
}

TEST(StreamRecordApply, TheLastRecordOfAKeyInAPageDecides) {
  auto page = fold_records(
      {record("INSERT", "a", "1", "1"), record("MODIFY", "b", "x", "2"), record("MODIFY", "a", "2", "3"),
       record("REMOVE", "b", "", "4"), record("INSERT", "b", "y", "5")},
      ImageSource::kNewImage);
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->changes.size(), 2u);
  EXPECT_EQ(page->changes[0].item["v"]["S"], "2");
  EXPECT_EQ(page->changes[1].kind, KeyChange::Kind::kPut);
  EXPECT_EQ(page->changes[1].item["v"]["S"], "y");

  auto removed =
      fold_records({record("INSERT", "a", "1", "1"), record("REMOVE", "a", "", "2")}, ImageSource::kNewImage);
  ASSERT_EQ(removed->changes.size(), 1u);
  EXPECT_EQ(removed->changes[0].kind, KeyChange::Kind::kDelete);
}

TEST(StreamRecordApply, RecordsOlderThanTheCaptureAreSkippedButStillAdvanceTheSequence) {
  auto page = fold_records({record("INSERT", "old", "1", "1", 100), record("INSERT", "new", "2", "2", 200),
                            record("MODIFY", "old2", "3", "3", 150)},
                           ImageSource::kNewImage, 160.0);
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->changes.size(), 1u);
  EXPECT_EQ(page->changes[0].key["pk"]["S"], "new");
  EXPECT_EQ(page->skipped, 2);
  EXPECT_EQ(page->last_sequence_number, "3");
}

TEST(StreamRecordApply, KeysOnlyStreamsReadTheSourceForEveryKey) {
  json keys_only = {{"eventName", "MODIFY"},
                    {"dynamodb", {{"Keys", {{"pk", {{"S", "a"}}}}}, {"SequenceNumber", "9"}}}};
  auto page = fold_records({keys_only}, image_source_for("KEYS_ONLY"));
  ASSERT_TRUE(page.has_value());
  ASSERT_EQ(page->changes.size(), 1u);
  EXPECT_EQ(page->changes[0].kind, KeyChange::Kind::kReadSource);
  EXPECT_EQ(image_source_for("OLD_IMAGE"), ImageSource::kReadSource);
  EXPECT_EQ(image_source_for("NEW_AND_OLD_IMAGES"), ImageSource::kNewImage);
  EXPECT_EQ(image_source_for("NEW_IMAGE"), ImageSource::kNewImage);
}

TEST(StreamRecordApply, AModifyWithoutNewImageIsRefusedNotGuessed) {
  json no_image = {{"eventName", "MODIFY"},
                   {"dynamodb", {{"Keys", {{"pk", {{"S", "a"}}}}}, {"SequenceNumber", "9"}}}};
  auto page = fold_records({no_image}, ImageSource::kNewImage);
  ASSERT_FALSE(page.has_value());
  EXPECT_EQ(page.error().code, "InvalidStreamRecord");
  EXPECT_NE(page.error().message.find("NewImage"), std::string::npos);
}

TEST(StreamRecordApply, ReadsCreationTimeAsNumberOrString) {
  EXPECT_EQ(creation_time_of(json{{"dynamodb", {{"ApproximateCreationDateTime", 1.5e9}}}}), 1.5e9);
  EXPECT_EQ(creation_time_of(json{{"dynamodb", {{"ApproximateCreationDateTime", "1700000000"}}}}), 1.7e9);
  EXPECT_FALSE(creation_time_of(json{{"dynamodb", json::object()}}).has_value());
}

}  // namespace
}  // namespace ddbmv::migrate
