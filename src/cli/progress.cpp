#include "cli/progress.h"

#include <fmt/format.h>

#include <cmath>

namespace ddbmv::cli {
namespace {

std::string format_duration(std::chrono::seconds duration) {
  const auto total = duration.count();
  if (total >= 3600) {
    return fmt::format("{}:{:02}:{:02}", total / 3600, (total / 60) % 60, total % 60);
  }
  return fmt::format("{}:{:02}", total / 60, total % 60);
}

}  // namespace

std::string group_thousands(std::int64_t value) {
  std::string digits = std::to_string(value < 0 ? -value : value);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) {
      out += ',';
    }
    out += digits[i];
  }
  return value < 0 ? "-" + out : out;
}

std::string format_progress_line(const migrate::CopyProgress& progress) {
  std::string line =
      fmt::format("{} → {}  {}", progress.source, progress.target, group_thousands(progress.items_copied));
  if (progress.items_estimated > 0) {
    line += "/" + group_thousands(progress.items_estimated);
  }
  line += fmt::format(" items  {} items/s", group_thousands(std::llround(progress.items_per_second)));
  const std::int64_t remaining = progress.items_estimated - progress.items_copied;
  if (progress.items_estimated > 0 && progress.items_per_second > 0 && remaining > 0) {
    line += "  ETA " + format_duration(std::chrono::seconds(
                           static_cast<std::int64_t>(std::ceil(remaining / progress.items_per_second))));
  }
  line += fmt::format("  segments {}/{}", progress.segments_done, progress.total_segments);
  return line;
}

std::string format_summary_line(const migrate::CopyProgress& progress) {
  const double seconds = std::chrono::duration<double>(progress.elapsed).count();
  const double rate = seconds > 0 ? static_cast<double>(progress.items_copied) / seconds : 0;
  return fmt::format("copied {} items from {} to {} in {} ({} items/s)",
                     group_thousands(progress.items_copied), progress.source, progress.target,
                     format_duration(std::chrono::duration_cast<std::chrono::seconds>(progress.elapsed)),
                     group_thousands(std::llround(rate)));
}

std::string format_replication_line(const migrate::ReplicationProgress& progress) {
  std::string line = fmt::format("live {} → {}  {} records applied  ", progress.source, progress.target,
                                 group_thousands(progress.records_applied));
  line += progress.caught_up ? std::string("caught up")
                             : fmt::format("{:.1f} s behind ({} records)", progress.seconds_behind,
                                           group_thousands(progress.records_behind));
  line +=
      fmt::format("  {} records/s  shards {}/{}", group_thousands(std::llround(progress.records_per_second)),
                  progress.shards_done, progress.shards_total);
  return line;
}

void CopyProgressDisplay::update(const migrate::ReplicationProgress& progress) {
  const std::string key = "live:" + progress.source;
  std::lock_guard lock(m_mutex);
  if (!m_terminal) {
    // Time of a log line, not a measurement.
    const auto now = std::chrono::steady_clock::now();
    auto [last, first] = m_last_plain.try_emplace(key, now);
    if (first || now - last->second >= m_plain_interval) {
      last->second = now;
      fmt::print(m_out, "{}\n", format_replication_line(progress));
      std::fflush(m_out);
    }
    return;
  }
  if (!m_lines.contains(key)) {
    m_order.push_back(key);
  }
  m_lines[key] = format_replication_line(progress);
  redraw_locked();
}

void CopyProgressDisplay::update(const migrate::CopyProgress& progress) {
  if (!m_terminal) {
    return;
  }
  std::lock_guard lock(m_mutex);
  if (!m_lines.contains(progress.source)) {
    m_order.push_back(progress.source);
  }
  m_lines[progress.source] = format_progress_line(progress);
  redraw_locked();
}

void CopyProgressDisplay::finish(const migrate::CopyProgress& progress) {
  std::lock_guard lock(m_mutex);
  if (m_terminal) {
    if (!m_lines.contains(progress.source)) {
      m_order.push_back(progress.source);
    }
    m_lines[progress.source] = format_summary_line(progress);
    redraw_locked();
  } else {
    fmt::print(m_out, "{}\n", format_summary_line(progress));
  }
  std::fflush(m_out);
}

void CopyProgressDisplay::redraw_locked() {
  if (m_drawn > 0) {
    fmt::print(m_out, "\x1b[{}F", m_drawn);  // back to the first line drawn
  }
  for (const auto& table : m_order) {
    fmt::print(m_out, "\x1b[2K{}\n", m_lines[table]);
  }
  m_drawn = m_order.size();
  std::fflush(m_out);
}

}  // namespace ddbmv::cli
