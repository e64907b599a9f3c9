#pragma once
/// `apply.lock` beside the plan: one mutating ddbmv run per plan at a time. Created with O_EXCL and
/// holding the owner's pid, host, command and start time; a lock whose owner is gone (pid not alive on
/// this host) is stale and taken over; a live one refuses, naming pid and host.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "util/error.h"

namespace ddbmv::migrate {

struct LockOwner {
  int pid = 0;
  std::string host;
  std::string command;  ///< "apply", "rollback", ...
  std::string started;  ///< ISO 8601 UTC
};

/// Whether a process with this pid exists on this host (kill(pid, 0)); injectable for tests.
using IsProcessAlive = std::function<bool(int pid)>;
bool process_alive(int pid);
/// This machine's host name.
std::string this_host();

class RunLock {
 public:
  struct Acquired;

  /// Takes the lock at `path` for `me`. A lock left by a process that no longer runs on this host, or
  /// an unreadable (torn) one, is taken over and reported in Acquired::stale_owner. Fails with code
  /// "Locked" when a live process (or one on another host) holds it.
  static Result<Acquired> acquire(const std::filesystem::path& path, const LockOwner& me,
                                  const IsProcessAlive& is_alive = process_alive);

  RunLock(RunLock&& other) noexcept;
  RunLock& operator=(RunLock&& other) noexcept;
  RunLock(const RunLock&) = delete;
  RunLock& operator=(const RunLock&) = delete;
  /// Removes the lock file.
  ~RunLock();

  const std::filesystem::path& path() const { return m_path; }

 private:
  explicit RunLock(std::filesystem::path path) : m_path(std::move(path)) {}
  std::filesystem::path m_path;  ///< empty once moved from
};

struct RunLock::Acquired {
  RunLock lock;
  std::optional<LockOwner> stale_owner;  ///< set when a stale lock was taken over
};

}  // namespace ddbmv::migrate
