#include "aws/config.h"

#include <gtest/gtest.h>

#include "support/fake_environment.h"
#include "support/temp_dir.h"

namespace ddbmv::aws {
namespace {

using testing::fake_environment;

class ConfigTest : public ::testing::Test {
 protected:
  Result<ResolvedConfig> resolve(const ConfigInputs& inputs,
                                 std::map<std::string, std::string> variables = {}) {
    variables.try_emplace("AWS_CONFIG_FILE", (m_dir.path() / "config").string());
    variables.try_emplace("AWS_SHARED_CREDENTIALS_FILE", (m_dir.path() / "credentials").string());
    return resolve_config(inputs, fake_environment(std::move(variables)), std::make_shared<SystemClock>());
  }
  void write_config(const std::string& text) const { m_dir.write("config", text); }

  testing::TempDir m_dir;
};

ConfigInputs region_flag(std::string region) {
  ConfigInputs inputs;
  inputs.region = std::move(region);
  return inputs;
}

TEST_F(ConfigTest, RegionPrecedenceFlagThenAwsRegionThenDefaultRegionThenProfile) {
  write_config("[default]\nregion = eu-central-1\n");
  EXPECT_EQ(resolve({})->region, "eu-central-1");
  EXPECT_EQ(resolve({}, {{"AWS_DEFAULT_REGION", "eu-west-2"}})->region, "eu-west-2");
  EXPECT_EQ(resolve({}, {{"AWS_DEFAULT_REGION", "eu-west-2"}, {"AWS_REGION", "eu-west-1"}})->region,
            "eu-west-1");
  EXPECT_EQ(resolve(region_flag("ap-south-1"), {{"AWS_REGION", "eu-west-1"}})->region, "ap-south-1");
}

TEST_F(ConfigTest, RegionComesFromTheSelectedProfile) {
  write_config("[default]\nregion = us-east-1\n[profile dev]\nregion = us-west-2\n");
  ConfigInputs inputs;
  inputs.profile = "dev";
  const auto from_flag = resolve(inputs);
  ASSERT_TRUE(from_flag) << from_flag.error().message;
  EXPECT_EQ(from_flag->profile, "dev");
  EXPECT_EQ(from_flag->region, "us-west-2");
  const auto from_env = resolve({}, {{"AWS_PROFILE", "dev"}});
  EXPECT_EQ(from_env->profile, "dev");
  EXPECT_EQ(from_env->region, "us-west-2");
  EXPECT_EQ(resolve({})->profile, "default");
}

TEST_F(ConfigTest, MissingRegionIsOneClearLineNamingTheProfile) {
  write_config("[profile dev]\noutput = json\n");
  const auto result = resolve({}, {{"AWS_PROFILE", "dev"}});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "MissingRegion");
  EXPECT_EQ(result.error().hint, "");  // one line: the message already says what to do
  EXPECT_EQ(result.error().message,
            "no AWS region: pass --region or set AWS_REGION (or region= in profile dev)");
}

TEST_F(ConfigTest, RejectsARegionThatCannotBeAHostName) {
  const auto result = resolve(region_flag("us-east-1.evil.com/"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "InvalidRegion");
  EXPECT_NE(result.error().message.find("--region"), std::string::npos);
}

TEST_F(ConfigTest, NamedProfileNotInEitherFileFails) {
  write_config("[profile dev]\nregion = us-east-1\n");
  ConfigInputs inputs = region_flag("us-east-1");
  inputs.profile = "prod";
  const auto result = resolve(inputs);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "ProfileNotFound");
  EXPECT_NE(result.error().message.find("profile 'prod' not found in"), std::string::npos);
  EXPECT_FALSE(resolve(region_flag("us-east-1"), {{"AWS_PROFILE", "prod"}}));
  EXPECT_TRUE(resolve(region_flag("us-east-1")));  // the unnamed default profile need not exist
}

TEST_F(ConfigTest, DefaultFilesLiveUnderHome) {
  m_dir.write(".aws/config", "[default]\nregion = sa-east-1\n");
  const auto result = resolve_config({}, fake_environment({{"HOME", m_dir.path().string()}}),
                                     std::make_shared<SystemClock>());
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->region, "sa-east-1");
}

TEST_F(ConfigTest, MalformedConfigFileNamesFileAndLine) {
  write_config("[default]\nregion = us-east-1\nthis is not ini\n");
  const auto result = resolve(region_flag("us-east-1"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "MalformedConfigFile");
  EXPECT_NE(result.error().message.find((m_dir.path() / "config").string() + " line 3"), std::string::npos)
      << result.error().message;
}

TEST_F(ConfigTest, PublicEndpointsOfTheRegion) {
  const auto config = resolve(region_flag("eu-west-1"));
  ASSERT_TRUE(config);
  EXPECT_EQ(config->endpoint(Service::kDynamoDb), "https://dynamodb.eu-west-1.amazonaws.com");
  EXPECT_EQ(config->endpoint(Service::kDynamoDbStreams), "https://streams.dynamodb.eu-west-1.amazonaws.com");
  EXPECT_EQ(config->endpoint(Service::kLambda), "https://lambda.eu-west-1.amazonaws.com");
  const auto china = resolve(region_flag("cn-north-1"));
  EXPECT_EQ(china->endpoint(Service::kDynamoDb), "https://dynamodb.cn-north-1.amazonaws.com.cn");
  EXPECT_EQ(china->endpoint(Service::kLambda), "https://lambda.cn-north-1.amazonaws.com.cn");
}

TEST_F(ConfigTest, EndpointPrecedenceFlagThenServiceVariableThenGeneralVariable) {
  const std::map<std::string, std::string> variables = {
      {"AWS_ENDPOINT_URL", "http://general:1"},
      {"AWS_ENDPOINT_URL_DYNAMODB", "http://dynamodb:2/"},
      {"AWS_ENDPOINT_URL_DYNAMODB_STREAMS", "http://streams:3"}};
  const auto config = resolve(region_flag("us-east-1"), variables);
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->endpoint(Service::kDynamoDb), "http://dynamodb:2");
  EXPECT_EQ(config->endpoint(Service::kDynamoDbStreams), "http://streams:3");
  EXPECT_EQ(config->endpoint(Service::kLambda), "http://general:1");

  auto inputs = region_flag("us-east-1");
  inputs.endpoint_url = "http://localhost:4566";
  const auto flagged = resolve(inputs, variables);
  for (const auto service : {Service::kDynamoDb, Service::kDynamoDbStreams, Service::kLambda}) {
    EXPECT_EQ(flagged->endpoint(service), "http://localhost:4566");
  }
}

TEST_F(ConfigTest, ProfileEndpointUrlActsLikeAwsEndpointUrl) {
  write_config("[default]\nregion = us-east-1\nendpoint_url = http://profile:9\n");
  const auto config = resolve({}, {{"AWS_ENDPOINT_URL_LAMBDA", "http://lambda:8"}});
  ASSERT_TRUE(config) << config.error().message;
  EXPECT_EQ(config->endpoint(Service::kDynamoDb), "http://profile:9");
  EXPECT_EQ(config->endpoint(Service::kLambda), "http://lambda:8");
  EXPECT_EQ(resolve({}, {{"AWS_ENDPOINT_URL", "http://env:7"}})->endpoint(Service::kDynamoDb),
            "http://env:7");
}

TEST_F(ConfigTest, IgnoreConfiguredEndpointUrlsKeepsOnlyTheFlag) {
  write_config("[default]\nregion = us-east-1\nendpoint_url = http://profile:9\n");
  const auto config =
      resolve({}, {{"AWS_ENDPOINT_URL", "http://env:7"}, {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"}});
  ASSERT_TRUE(config);
  EXPECT_EQ(config->endpoint(Service::kDynamoDb), "https://dynamodb.us-east-1.amazonaws.com");
}

TEST_F(ConfigTest, InvalidEndpointUrlNamesItsOrigin) {
  const auto result = resolve(region_flag("us-east-1"), {{"AWS_ENDPOINT_URL_LAMBDA", "localhost:4566"}});
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "InvalidEndpointUrl");
  EXPECT_TRUE(result.error().message.starts_with("AWS_ENDPOINT_URL_LAMBDA 'localhost:4566'"))
      << result.error().message;
}

TEST_F(ConfigTest, CredentialsAreResolvedLazilyThroughTheChain) {
  const auto config =
      resolve(region_flag("us-east-1"), {{"AWS_ACCESS_KEY_ID", "AKID"}, {"AWS_SECRET_ACCESS_KEY", "SECRET"}});
  ASSERT_TRUE(config);
  ASSERT_NE(config->credentials, nullptr);
  const auto credentials = config->credentials->credentials();
  ASSERT_TRUE(credentials);
  EXPECT_EQ(credentials->access_key_id, "AKID");

  const auto without = resolve(region_flag("us-east-1"));
  ASSERT_TRUE(without);  // a missing credentials source shows only when they are needed
  EXPECT_EQ(without->credentials->credentials().error().code, "NoCredentials");
}

}  // namespace
}  // namespace ddbmv::aws
