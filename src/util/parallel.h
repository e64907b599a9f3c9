#pragma once
/// A small fork-join helper for independent reads.

#include <cstddef>
#include <functional>

namespace ddbmv {

/// Runs `task(i)` for every i in [0, count) on up to `workers` threads (the caller's thread when one
/// is enough); returns when all are done. `task` must be safe to run concurrently.
void run_parallel(std::size_t count, std::size_t workers, const std::function<void(std::size_t)>& task);

}  // namespace ddbmv
