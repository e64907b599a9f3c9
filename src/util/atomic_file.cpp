#include "util/atomic_file.h"

#include <fcntl.h>
#include <fmt/core.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>

namespace ddbmv {

namespace {

std::unexpected<Error> write_error(const std::filesystem::path& path, std::string_view step,
                                   int error_number) {
  return fail(
      "FileWriteFailed",
      fmt::format("could not write {}: {} failed: {}", path.string(), step, std::strerror(error_number)),
      "check that the directory exists, is writable and the disk is not full");
}

/// A name beside `path` that no other writer (thread or process) uses at the same time.
std::filesystem::path temporary_path_for(const std::filesystem::path& path) {
  static std::atomic<unsigned long> counter{0};
  auto name = path.filename().string();
  name = fmt::format(".{}.tmp.{}.{}", name, static_cast<long>(::getpid()), counter.fetch_add(1));
  return path.parent_path() / name;
}

Result<void> write_all(int fd, std::string_view contents, const std::filesystem::path& path) {
  while (!contents.empty()) {
    const ssize_t written = ::write(fd, contents.data(), contents.size());
    if (written < 0) {
      if (errno == EINTR) {
        continue;
      }
      return write_error(path, "write", errno);
    }
    contents.remove_prefix(static_cast<std::size_t>(written));
  }
  return {};
}

Result<void> fsync_directory(const std::filesystem::path& directory, const std::filesystem::path& path) {
  const auto name = directory.empty() ? std::filesystem::path(".") : directory;
  const int fd = ::open(name.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return write_error(path, "opening its directory", errno);
  }
  const int result = ::fsync(fd);
  const int saved = errno;
  ::close(fd);
  if (result != 0) {
    return write_error(path, "fsync of its directory", saved);
  }
  return {};
}

}  // namespace

Result<void> write_file_atomically(const std::filesystem::path& path, std::string_view contents,
                                   std::filesystem::perms permissions) {
  const auto temporary = temporary_path_for(path);
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC,
                        static_cast<mode_t>(permissions & std::filesystem::perms::mask));
  if (fd < 0) {
    return write_error(path, "creating a temporary file", errno);
  }
  auto result = write_all(fd, contents, path);
  if (result && ::fsync(fd) != 0) {
    result = write_error(path, "fsync", errno);
  }
  if (::close(fd) != 0 && result) {
    result = write_error(path, "close", errno);
  }
  if (result && ::rename(temporary.c_str(), path.c_str()) != 0) {
    result = write_error(path, "rename", errno);
  }
  if (!result) {
    ::unlink(temporary.c_str());
    return result;
  }
  return fsync_directory(path.parent_path(), path);
}

}  // namespace ddbmv
