#include "aws/environment_credentials.h"

#include <gtest/gtest.h>

#include "support/fake_environment.h"

namespace ddbmv::aws {
namespace {

using testing::fake_environment;

TEST(EnvironmentCredentials, ReadsKeysAndOptionalToken) {
  const auto result = environment_credentials(fake_environment(
      {{"AWS_ACCESS_KEY_ID", "AKID"}, {"AWS_SECRET_ACCESS_KEY", "SECRET"}, {"AWS_SESSION_TOKEN", "TOKEN"}}));
  ASSERT_TRUE(result);
  ASSERT_TRUE(result->has_value());
  EXPECT_EQ((*result)->access_key_id, "AKID");
  EXPECT_EQ((*result)->secret_access_key, "SECRET");
  EXPECT_EQ((*result)->session_token, "TOKEN");
  EXPECT_EQ((*result)->source, "environment");
  EXPECT_FALSE((*result)->expiration);
}

TEST(EnvironmentCredentials, AbsentWhenNeitherKeyIsSet) {
  const auto result = environment_credentials(fake_environment({{"AWS_ACCESS_KEY_ID", ""}}));
  ASSERT_TRUE(result);
  EXPECT_FALSE(result->has_value());
}

TEST(EnvironmentCredentials, OneKeyWithoutTheOtherNamesTheMissingVariable) {
  const auto no_secret = environment_credentials(fake_environment({{"AWS_ACCESS_KEY_ID", "AKIDSECRETISH"}}));
  ASSERT_FALSE(no_secret);
  EXPECT_EQ(no_secret.error().code, "IncompleteCredentials");
  EXPECT_NE(no_secret.error().message.find("AWS_SECRET_ACCESS_KEY"), std::string::npos);

  const auto no_id = environment_credentials(fake_environment({{"AWS_SECRET_ACCESS_KEY", "wJalrSECRET"}}));
  ASSERT_FALSE(no_id);
  EXPECT_EQ(no_id.error().message, "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not");
  EXPECT_EQ(no_id.error().hint.find("wJalrSECRET"), std::string::npos);
}

}  // namespace
}  // namespace ddbmv::aws
