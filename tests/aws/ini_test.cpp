#include "aws/ini.h"

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace ddbmv::aws {
namespace {

TEST(Ini, ParsesSectionsKeysCommentsAndWhitespace) {
  const auto file = parse_ini(
      "# a comment\n"
      "; another\n"
      "\n"
      "[default]\n"
      "region = us-east-1   # inline comment\n"
      "Output=json\n"
      "[ profile dev ]  ; trailing comment\n"
      "  \n"
      "aws_access_key_id   =   AKIDDEV  \r\n"
      "credential_process = /bin/sh -c 'echo a;b' #x\n",
      "config");
  ASSERT_TRUE(file) << file.error().message;
  const auto* defaults = file->section("default");
  ASSERT_NE(defaults, nullptr);
  EXPECT_EQ(defaults->values.at("region"), "us-east-1");
  EXPECT_EQ(defaults->values.at("output"), "json");
  EXPECT_EQ(defaults->line, 4);
  const auto* dev = file->section("profile dev");
  ASSERT_NE(dev, nullptr);
  EXPECT_EQ(dev->values.at("aws_access_key_id"), "AKIDDEV");
  EXPECT_EQ(dev->values.at("credential_process"), "/bin/sh -c 'echo a;b'");
}

TEST(Ini, SkipsNestedSubSections) {
  const auto file = parse_ini(
      "[profile dev]\n"
      "s3 =\n"
      "  max_concurrent_requests = 20\n"
      "  region = should-not-leak\n"
      "region = eu-west-1\n",
      "config");
  ASSERT_TRUE(file) << file.error().message;
  EXPECT_EQ(file->section("profile dev")->values.at("region"), "eu-west-1");
  EXPECT_EQ(file->section("profile dev")->values.at("s3"), "");
  EXPECT_EQ(file->section("profile dev")->values.size(), 2u);
}

TEST(Ini, MergesRepeatedSectionsLaterValuesWinning) {
  const auto file = parse_ini("[a]\nx = 1\ny = 2\n[b]\n[a]\nx = 3\n", "f");
  ASSERT_TRUE(file);
  EXPECT_EQ(file->section("a")->values.at("x"), "3");
  EXPECT_EQ(file->section("a")->values.at("y"), "2");
}

struct MalformedCase {
  const char* text;
  int line;
};

TEST(Ini, MalformedLinesNameFileAndLineButNotTheLine) {
  const MalformedCase cases[] = {
      {"[default]\naws_secret_access_key wJalrSECRET\n", 2},
      {"aws_secret_access_key = wJalrSECRET\n", 1},
      {"[default\nregion = x\n", 1},
      {"[default]\n = wJalrSECRET\n", 2},
      {"  wJalrSECRET = 1\n", 1},
      {"[]\n", 1},
      {"[default] wJalrSECRET\n", 1},
  };
  for (const auto& malformed : cases) {
    const auto file = parse_ini(malformed.text, "/home/u/.aws/credentials");
    ASSERT_FALSE(file) << malformed.text;
    EXPECT_EQ(file.error().code, "MalformedConfigFile");
    EXPECT_NE(file.error().message.find("/home/u/.aws/credentials line " + std::to_string(malformed.line)),
              std::string::npos)
        << file.error().message;
    EXPECT_EQ(file.error().message.find("wJalrSECRET"), std::string::npos) << file.error().message;
    EXPECT_EQ(file.error().hint.find("wJalrSECRET"), std::string::npos);
  }
}

TEST(Ini, MissingFileIsAbsentNotAnError) {
  testing::TempDir dir;
  const auto result = load_ini(dir.path() / "nope");
  ASSERT_TRUE(result);
  EXPECT_FALSE(result->has_value());
}

TEST(Ini, LoadsAnEmptyFile) {
  testing::TempDir dir;
  const auto result = load_ini(dir.write("config", ""));
  ASSERT_TRUE(result) << result.error().message;
  ASSERT_TRUE(result->has_value());
  EXPECT_TRUE((*result)->sections.empty());
}

TEST(Ini, ADirectoryIsUnreadable) {
  testing::TempDir dir;
  const auto result = load_ini(dir.path());
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "UnreadableConfigFile");
}

}  // namespace
}  // namespace ddbmv::aws
