#include "util/atomic_file.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "support/temp_dir.h"

namespace ddbmv {
namespace {

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(AtomicFile, CreatesThenReplacesContentsLeavingNoTemporaryFile) {
  testing::TempDir dir;
  const auto path = dir.path() / "plan.json";
  ASSERT_TRUE(write_file_atomically(path, "first"));
  EXPECT_EQ(read(path), "first");
  ASSERT_TRUE(write_file_atomically(path, "second, longer"));
  EXPECT_EQ(read(path), "second, longer");
  std::size_t entries = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) {
    ++entries;
  }
  EXPECT_EQ(entries, 1u);
}

TEST(AtomicFile, AppliesRequestedPermissions) {
  testing::TempDir dir;
  const auto path = dir.path() / "secret";
  ASSERT_TRUE(write_file_atomically(
      path, "x", std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
  EXPECT_EQ(std::filesystem::status(path).permissions() & std::filesystem::perms::mask,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

TEST(AtomicFile, FailureNamesTheFileAndLeavesNothingBehind) {
  testing::TempDir dir;
  const auto path = dir.path() / "missing-dir" / "journal.jsonl";
  const auto result = write_file_atomically(path, "data");
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "FileWriteFailed");
  EXPECT_NE(result.error().message.find(path.string()), std::string::npos) << result.error().message;
  EXPECT_FALSE(std::filesystem::exists(dir.path() / "missing-dir"));
}

}  // namespace
}  // namespace ddbmv
