#include "migrate/journal/run_lock.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace ddbmv::migrate {
namespace {

class RunLockTest : public ::testing::Test {
 protected:
  void SetUp() override {
    m_directory = std::filesystem::temp_directory_path() /
                  ("ddbmv-lock-test-" + std::to_string(::getpid()) + "-" +
                   ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(m_directory);
    m_path = m_directory / "apply.lock";
  }
  void TearDown() override { std::filesystem::remove_all(m_directory); }

  LockOwner me() const { return LockOwner{::getpid(), "host-a", "apply", "2026-11-25T16:00:00.000Z"}; }
  void write_lock(const std::string& text) { std::ofstream(m_path) << text; }

  std::filesystem::path m_directory;
  std::filesystem::path m_path;
};

TEST_F(RunLockTest, TakesAFreeLockAndReleasesItOnDestruction) {
  {
    auto acquired = RunLock::acquire(m_path, me(), [](int) { return true; });
    ASSERT_TRUE(acquired) << acquired.error().message;
    EXPECT_FALSE(acquired->stale_owner);
    EXPECT_TRUE(std::filesystem::exists(m_path));
  }
  EXPECT_FALSE(std::filesystem::exists(m_path));
}

TEST_F(RunLockTest, LiveOwnerRefusesNamingPidAndHost) {
  write_lock(R"({"pid":4242,"host":"host-a","command":"apply","started":"2026-11-25T15:00:00.000Z"})");
  auto acquired = RunLock::acquire(m_path, me(), [](int pid) { return pid == 4242; });
  ASSERT_FALSE(acquired);
  EXPECT_EQ(acquired.error().code, "Locked");
  EXPECT_NE(acquired.error().message.find("pid 4242"), std::string::npos);
  EXPECT_NE(acquired.error().message.find("host-a"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(m_path));
}

TEST_F(RunLockTest, SecondAcquireInTheSameProcessRefuses) {
  auto first = RunLock::acquire(m_path, me());
  ASSERT_TRUE(first);
  auto second = RunLock::acquire(m_path, me());
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, "Locked");
}

TEST_F(RunLockTest, StaleLockOfADeadProcessIsTakenOverAndReported) {
  write_lock(R"({"pid":4242,"host":"host-a","command":"apply","started":"2026-11-25T15:00:00.000Z"})");
  auto acquired = RunLock::acquire(m_path, me(), [](int) { return false; });
  ASSERT_TRUE(acquired) << acquired.error().message;
  ASSERT_TRUE(acquired->stale_owner);
  EXPECT_EQ(acquired->stale_owner->pid, 4242);
  std::ifstream in(m_path);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_NE(text.find(std::to_string(::getpid())), std::string::npos);
}

TEST_F(RunLockTest, TornLockFileIsTreatedAsStale) {
  write_lock("{\"pid\":12");
  auto acquired = RunLock::acquire(m_path, me(), [](int) { return true; });
  ASSERT_TRUE(acquired) << acquired.error().message;
  EXPECT_TRUE(acquired->stale_owner);
}

TEST_F(RunLockTest, LockOfAnotherHostRefuses) {
  write_lock(R"({"pid":4242,"host":"host-b","command":"apply","started":"2026-11-25T15:00:00.000Z"})");
  auto acquired = RunLock::acquire(m_path, me(), [](int) { return false; });
  ASSERT_FALSE(acquired);
  EXPECT_NE(acquired.error().message.find("host-b"), std::string::npos);
}

TEST(ProcessAlive, SeesItselfAndNotAnImpossiblePid) {
  EXPECT_TRUE(process_alive(::getpid()));
  EXPECT_FALSE(process_alive(999'999'999));
}

}  // namespace
}  // namespace ddbmv::migrate
