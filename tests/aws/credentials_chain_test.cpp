#include "aws/credentials_chain.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "support/fake_environment.h"
#include "support/temp_dir.h"
#include "util/time_format.h"

namespace ddbmv::aws {
namespace {

using testing::fake_environment;

constexpr const char* kSecret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

class CredentialsChainTest : public ::testing::Test {
 protected:
  /// An environment whose config and credentials files are this test's.
  Getenv environment(std::map<std::string, std::string> variables = {}) const {
    variables.try_emplace("AWS_CONFIG_FILE", (m_dir.path() / "config").string());
    variables.try_emplace("AWS_SHARED_CREDENTIALS_FILE", (m_dir.path() / "credentials").string());
    return fake_environment(std::move(variables));
  }

  Result<Credentials> credentials(const std::string& profile, bool from_command_line,
                                  std::map<std::string, std::string> variables = {}) const {
    const auto getenv = environment(std::move(variables));
    auto files = ProfileFiles::load(getenv);
    if (!files) {
      return std::unexpected(files.error());
    }
    CredentialsChain chain(profile, from_command_line, getenv,
                           std::make_shared<const ProfileFiles>(std::move(*files)),
                           std::make_shared<ManualClock>(*parse_iso8601("2026-03-01T10:00:00Z")));
    return chain.credentials();
  }

  void write_config(const std::string& text) const { m_dir.write("config", text); }
  void write_credentials(const std::string& text) const { m_dir.write("credentials", text); }

  std::string process_command(const std::string& json, int exit_status = 0) const {
    m_dir.write("process.json", json);
    const auto script = m_dir.write("process.sh", "#!/bin/sh\ncat \"$(dirname \"$0\")/process.json\"\nexit " +
                                                      std::to_string(exit_status) + "\n");
    std::filesystem::permissions(script, std::filesystem::perms::owner_all);
    return script.string();
  }

  testing::TempDir m_dir;
};

const std::map<std::string, std::string> kEnvironmentKeys = {{"AWS_ACCESS_KEY_ID", "AKIDENV"},
                                                             {"AWS_SECRET_ACCESS_KEY", kSecret}};

TEST_F(CredentialsChainTest, EnvironmentComesFirst) {
  write_credentials("[default]\naws_access_key_id = AKIDFILE\naws_secret_access_key = x\n");
  const auto result = credentials("default", false, kEnvironmentKeys);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->access_key_id, "AKIDENV");
  EXPECT_EQ(result->source, "environment");
}

TEST_F(CredentialsChainTest, ProfileFromEnvironmentVariableStillPrefersEnvironmentKeys) {
  write_credentials("[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = x\n");
  auto variables = kEnvironmentKeys;
  variables["AWS_PROFILE"] = "dev";
  EXPECT_EQ(credentials("dev", false, variables)->access_key_id, "AKIDENV");
}

TEST_F(CredentialsChainTest, ProfileOnCommandLineSkipsEnvironmentKeys) {
  write_credentials("[dev]\naws_access_key_id = AKIDDEV\naws_secret_access_key = x\naws_session_token = T\n");
  const auto result = credentials("dev", true, kEnvironmentKeys);
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->access_key_id, "AKIDDEV");
  EXPECT_EQ(result->session_token, "T");
  EXPECT_NE(result->source.find("profile dev"), std::string::npos);
}

TEST_F(CredentialsChainTest, CredentialsFileBeatsCredentialProcessBeatsConfigFileKeys) {
  write_config(
      "[profile dev]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = x\ncredential_process = " +
      process_command(R"({"Version":1,"AccessKeyId":"AKIDPROCESS","SecretAccessKey":"x"})") + "\n");
  EXPECT_EQ(credentials("dev", true)->access_key_id, "AKIDPROCESS");
  write_credentials("[dev]\naws_access_key_id = AKIDCREDS\naws_secret_access_key = x\n");
  EXPECT_EQ(credentials("dev", true)->access_key_id, "AKIDCREDS");
}

TEST_F(CredentialsChainTest, ConfigFileKeysAreTheLastResort) {
  write_config("[default]\naws_access_key_id = AKIDCONFIG\naws_secret_access_key = x\n");
  EXPECT_EQ(credentials("default", false)->access_key_id, "AKIDCONFIG");
}

TEST_F(CredentialsChainTest, CredentialProcessFailureNamesProfileAndStatus) {
  write_config(
      "[profile dev]\ncredential_process = " +
      process_command(std::string(R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":")") + kSecret + "\"}",
                      2) +
      "\n");
  const auto result = credentials("dev", true);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().message, "credential_process of profile 'dev' exited with status 2");
}

TEST_F(CredentialsChainTest, NothingFoundIsOneClearLine) {
  const auto result = credentials("default", false);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "NoCredentials");
  EXPECT_TRUE(result.error().message.starts_with(
      "no AWS credentials found: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or use --profile"))
      << result.error().message;
  EXPECT_EQ(result.error().message.find('\n'), std::string::npos);
}

TEST_F(CredentialsChainTest, NamedProfileMissingFromBothFiles) {
  write_config("[profile other]\nregion = us-east-1\n");
  const auto result = credentials("typo", true);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "ProfileNotFound");
  EXPECT_NE(result.error().message.find("profile 'typo' not found in"), std::string::npos);
}

TEST_F(CredentialsChainTest, UnsupportedRoleProfileSaysSoWithAWayOut) {
  write_config(
      "[profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = default\n");
  const auto result = credentials("admin", true);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "UnsupportedCredentials");
  EXPECT_NE(result.error().hint.find("credential_process"), std::string::npos);
}

TEST_F(CredentialsChainTest, IncompleteProfileKeysNameFileLineAndKey) {
  write_credentials("# keys\n[dev]\naws_secret_access_key = " + std::string(kSecret) + "\n");
  const auto result = credentials("dev", true);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "IncompleteCredentials");
  EXPECT_NE(result.error().message.find("credentials line 2: profile 'dev' has no aws_access_key_id"),
            std::string::npos)
      << result.error().message;
}

TEST_F(CredentialsChainTest, NoMessageEverHoldsASecret) {
  std::vector<Result<Credentials>> failures;
  failures.push_back(credentials("default", false, {{"AWS_SECRET_ACCESS_KEY", kSecret}}));
  failures.push_back(credentials("default", false, {{"AWS_ACCESS_KEY_ID", kSecret}}));
  write_credentials("[dev]\naws_secret_access_key = " + std::string(kSecret) +
                    "\naws_session_token = " + kSecret + "\n");
  failures.push_back(credentials("dev", true));
  write_credentials("[dev]\naws_secret_access_key " + std::string(kSecret) + "\n");
  failures.push_back(credentials("dev", true));
  write_credentials("");
  write_config("[profile dev]\ncredential_process = " + process_command(std::string("not json ") + kSecret) +
               "\n");
  failures.push_back(credentials("dev", true));
  write_config("[profile dev]\ncredential_process = " +
               process_command(std::string(R"({"Version":1,"SecretAccessKey":")") + kSecret + "\"}") + "\n");
  failures.push_back(credentials("dev", true));
  for (const auto& failure : failures) {
    ASSERT_FALSE(failure);
    EXPECT_EQ(failure.error().message.find(kSecret), std::string::npos) << failure.error().message;
    EXPECT_EQ(failure.error().hint.find(kSecret), std::string::npos) << failure.error().hint;
  }
  EXPECT_EQ(failures.size(), 6u);
}

TEST_F(CredentialsChainTest, SourceNeverHoldsASecret) {
  write_credentials("[dev]\naws_access_key_id = AKID\naws_secret_access_key = " + std::string(kSecret) +
                    "\n");
  const auto result = credentials("dev", true);
  ASSERT_TRUE(result);
  EXPECT_EQ(result->source.find(kSecret), std::string::npos);
}

}  // namespace
}  // namespace ddbmv::aws
