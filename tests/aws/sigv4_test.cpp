// Replays AWS's SigV4 test suite (../shared/testdata/sigv4, see its SOURCE.md): one test per case
// folder, comparing the canonical request, string to sign and signature byte for byte.

#include "aws/sigv4.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "util/time_format.h"

namespace ddbmv::aws::sigv4 {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kSuiteCaseCount = 38;

fs::path suite_dir() {
  return fs::path(DDBMV_SIGV4_SUITE_DIR);
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

/// The case folders: every directory in the suite holding a request.txt.
std::vector<std::string> suite_cases() {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : fs::directory_iterator(suite_dir(), error)) {
    if (entry.is_directory() && fs::exists(entry.path() / "request.txt")) {
      names.push_back(entry.path().filename().string());
    }
  }
  std::ranges::sort(names);
  return names;
}

/// Parses a raw HTTP request as the suite writes it: request line, headers (a line starting with
/// whitespace continues the previous value), a blank line, the body.
HttpRequest parse_request(const std::string& raw) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  std::string body;
  while (pos <= raw.size()) {
    auto end = raw.find('\n', pos);
    if (end == std::string::npos) {
      end = raw.size();
    }
    std::string line = raw.substr(pos, end - pos);
    if (line.ends_with('\r')) {
      line.pop_back();
    }
    pos = end + 1;
    if (line.empty() && !lines.empty()) {
      body = pos <= raw.size() ? raw.substr(pos) : std::string{};
      break;
    }
    if (!line.empty()) {
      lines.push_back(std::move(line));
    }
  }
  HttpRequest request;
  const auto& request_line = lines.at(0);
  const auto first_space = request_line.find(' ');
  const auto last_space = request_line.rfind(' ');
  request.method = request_line.substr(0, first_space);
  const auto target = request_line.substr(first_space + 1, last_space - first_space - 1);
  const auto question = target.find('?');
  request.path = target.substr(0, question);
  request.query = question == std::string::npos ? std::string{} : target.substr(question + 1);
  for (std::size_t i = 1; i < lines.size(); ++i) {
    const auto& line = lines[i];
    if ((line[0] == ' ' || line[0] == '\t') && !request.headers.empty()) {
      request.headers.back().second += "\n" + line;
      continue;
    }
    const auto colon = line.find(':');
    request.headers.emplace_back(line.substr(0, colon), line.substr(colon + 1));
  }
  request.endpoint = "https://example.amazonaws.com";
  request.body = std::move(body);
  return request;
}

/// The Authorization line of header-signed-request.txt.
std::string expected_authorization(const std::string& signed_request) {
  constexpr std::string_view kPrefix = "Authorization:";
  const auto start = signed_request.find(kPrefix);
  const auto end = signed_request.find('\n', start);
  return signed_request.substr(start + kPrefix.size(), end - start - kPrefix.size());
}

class Sigv4Suite : public ::testing::TestWithParam<std::string> {};

TEST(Sigv4SuiteFolder, HoldsAllThirtyEightCases) {
  EXPECT_EQ(suite_cases().size(), kSuiteCaseCount)
      << "the AWS SigV4 suite was not found (or is incomplete) at " << suite_dir()
      << "; configure with -DDDBMV_SIGV4_SUITE_DIR=<path to shared/testdata/sigv4>";
}

TEST_P(Sigv4Suite, ReproducesAwsSuiteCase) {
  const auto dir = suite_dir() / GetParam();
  const auto context = nlohmann::json::parse(read_file(dir / "context.json"));
  Credentials credentials;
  credentials.access_key_id = context["credentials"]["access_key_id"];
  credentials.secret_access_key = context["credentials"]["secret_access_key"];
  credentials.session_token = context["credentials"].value("token", "");
  const Scope scope{context["region"], context["service"]};
  const auto time = parse_iso8601(context["timestamp"].get<std::string>());
  ASSERT_TRUE(time.has_value());
  Options options;
  options.normalize_path = context.value("normalize", true);
  options.sign_body = context.value("sign_body", false);
  options.omit_session_token = context.value("omit_session_token", false);

  const auto request = parse_request(read_file(dir / "request.txt"));
  const auto result = sign(request, credentials, scope, *time, options);

  EXPECT_EQ(result.canonical_request, read_file(dir / "header-canonical-request.txt"));
  EXPECT_EQ(result.string_to_sign, read_file(dir / "header-string-to-sign.txt"));
  EXPECT_EQ(result.signature, read_file(dir / "header-signature.txt"));
  EXPECT_EQ(result.authorization, expected_authorization(read_file(dir / "header-signed-request.txt")));
}

INSTANTIATE_TEST_SUITE_P(Aws, Sigv4Suite, ::testing::ValuesIn(suite_cases()),
                         [](const ::testing::TestParamInfo<std::string>& param) {
                           auto name = param.param;
                           std::ranges::replace(name, '-', '_');
                           return name;
                         });

}  // namespace
}  // namespace ddbmv::aws::sigv4
