#include "util/parallel.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace ddbmv {

void run_parallel(std::size_t count, std::size_t workers, const std::function<void(std::size_t)>& task) {
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i = next++; i < count; i = next++) {
      task(i);
    }
  };
  std::size_t threads = std::min(count, std::max<std::size_t>(workers, 1));
  if (threads <= 1) {
    work();
    return;
  }
  std::vector<std::jthread> pool;
  pool.reserve(threads);
  for (std::size_t i = 0; i < threads; ++i) {
    pool.emplace_back(work);
  }
}

}  // namespace ddbmv
