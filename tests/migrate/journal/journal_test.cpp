#include "migrate/journal/journal.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "util/time_format.h"

namespace ddbmv::migrate {
namespace {

const TimePoint kStart = *parse_iso8601("2026-11-25T16:00:00Z");

JournalHeader header_for(std::string digest) {
  return JournalHeader{std::move(digest), "mv-0123456789ab", "0.1.0", "2026-11-25T16:00:00.000Z"};
}

/// Lets a test keep reading a storage that a Journal owns (or destroyed after a failed open).
class ForwardingStorage final : public JournalStorage {
 public:
  explicit ForwardingStorage(std::shared_ptr<MemoryJournalStorage> target) : m_target(std::move(target)) {}
  Result<void> append(std::string_view line) override { return m_target->append(line); }
  Result<std::string> read_all() const override { return m_target->read_all(); }
  Result<void> truncate(std::size_t size) override { return m_target->truncate(size); }
  std::string describe() const override { return "journal.jsonl"; }

 private:
  std::shared_ptr<MemoryJournalStorage> m_target;
};

struct Fixture {
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(kStart);
  std::shared_ptr<MemoryJournalStorage> storage;

  Result<std::unique_ptr<Journal>> try_open(std::string content, std::string digest = "digest-a") {
    storage = std::make_shared<MemoryJournalStorage>(std::move(content));
    return Journal::open(std::make_unique<ForwardingStorage>(storage), header_for(std::move(digest)), clock);
  }
  std::unique_ptr<Journal> open(std::string content = {}, std::string digest = "digest-a") {
    auto journal = try_open(std::move(content), std::move(digest));
    EXPECT_TRUE(journal.has_value()) << (journal ? "" : journal.error().message);
    return journal ? std::move(*journal) : nullptr;
  }
};

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t position = 0;
  while (position < text.size()) {
    const auto newline = text.find('\n', position);
    lines.push_back(text.substr(position, newline - position));
    position = newline + 1;
  }
  return lines;
}

std::string join(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines)
    text += line + "\n";
  return text;
}

TEST(Journal, NewJournalStartsWithTheHeaderOfItsPlan) {
  Fixture fixture;
  auto journal = fixture.open();
  const auto lines = lines_of(fixture.storage->content());
  ASSERT_EQ(lines.size(), 1U);
  const auto header = Json::parse(lines[0]);
  EXPECT_EQ(header["seq"], 0);
  EXPECT_EQ(header["journal"], "ddbmv-journal");
  EXPECT_EQ(header["plan_digest"], "digest-a");
  EXPECT_EQ(header["migration_id"], "mv-0123456789ab");
  EXPECT_EQ(header["ddbmv_version"], "0.1.0");
  EXPECT_TRUE(header.contains("hash"));
}

TEST(Journal, RecordsRoundTripThroughTheFile) {
  Fixture fixture;
  auto journal = fixture.open();
  ASSERT_TRUE(journal->intent("prepare.pitr/t1", {{"previous", false}}));
  fixture.clock->advance(std::chrono::seconds(2));
  ASSERT_TRUE(journal->done("prepare.pitr/t1", {{"previous", false}, {"now", true}}));
  ASSERT_TRUE(journal->intent("copy.segment/t1/0"));
  ASSERT_TRUE(journal->checkpoint("copy.segment/t1/0", {{"items", 100}, {"key", {{"pk", {{"S", "a"}}}}}}));
  ASSERT_TRUE(journal->checkpoint("copy.segment/t1/0", {{"items", 200}, {"key", {{"pk", {{"S", "b"}}}}}}));
  ASSERT_TRUE(journal->failed("create.table/t2", {{"error", "LimitExceededException"}}));
  ASSERT_TRUE(journal->note("", {{"message", "hello"}}));

  auto state = read_journal(*fixture.storage, std::string("digest-a"));
  ASSERT_TRUE(state) << state.error().message;
  EXPECT_EQ(state->header->migration_id, "mv-0123456789ab");
  EXPECT_EQ(state->records.size(), 7U);
  EXPECT_EQ(state->records[1].seq, 2);
  EXPECT_EQ(state->records[1].time, "2026-11-25T16:00:02.000Z");
  EXPECT_TRUE(state->is_done("prepare.pitr/t1"));
  EXPECT_EQ(state->result_of("prepare.pitr/t1")["now"], true);
  EXPECT_FALSE(state->is_done("copy.segment/t1/0"));
  EXPECT_EQ(state->find("copy.segment/t1/0")->status, StepStatus::kStarted);
  EXPECT_EQ(state->checkpoint_of("copy.segment/t1/0")["items"], 200);
  EXPECT_EQ(state->find("create.table/t2")->status, StepStatus::kFailed);
  EXPECT_EQ(state->steps_with_prefix("copy.segment/t1/"), std::vector<std::string>{"copy.segment/t1/0"});
  EXPECT_EQ(state->truncated_tail_bytes, 0U);
  EXPECT_EQ(state->next_seq(), 8);
}

TEST(Journal, ReopeningContinuesTheSequence) {
  Fixture fixture;
  auto first = fixture.open();
  ASSERT_TRUE(first->done("prepare.pitr/t1"));
  const std::string content = fixture.storage->content();
  first.reset();

  auto second = fixture.open(content);
  EXPECT_TRUE(second->is_done("prepare.pitr/t1"));
  ASSERT_TRUE(second->done("prepare.backup/t1", {{"backup_arn", "arn:b"}}));
  auto state = read_journal(*fixture.storage, std::string("digest-a"));
  ASSERT_TRUE(state) << state.error().message;
  EXPECT_EQ(state->records.back().seq, 2);
  EXPECT_EQ(state->result_of("prepare.backup/t1")["backup_arn"], "arn:b");
}

TEST(Journal, TornLastLineIsToleratedReportedAndCutOffOnOpen) {
  Fixture fixture;
  auto journal = fixture.open();
  ASSERT_TRUE(journal->done("prepare.pitr/t1"));
  ASSERT_TRUE(journal->done("prepare.pitr/t2"));
  std::string content = fixture.storage->content();
  content.resize(content.size() - 20);  // the process died in the middle of the last write
  journal.reset();

  auto read_only = parse_journal(content, "journal.jsonl", std::string("digest-a"));
  ASSERT_TRUE(read_only) << read_only.error().message;
  EXPECT_GT(read_only->truncated_tail_bytes, 0U);
  EXPECT_TRUE(read_only->is_done("prepare.pitr/t1"));
  EXPECT_FALSE(read_only->is_done("prepare.pitr/t2"));

  auto reopened = fixture.open(content);
  const auto state = reopened->state();
  EXPECT_GT(state.truncated_tail_bytes, 0U);
  ASSERT_TRUE(reopened->done("prepare.pitr/t2"));
  auto after = read_journal(*fixture.storage, std::string("digest-a"));
  ASSERT_TRUE(after) << after.error().message;
  EXPECT_EQ(after->truncated_tail_bytes, 0U);
  EXPECT_TRUE(after->is_done("prepare.pitr/t2"));
  ASSERT_EQ(after->records.size(), 3U);
  EXPECT_EQ(after->records[1].event, JournalEvent::kNote);  // says a torn record was discarded
}

TEST(Journal, TamperedMiddleLineIsRefusedNamingTheLineAndNothingChanges) {
  Fixture fixture;
  auto journal = fixture.open();
  ASSERT_TRUE(journal->done("prepare.pitr/t1", {{"previous", false}}));
  ASSERT_TRUE(journal->done("prepare.pitr/t2", {{"previous", false}}));
  auto lines = lines_of(fixture.storage->content());
  const auto at = lines[1].find("false");
  ASSERT_NE(at, std::string::npos);
  lines[1].replace(at, 5, "true");
  const std::string tampered = join(lines);

  auto parsed = parse_journal(tampered, "journal.jsonl", std::string("digest-a"));
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, "JournalCorrupt");
  EXPECT_NE(parsed.error().message.find("line 2"), std::string::npos);

  auto reopened = fixture.try_open(tampered);
  EXPECT_FALSE(reopened);
  EXPECT_EQ(fixture.storage->content(), tampered);
}

TEST(Journal, MalformedMiddleLineIsRefused) {
  Fixture fixture;
  auto journal = fixture.open();
  ASSERT_TRUE(journal->done("a"));
  ASSERT_TRUE(journal->done("b"));
  auto lines = lines_of(fixture.storage->content());
  lines[1] = lines[1].substr(0, lines[1].size() / 2);
  auto parsed = parse_journal(join(lines), "journal.jsonl", std::string("digest-a"));
  ASSERT_FALSE(parsed);
  EXPECT_NE(parsed.error().message.find("line 2 is not a JSON object"), std::string::npos)
      << parsed.error().message;
}

TEST(Journal, RemovedLineIsRefusedAsWrongSequence) {
  Fixture fixture;
  auto journal = fixture.open();
  ASSERT_TRUE(journal->done("a"));
  ASSERT_TRUE(journal->done("b"));
  auto lines = lines_of(fixture.storage->content());
  lines.erase(lines.begin() + 1);
  auto parsed = parse_journal(join(lines), "journal.jsonl", std::string("digest-a"));
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, "JournalCorrupt");
  EXPECT_NE(parsed.error().message.find("line 2"), std::string::npos);
}

TEST(Journal, JournalOfAnotherPlanIsRefusedAndLeftAlone) {
  Fixture fixture;
  auto journal = fixture.open({}, "digest-a");
  ASSERT_TRUE(journal->done("a"));
  const std::string content = fixture.storage->content();

  auto other = fixture.try_open(content, "digest-b");
  ASSERT_FALSE(other);
  EXPECT_EQ(other.error().code, "JournalOfAnotherPlan");
  EXPECT_NE(other.error().message.find("mv-0123456789ab"), std::string::npos);
  EXPECT_EQ(fixture.storage->content(), content);
}

TEST(Journal, EmptyStorageReadsAsNeverApplied) {
  MemoryJournalStorage storage;
  auto state = read_journal(storage, std::string("digest-a"));
  ASSERT_TRUE(state);
  EXPECT_FALSE(state->header);
  EXPECT_TRUE(state->records.empty());
}

TEST(Journal, IntentAfterDoneMarksTheStepStartedAgain) {
  JournalState state;
  fold_record(state, JournalRecord{1, "t", "verify/t1", JournalEvent::kDone, Json::object()});
  fold_record(state, JournalRecord{2, "t", "verify/t1", JournalEvent::kIntent, Json::object()});
  EXPECT_FALSE(state.is_done("verify/t1"));
}

TEST(Journal, AppendHookSeesEachDurableRecord) {
  Fixture fixture;
  auto journal = fixture.open();
  std::vector<std::string> seen;
  journal->set_append_hook([&](const JournalRecord& record) {
    seen.push_back(record.step + ":" + std::string(to_string(record.event)));
    EXPECT_NE(fixture.storage->content().find(record.step), std::string::npos);
  });
  ASSERT_TRUE(journal->intent("create.table/t1"));
  ASSERT_TRUE(journal->done("create.table/t1"));
  EXPECT_EQ(seen, (std::vector<std::string>{"create.table/t1:intent", "create.table/t1:done"}));
}

TEST(FileJournalStorage, AppendsDurablyAndReadsBack) {
  const auto directory =
      std::filesystem::temp_directory_path() / ("ddbmv-journal-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(directory);
  const auto path = directory / "journal.jsonl";
  std::filesystem::remove(path);
  {
    FileJournalStorage storage(path);
    EXPECT_EQ(*storage.read_all(), "");
    ASSERT_TRUE(storage.append("one"));
    ASSERT_TRUE(storage.append("two"));
    EXPECT_EQ(*storage.read_all(), "one\ntwo\n");
    ASSERT_TRUE(storage.truncate(4));
    ASSERT_TRUE(storage.append("three"));
    EXPECT_EQ(*storage.read_all(), "one\nthree\n");
  }
  std::filesystem::remove_all(directory);
}

}  // namespace
}  // namespace ddbmv::migrate
