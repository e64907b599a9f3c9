#include "aws/process_credentials.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

#include "support/temp_dir.h"
#include "util/time_format.h"

namespace ddbmv::aws {
namespace {

const TimePoint kNow = *parse_iso8601("2026-03-01T10:00:00Z");

/// A credential_process script that counts its runs in `dir`/runs and prints `json`.
std::string counting_command(const testing::TempDir& dir, const std::string& json, int exit_status = 0) {
  dir.write("output.json", json);
  const auto script = dir.write(
      "creds.sh",
      "#!/bin/sh\necho run >> \"$(dirname \"$0\")/runs\"\ncat \"$(dirname \"$0\")/output.json\"\nexit " +
          std::to_string(exit_status) + "\n");
  std::filesystem::permissions(script, std::filesystem::perms::owner_all);
  return "'" + script.string() + "'";
}

int runs(const testing::TempDir& dir) {
  std::ifstream in(dir.path() / "runs");
  int count = 0;
  std::string line;
  while (std::getline(in, line)) {
    ++count;
  }
  return count;
}

TEST(ProcessCredentials, ParsesVersionOneOutput) {
  const auto result = parse_process_credentials(
      R"({"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "SECRET", "SessionToken": "TOKEN",
          "Expiration": "2026-03-01T11:00:00Z"})",
      "dev");
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->access_key_id, "AKID");
  EXPECT_EQ(result->secret_access_key, "SECRET");
  EXPECT_EQ(result->session_token, "TOKEN");
  EXPECT_EQ(result->expiration, parse_iso8601("2026-03-01T11:00:00Z"));
  EXPECT_EQ(result->source, "profile dev (credential_process)");
}

TEST(ProcessCredentials, LongTermKeysHaveNoExpiration) {
  const auto result = parse_process_credentials(
      R"({"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "SECRET"})", "dev");
  ASSERT_TRUE(result);
  EXPECT_FALSE(result->expiration);
  EXPECT_EQ(result->session_token, "");
}

TEST(ProcessCredentials, BadOutputNamesTheProfileNeverTheOutput) {
  for (const auto* output : {
           "AccessKeyId=AKID SecretAccessKey=wJalrSECRET",
           R"({"Version": 2, "AccessKeyId": "AKID", "SecretAccessKey": "wJalrSECRET"})",
           R"({"AccessKeyId": "AKID", "SecretAccessKey": "wJalrSECRET"})",
           R"({"Version": 1, "SecretAccessKey": "wJalrSECRET"})",
           R"({"Version": 1, "AccessKeyId": "AKID"})",
           R"({"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "wJalrSECRET", "Expiration": "soon"})",
           R"({"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": 42, "SessionToken": "wJalrSECRET"})",
           R"(["wJalrSECRET"])",
       }) {
    const auto result = parse_process_credentials(output, "dev");
    ASSERT_FALSE(result) << output;
    EXPECT_EQ(result.error().code, "InvalidCredentialProcessOutput");
    EXPECT_NE(result.error().message.find("profile 'dev'"), std::string::npos);
    EXPECT_EQ(result.error().message.find("wJalrSECRET"), std::string::npos) << result.error().message;
    EXPECT_EQ(result.error().hint.find("wJalrSECRET"), std::string::npos);
  }
}

TEST(ProcessCredentials, RunsTheCommandOnceWhileCredentialsAreFresh) {
  testing::TempDir dir;
  const auto command = counting_command(
      dir, R"({"Version":1,"AccessKeyId":"AKID","SecretAccessKey":"S","Expiration":"2026-03-01T11:00:00Z"})");
  const auto clock = std::make_shared<ManualClock>(kNow);
  ProcessCredentialsProvider provider("dev", command, clock);
  ASSERT_TRUE(provider.credentials());
  clock->advance(std::chrono::minutes(54));  // 6 minutes before Expiration
  const auto again = provider.credentials();
  ASSERT_TRUE(again);
  EXPECT_EQ(again->access_key_id, "AKID");
  EXPECT_EQ(runs(dir), 1);
}

TEST(ProcessCredentials, RefreshesFiveMinutesBeforeExpiration) {
  testing::TempDir dir;
  const auto command = counting_command(
      dir, R"({"Version":1,"AccessKeyId":"OLD","SecretAccessKey":"S","Expiration":"2026-03-01T11:00:00Z"})");
  const auto clock = std::make_shared<ManualClock>(kNow);
  ProcessCredentialsProvider provider("dev", command, clock);
  ASSERT_EQ(provider.credentials()->access_key_id, "OLD");

  dir.write("output.json",
            R"({"Version":1,"AccessKeyId":"NEW","SecretAccessKey":"S","Expiration":"2026-03-01T12:00:00Z"})");
  clock->advance(std::chrono::minutes(55));  // exactly 5 minutes before Expiration
  const auto refreshed = provider.credentials();
  ASSERT_TRUE(refreshed);
  EXPECT_EQ(refreshed->access_key_id, "NEW");
  EXPECT_EQ(runs(dir), 2);
}

TEST(ProcessCredentials, NeverRefreshesCredentialsWithoutExpiration) {
  testing::TempDir dir;
  const auto command = counting_command(dir, R"({"Version":1,"AccessKeyId":"AKID","SecretAccessKey":"S"})");
  const auto clock = std::make_shared<ManualClock>(kNow);
  ProcessCredentialsProvider provider("dev", command, clock);
  ASSERT_TRUE(provider.credentials());
  clock->advance(std::chrono::hours(24 * 365));
  ASSERT_TRUE(provider.credentials());
  EXPECT_EQ(runs(dir), 1);
}

TEST(ProcessCredentials, KeepsUnexpiredCredentialsWhenARefreshFails) {
  testing::TempDir dir;
  const auto command = counting_command(
      dir, R"({"Version":1,"AccessKeyId":"OLD","SecretAccessKey":"S","Expiration":"2026-03-01T11:00:00Z"})");
  const auto clock = std::make_shared<ManualClock>(kNow);
  ProcessCredentialsProvider provider("dev", command, clock);
  ASSERT_TRUE(provider.credentials());
  dir.write("output.json", "not json");
  clock->advance(std::chrono::minutes(57));
  const auto within_window = provider.credentials();
  ASSERT_TRUE(within_window);
  EXPECT_EQ(within_window->access_key_id, "OLD");
  clock->advance(std::chrono::minutes(3));  // now expired
  EXPECT_FALSE(provider.credentials());
}

TEST(ProcessCredentials, NonZeroExitNamesProfileAndStatusNotOutput) {
  testing::TempDir dir;
  const auto command = counting_command(
      dir, R"({"Version":1,"AccessKeyId":"AKID","SecretAccessKey":"wJalrSECRET"})", /*exit_status=*/3);
  ProcessCredentialsProvider provider("dev", command, std::make_shared<ManualClock>(kNow));
  const auto result = provider.credentials();
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "CredentialProcessFailed");
  EXPECT_EQ(result.error().message, "credential_process of profile 'dev' exited with status 3");
  EXPECT_EQ(result.error().hint.find("wJalrSECRET"), std::string::npos);
}

TEST(ProcessCredentials, ConcurrentCallersShareOneRun) {
  testing::TempDir dir;
  const auto command = counting_command(dir, R"({"Version":1,"AccessKeyId":"AKID","SecretAccessKey":"S"})");
  ProcessCredentialsProvider provider("dev", command, std::make_shared<ManualClock>(kNow));
  std::vector<std::thread> threads;
  std::atomic<int> successes{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      if (provider.credentials()) {
        ++successes;
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(successes, 4);
  EXPECT_EQ(runs(dir), 1);
}

TEST(ProcessCredentials, RunCommandReportsStatusAndStdout) {
  const auto result = run_command("printf 'hello'; exit 7");
  ASSERT_TRUE(result);
  EXPECT_EQ(result->output, "hello");
  EXPECT_EQ(result->exit_status, 7);
}

}  // namespace
}  // namespace ddbmv::aws
