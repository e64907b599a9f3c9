#include "cli/test_hooks.h"

#include <fmt/core.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>

#include "util/time_format.h"

namespace ddbmv::cli {

namespace {

/// A "<step>[@<event>]" spec (event defaults to "done") as a predicate on records.
std::function<bool(const migrate::JournalRecord&)> matcher(std::string text) {
  std::string event = "done";
  if (const auto at = text.rfind('@'); at != std::string::npos) {
    event = text.substr(at + 1);
    text.resize(at);
  }
  return [text, event](const migrate::JournalRecord& record) {
    return record.step == text && migrate::to_string(record.event) == event;
  };
}

migrate::Journal::AppendHook crash_hook(const char* spec) {
  std::string text(spec);
  if (text.starts_with("#")) {
    const long target = std::strtol(text.c_str() + 1, nullptr, 10);
    auto count = std::make_shared<long>(0);
    return [target, count](const migrate::JournalRecord&) {
      if (++*count == target) {
        ::_exit(137);
      }
    };
  }
  auto matches = matcher(text);
  return [matches](const migrate::JournalRecord& record) {
    if (matches(record)) {
      ::_exit(137);
    }
  };
}

migrate::Journal::AppendHook pause_hook(const char* spec, const char* directory) {
  auto matches = matcher(spec);
  const std::filesystem::path dir(directory == nullptr ? "." : directory);
  return [matches, dir](const migrate::JournalRecord& record) {
    if (!matches(record)) {
      return;
    }
    std::ofstream(dir / "paused") << ::getpid() << "\n";
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
    while (!std::filesystem::exists(dir / "resume") && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  };
}

/// The system clock shifted so that it read `start` when made.
class ShiftedClock final : public Clock {
 public:
  explicit ShiftedClock(TimePoint start) : m_offset(start - std::chrono::system_clock::now()) {}
  TimePoint now() const override { return std::chrono::system_clock::now() + m_offset; }
  void sleep_for(std::chrono::milliseconds duration) const override { m_system.sleep_for(duration); }

 private:
  std::chrono::system_clock::duration m_offset;
  SystemClock m_system;
};

}  // namespace

migrate::Journal::AppendHook test_hooks_from_environment() {
  const char* crash = std::getenv("DDBMV_TEST_CRASH_AFTER");
  const char* pause = std::getenv("DDBMV_TEST_PAUSE_AFTER");
  migrate::Journal::AppendHook crash_after = crash != nullptr && *crash != '\0' ? crash_hook(crash) : nullptr;
  migrate::Journal::AppendHook pause_after =
      pause != nullptr && *pause != '\0' ? pause_hook(pause, std::getenv("DDBMV_TEST_PAUSE_DIR")) : nullptr;
  if (!crash_after && !pause_after) {
    return {};
  }
  return [crash_after, pause_after](const migrate::JournalRecord& record) {
    if (pause_after) {
      pause_after(record);
    }
    if (crash_after) {
      crash_after(record);
    }
  };
}

Result<std::shared_ptr<const Clock>> clock_from_environment(std::shared_ptr<const Clock> clock) {
  const char* now = std::getenv("DDBMV_NOW");
  if (now == nullptr || *now == '\0') {
    return clock;
  }
  auto start = parse_iso8601(now);
  if (!start) {
    return fail("InvalidDuration", fmt::format("DDBMV_NOW='{}' is not an ISO 8601 time", now),
                "unset it (it is a test hook), or write e.g. 2026-12-02T16:00:00Z");
  }
  return std::make_shared<ShiftedClock>(*start);
}

}  // namespace ddbmv::cli
