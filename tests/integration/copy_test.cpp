/// The copy engine and verification against the sandbox (DynamoDB Local behind the front door):
/// a full-featured table of 20,000 generated items, a copy under injected throttling and partial
/// batches, and a copy stopped mid-way (as a crash would) and resumed from its checkpoints.

#include <gtest/gtest.h>

#include <map>

#include "integration/sandbox_environment.h"
#include "integration/table_spec_parts.h"
#include "migrate/copy/copy_engine.h"
#include "migrate/verify/verify.h"

namespace ddbmv::testing {
namespace {

constexpr const char* kKmsKey = "arn:aws:kms:us-east-1:000000000000:key/0a1b2c3d-4e5f-6789-abcd-ef0123456789";

/// Hash + range keys, two GSIs, an LSI, tags and SSE with a customer KMS key.
Json full_spec(const std::string& name) {
  return {{"TableName", name},
          {"BillingMode", "PAY_PER_REQUEST"},
          {"AttributeDefinitions",
           {attribute("pk", "S"), attribute("sk", "N"), attribute("status", "S"), attribute("owner", "B"),
            attribute("rank", "N")}},
          {"KeySchema", {key("pk", "HASH"), key("sk", "RANGE")}},
          {"GlobalSecondaryIndexes",
           {{{"IndexName", "status-index"},
             {"KeySchema", {key("status", "HASH"), key("sk", "RANGE")}},
             {"Projection", {{"ProjectionType", "ALL"}}}},
            {{"IndexName", "owner-index"},
             {"KeySchema", {key("owner", "HASH")}},
             {"Projection", {{"ProjectionType", "KEYS_ONLY"}}}}}},
          {"LocalSecondaryIndexes",
           {{{"IndexName", "rank-index"},
             {"KeySchema", {key("pk", "HASH"), key("rank", "RANGE")}},
             {"Projection", {{"ProjectionType", "INCLUDE"}, {"NonKeyAttributes", {"title"}}}}}}},
          {"Tags", {{{"Key", "team"}, {"Value", "billing"}}, {{"Key", "env"}, {"Value", "dev"}}}},
          {"SSESpecification", {{"Enabled", true}, {"SSEType", "KMS"}, {"KMSMasterKeyId", kKmsKey}}}};
}

Json simple_spec(const std::string& name) {
  return {{"TableName", name},
          {"BillingMode", "PAY_PER_REQUEST"},
          {"AttributeDefinitions", {attribute("pk", "S")}},
          {"KeySchema", {key("pk", "HASH")}}};
}

class Copy : public ::testing::Test {
 protected:
  /// Resets the sandbox to one generated source table and creates the empty target from `spec`.
  void load(const Json& source_spec, const Json& target_spec, int count) {
    source = source_spec["TableName"];
    target = target_spec["TableName"];
    sandbox().reset(Json{{"tables",
                          {{{"spec", source_spec},
                            {"ttl", {{"AttributeName", "expires_at"}, {"Enabled", true}}},
                            {"generate", {{"count", count}, {"seed", 7}}}}}}});
    clients.emplace(sandbox().make_clients());
    plane = migrate::make_dynamodb_data_plane(clients->dynamodb);
    auto created = clients->dynamodb.create_table(target_spec);
    ASSERT_TRUE(created) << created.error().to_error().message;
    options.clock = std::make_shared<SystemClock>();
  }

  migrate::VerifyReport verify() {
    auto report = migrate::verify_tables(*plane, *plane, source, target, {});
    EXPECT_TRUE(report) << report.error().message;
    return report.value_or(migrate::VerifyReport{});
  }

  std::string source;
  std::string target;
  std::optional<migrate::Clients> clients;
  std::unique_ptr<migrate::TableDataPlane> plane;  ///< over clients->dynamodb
  migrate::CopyOptions options;
  migrate::CopyCallbacks callbacks;
};

TEST_F(Copy, CopiesAFullFeaturedTableWithEqualDigests) {
  load(full_spec("ledger"), full_spec("ledger-v2"), 20'000);
  std::int64_t checkpoints = 0;
  callbacks.on_checkpoint = [&](const migrate::SegmentCheckpoint&) {
    ++checkpoints;
    return migrate::CheckpointReply::kContinue;
  };
  auto result = migrate::copy_table(*plane, *plane, source, target, options, {}, callbacks);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->items_total, 20'000);
  EXPECT_GE(checkpoints, result->total_segments);

  const auto report = verify();
  EXPECT_TRUE(report.equal);
  EXPECT_EQ(report.source.count, 20'000);
  EXPECT_EQ(report.target.count, 20'000);
  EXPECT_EQ(report.source.digest, report.target.digest);
  EXPECT_TRUE(report.samples.empty());
}

TEST_F(Copy, VerifyNamesKeysThatDiffer) {
  load(simple_spec("plain"), simple_spec("plain-v2"), 2'000);
  ASSERT_TRUE(migrate::copy_table(*plane, *plane, source, target, options, {}, callbacks));
  const Json missing{{"pk", {{"S", "pk-00000042"}}}};
  ASSERT_TRUE(clients->dynamodb.delete_item(target, missing));
  const auto report = verify();
  EXPECT_FALSE(report.equal);
  EXPECT_EQ(report.target.count, 1'999);
  ASSERT_EQ(report.samples.size(), 1u);
  EXPECT_EQ(report.samples[0].kind, migrate::KeyDifference::Kind::kOnlyInSource);
  EXPECT_EQ(report.samples[0].key, missing);
}

TEST_F(Copy, CompletesAndVerifiesUnderThrottlingAndPartialBatches) {
  load(simple_spec("busy"), simple_spec("busy-v2"), 5'000);
  sandbox().set_faults({{"throttleRate", 0.2},
                        {"unprocessedRate", 0.3},
                        {"operations", {"BatchWriteItem", "Scan"}},
                        {"seed", 11}});
  auto result = migrate::copy_table(*plane, *plane, source, target, options, {}, callbacks);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->items_total, 5'000);
  const auto stats = sandbox().stats()["requests"];
  sandbox().set_faults(Json::object());
  EXPECT_GT(stats.value("DynamoDB.BatchWriteItem", 0), 5'000 / 25);  // some batches had to be resent
  EXPECT_TRUE(verify().equal);
}

TEST_F(Copy, ResumesAfterAStopWithoutGapsOrDuplicates) {
  load(simple_spec("journaled"), simple_spec("journaled-v2"), 6'000);
  options.segments = 8;
  // The journal: checkpoints as the JSON lines apply would append, read back on resume.
  std::vector<Json> journal;
  callbacks.on_checkpoint = [&](const migrate::SegmentCheckpoint& checkpoint) {
    journal.push_back(migrate::to_json(checkpoint));
    return journal.size() == 5 ? migrate::CheckpointReply::kStop : migrate::CheckpointReply::kContinue;
  };
  auto first = migrate::copy_table(*plane, *plane, source, target, options, {}, callbacks);
  ASSERT_TRUE(first) << first.error().message;
  ASSERT_TRUE(first->stopped);
  EXPECT_FALSE(verify().equal);

  std::vector<migrate::SegmentCheckpoint> recorded;
  for (const auto& line : journal)
    recorded.push_back(migrate::segment_checkpoint_from_json(line).value());
  auto resume = migrate::resume_state_from(recorded).value();
  options.segments = 3;  // ignored: a resumed copy keeps the segment count it started with
  callbacks.on_checkpoint = [&](const migrate::SegmentCheckpoint& checkpoint) {
    journal.push_back(migrate::to_json(checkpoint));
    return migrate::CheckpointReply::kContinue;
  };
  auto second = migrate::copy_table(*plane, *plane, source, target, options, resume, callbacks);
  ASSERT_TRUE(second) << second.error().message;
  EXPECT_FALSE(second->stopped);
  EXPECT_EQ(second->total_segments, 8);
  EXPECT_EQ(second->items_total, 6'000);  // the checkpoints' counts: no item skipped or counted twice
  const auto report = verify();
  EXPECT_TRUE(report.equal);
  EXPECT_EQ(report.target.count, 6'000);
}

}  // namespace
}  // namespace ddbmv::testing
