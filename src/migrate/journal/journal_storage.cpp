#include "migrate/journal/journal_storage.h"

#include <fcntl.h>
#include <fmt/core.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace ddbmv::migrate {

namespace {

std::unexpected<Error> io_failure(const std::filesystem::path& path, std::string_view what,
                                  int error_number) {
  return fail("JournalIoError",
              fmt::format("cannot {} {}: {}", what, path.string(), std::strerror(error_number)),
              "check that the plan's directory is writable and the disk is not full, then re-run");
}

void fsync_directory(const std::filesystem::path& file) {
  const auto directory = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

FileJournalStorage::FileJournalStorage(std::filesystem::path path) : m_path(std::move(path)) {}

FileJournalStorage::~FileJournalStorage() {
  if (m_fd >= 0)
    ::close(m_fd);
}

Result<void> FileJournalStorage::open_for_append() {
  if (m_fd >= 0)
    return {};
  const bool existed = std::filesystem::exists(m_path);
  m_fd = ::open(m_path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (m_fd < 0)
    return io_failure(m_path, "open", errno);
  if (!existed)
    fsync_directory(m_path);
  return {};
}

Result<void> FileJournalStorage::append(std::string_view line) {
  std::lock_guard lock(m_mutex);
  if (auto opened = open_for_append(); !opened)
    return opened;
  std::string buffer;
  buffer.reserve(line.size() + 1);
  buffer.append(line);
  buffer.push_back('\n');
  std::size_t written = 0;
  while (written < buffer.size()) {
    const ssize_t n = ::write(m_fd, buffer.data() + written, buffer.size() - written);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      return io_failure(m_path, "append to", errno);
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fsync(m_fd) != 0)
    return io_failure(m_path, "fsync", errno);
  return {};
}

Result<std::string> FileJournalStorage::read_all() const {
  std::ifstream in(m_path, std::ios::binary);
  if (!in) {
    if (!std::filesystem::exists(m_path))
      return std::string{};
    return io_failure(m_path, "read", errno);
  }
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

Result<void> FileJournalStorage::truncate(std::size_t size) {
  std::lock_guard lock(m_mutex);
  if (::truncate(m_path.c_str(), static_cast<off_t>(size)) != 0)
    return io_failure(m_path, "truncate", errno);
  const int fd = ::open(m_path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  return {};
}

Result<void> MemoryJournalStorage::append(std::string_view line) {
  std::lock_guard lock(m_mutex);
  m_content.append(line);
  m_content.push_back('\n');
  return {};
}

Result<std::string> MemoryJournalStorage::read_all() const {
  std::lock_guard lock(m_mutex);
  return m_content;
}

Result<void> MemoryJournalStorage::truncate(std::size_t size) {
  std::lock_guard lock(m_mutex);
  if (size < m_content.size())
    m_content.resize(size);
  return {};
}

std::string MemoryJournalStorage::content() const {
  std::lock_guard lock(m_mutex);
  return m_content;
}

void MemoryJournalStorage::set_content(std::string content) {
  std::lock_guard lock(m_mutex);
  m_content = std::move(content);
}

}  // namespace ddbmv::migrate
