#pragma once
/// A read-only parallel Scan: every segment of a table, a few at a time, each page handed to a
/// visitor on the thread that scanned it. Used by verify (and anything else that reads a whole table).

#include <functional>
#include <string>

#include "migrate/copy/scan_page.h"
#include "migrate/copy/table_data_plane.h"
#include "util/error.h"

namespace ddbmv::migrate {

struct ParallelScanOptions {
  int total_segments = 1;
  int threads = 4;  ///< scanning threads; worker indexes are 0 .. threads-1
  bool consistent_read = true;
  int page_items = kScanPageItems;  ///< Scan Limit (items per page); 0: none (1 MB pages)
};

/// Calls `visit(worker, page)` for every page of every segment; `worker` identifies the calling
/// thread (so visitors keep per-thread state without locks). Stops at the first failure, from Scan or
/// from a visitor, and returns it naming the table and segment.
Result<void> parallel_scan(const TableDataPlane& plane, const std::string& table,
                           const ParallelScanOptions& options,
                           const std::function<Result<void>(int worker, const ScannedPage& page)>& visit);

}  // namespace ddbmv::migrate
