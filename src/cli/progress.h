#pragma once
/// The copy's progress for a person: on a terminal one line per table, redrawn in place (items,
/// items/s, ETA from the table's item count); otherwise one summary line per table when it ends.

#include <chrono>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "migrate/copy/copy_engine.h"
#include "migrate/streams/stream_replicator.h"

namespace ddbmv::cli {

/// "src → dst  12,345/20,000 items  1,234 items/s  ETA 0:07  segments 3/4"
std::string format_progress_line(const migrate::CopyProgress& progress);

/// "copied 20,000 items from src to dst in 0:16 (1,250 items/s)"
std::string format_summary_line(const migrate::CopyProgress& progress);

/// "live src → dst  1,234 records applied  2.1 s behind (12 records)  310 records/s  shards 1/1"
std::string format_replication_line(const migrate::ReplicationProgress& progress);

/// "1,234,567"
std::string group_thousands(std::int64_t value);

class CopyProgressDisplay {
 public:
  /// `terminal`: redraw lines in place on `out`; otherwise print only summaries.
  CopyProgressDisplay(std::FILE* out, bool terminal) : m_out(out), m_terminal(terminal) {}

  /// Records a table's progress and, on a terminal, redraws. Thread-safe (tables copy in parallel).
  void update(const migrate::CopyProgress& progress);

  /// The table is done: on a terminal its line is redrawn one last time; then the summary line.
  void finish(const migrate::CopyProgress& progress);

  /// A replication's lag: on a terminal its own line, redrawn; otherwise a line every
  /// `plain_interval` per table (so a log shows the lag too). Thread-safe.
  void update(const migrate::ReplicationProgress& progress);

 private:
  void redraw_locked();

  std::FILE* m_out;
  bool m_terminal;
  std::mutex m_mutex;
  std::vector<std::string> m_order;  ///< tables in the order they first reported
  std::map<std::string, std::string> m_lines;
  std::size_t m_drawn = 0;                                                    ///< lines currently on screen
  std::map<std::string, std::chrono::steady_clock::time_point> m_last_plain;  ///< per replication
  std::chrono::seconds m_plain_interval{5};
};

}  // namespace ddbmv::cli
