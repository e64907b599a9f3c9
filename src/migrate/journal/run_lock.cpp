#include "migrate/journal/run_lock.h"

#include <fcntl.h>
#include <fmt/core.h>
#include <signal.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

namespace ddbmv::migrate {

namespace {

std::optional<LockOwner> read_owner(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in)
    return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  const auto json = nlohmann::json::parse(text.str(), nullptr, false);
  if (json.is_discarded() || !json.is_object() || !json.contains("pid") || !json["pid"].is_number_integer()) {
    return std::nullopt;
  }
  return LockOwner{json["pid"].get<int>(), json.value("host", ""), json.value("command", ""),
                   json.value("started", "")};
}

Result<bool> try_create(const std::filesystem::path& path, const LockOwner& me) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) {
    if (errno == EEXIST)
      return false;
    return fail("LockError", fmt::format("cannot create lock {}: {}", path.string(), std::strerror(errno)),
                "check that the plan's directory is writable");
  }
  const std::string text =
      nlohmann::json{{"pid", me.pid}, {"host", me.host}, {"command", me.command}, {"started", me.started}}
          .dump() +
      "\n";
  const bool ok =
      ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    std::filesystem::remove(path);
    return fail("LockError", fmt::format("cannot write lock {}", path.string()), "check free disk space");
  }
  return true;
}

}  // namespace

bool process_alive(int pid) {
  return pid > 0 && (::kill(pid, 0) == 0 || errno == EPERM);
}

std::string this_host() {
  std::array<char, 256> name{};
  if (::gethostname(name.data(), name.size() - 1) != 0)
    return "unknown";
  return name.data();
}

Result<RunLock::Acquired> RunLock::acquire(const std::filesystem::path& path, const LockOwner& me,
                                           const IsProcessAlive& is_alive) {
  std::optional<LockOwner> stale;
  // Two rounds: the first may find a stale lock and remove it; the second must then win or lose fairly.
  for (int round = 0; round < 2; ++round) {
    auto created = try_create(path, me);
    if (!created)
      return std::unexpected(created.error());
    if (*created)
      return Acquired{RunLock(path), stale};
    auto owner = read_owner(path);
    if (owner && owner->host != me.host) {
      return fail(
          "Locked",
          fmt::format("another ddbmv {} holds {} (pid {} on host {}, since {}); ddbmv cannot tell from "
                      "here whether it still runs",
                      owner->command.empty() ? "run" : owner->command, path.string(), owner->pid, owner->host,
                      owner->started),
          fmt::format("wait for it to finish; if it is certainly gone, delete {} and re-run", path.string()));
    }
    if (owner && is_alive(owner->pid)) {
      return fail("Locked",
                  fmt::format("another ddbmv {} is running on this plan (pid {} on host {}, since {})",
                              owner->command.empty() ? "run" : owner->command, owner->pid, owner->host,
                              owner->started),
                  "wait for it to finish (or stop it), then re-run; it continues from the journal");
    }
    stale = owner.value_or(LockOwner{0, me.host, "unknown", "unknown"});
    std::error_code ignored;
    std::filesystem::remove(path, ignored);
  }
  return fail("Locked",
              fmt::format("could not take the lock {}: another process took it meanwhile", path.string()),
              "wait for the other run to finish, then re-run");
}

RunLock::RunLock(RunLock&& other) noexcept : m_path(std::move(other.m_path)) {
  other.m_path.clear();
}

RunLock& RunLock::operator=(RunLock&& other) noexcept {
  if (this != &other) {
    if (!m_path.empty()) {
      std::error_code ignored;
      std::filesystem::remove(m_path, ignored);
    }
    m_path = std::move(other.m_path);
    other.m_path.clear();
  }
  return *this;
}

RunLock::~RunLock() {
  if (!m_path.empty()) {
    std::error_code ignored;
    std::filesystem::remove(m_path, ignored);
  }
}

}  // namespace ddbmv::migrate
