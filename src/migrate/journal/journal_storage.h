#pragma once
/// Where append-only line files (the journal, CHANGES.log) live: a file on disk, fsync'd after every
/// line, or memory for tests.

#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>

#include "util/error.h"

namespace ddbmv::migrate {

class JournalStorage {
 public:
  virtual ~JournalStorage() = default;
  /// Appends `line` and a newline; the line is durable (fsync'd) when this returns successfully.
  virtual Result<void> append(std::string_view line) = 0;
  /// Everything written so far (empty when nothing was, or the file does not exist).
  virtual Result<std::string> read_all() const = 0;
  /// Cuts the content back to its first `size` bytes: used only to drop a torn last line left by a
  /// crash in the middle of a write.
  virtual Result<void> truncate(std::size_t size) = 0;
  /// What to call it in messages: the file's path, or "(memory)".
  virtual std::string describe() const = 0;
};

/// A file opened for appending (O_APPEND), written with one write() per line and fsync'd after each;
/// the directory is fsync'd once when the file is created.
class FileJournalStorage final : public JournalStorage {
 public:
  explicit FileJournalStorage(std::filesystem::path path);
  ~FileJournalStorage() override;
  FileJournalStorage(const FileJournalStorage&) = delete;
  FileJournalStorage& operator=(const FileJournalStorage&) = delete;

  Result<void> append(std::string_view line) override;
  Result<std::string> read_all() const override;
  Result<void> truncate(std::size_t size) override;
  std::string describe() const override { return m_path.string(); }

 private:
  Result<void> open_for_append();

  std::filesystem::path m_path;
  int m_fd = -1;
  std::mutex m_mutex;
};

/// Lines kept in a string; tests read and tamper with it through content()/set_content().
class MemoryJournalStorage final : public JournalStorage {
 public:
  MemoryJournalStorage() = default;
  explicit MemoryJournalStorage(std::string content) : m_content(std::move(content)) {}

  Result<void> append(std::string_view line) override;
  Result<std::string> read_all() const override;
  Result<void> truncate(std::size_t size) override;
  std::string describe() const override { return "(memory)"; }

  std::string content() const;
  void set_content(std::string content);

 private:
  mutable std::mutex m_mutex;
  std::string m_content;
};

}  // namespace ddbmv::migrate
