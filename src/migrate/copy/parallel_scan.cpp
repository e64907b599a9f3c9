#include "migrate/copy/parallel_scan.h"

#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace ddbmv::migrate {

Result<void> parallel_scan(const TableDataPlane& plane, const std::string& table,
                           const ParallelScanOptions& options,
                           const std::function<Result<void>(int worker, const ScannedPage& page)>& visit) {
  std::atomic<int> next{0};
  std::atomic<bool> failed{false};
  std::mutex mutex;
  std::optional<Error> first_error;
  auto record = [&](int segment, const Error& cause) {
    std::lock_guard lock(mutex);
    failed = true;
    if (!first_error) {
      first_error = Error{cause.code,
                          fmt::format("scanning table {} failed in segment {} of {}: {}", table, segment,
                                      options.total_segments, cause.message),
                          cause.hint};
    }
  };
  auto worker_loop = [&](int worker) {
    while (!failed) {
      const int segment = next.fetch_add(1);
      if (segment >= options.total_segments) {
        return;
      }
      ScanInput input{table,
                      segment,
                      options.total_segments,
                      nullptr,
                      options.consistent_read,
                      options.page_items > 0 ? std::optional(options.page_items) : std::nullopt};
      while (!failed) {
        auto response = plane.scan_raw(build_scan_body(input));
        if (!response) {
          record(segment, response.error().to_error());
          return;
        }
        auto page = ScannedPage::parse(std::move(*response));
        if (!page) {
          record(segment, page.error());
          return;
        }
        if (auto visited = visit(worker, *page); !visited) {
          record(segment, visited.error());
          return;
        }
        if (page->last_evaluated_key().is_null()) {
          break;
        }
        input.exclusive_start_key = page->last_evaluated_key();
      }
    }
  };
  const int threads = std::clamp(options.threads, 1, std::max(1, options.total_segments));
  std::vector<std::thread> workers;
  for (int i = 1; i < threads; ++i) {
    workers.emplace_back(worker_loop, i);
  }
  worker_loop(0);
  for (auto& worker : workers) {
    worker.join();
  }
  if (first_error) {
    return std::unexpected(*first_error);
  }
  return {};
}

}  // namespace ddbmv::migrate
