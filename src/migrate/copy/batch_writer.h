#pragma once
/// One BatchWriteItem batch written to the end: UnprocessedItems and throttling are retried with
/// capped exponential backoff and full jitter until every request is written. Used by the copy's
/// writer pool and by the live-writes catch-up (#7), which also needs deletes.

#include <chrono>
#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "migrate/copy/rate_limiter.h"
#include "migrate/copy/table_data_plane.h"
#include "util/clock.h"
#include "util/error.h"

namespace ddbmv::migrate {

/// BatchWriteItem's limits.
inline constexpr std::size_t kMaxBatchItems = 25;
inline constexpr std::size_t kMaxBatchBytes = 16u << 20;

struct WriteRequest {
  enum class Kind { kPut, kDelete };
  Kind kind = Kind::kPut;
  std::string json;  ///< the Item (put) or the Key (delete) as AttributeValue-map JSON text
};

struct BackoffPolicy {
  std::chrono::milliseconds base_delay{50};
  std::chrono::milliseconds max_delay{5'000};
  /// Consecutive attempts that write nothing before giving up with an Error (never silently).
  int max_attempts_without_progress = 60;
  /// Uniform random in [0, 1); empty: a thread-local PRNG.
  std::function<double()> random;

  /// random() * min(max_delay, base_delay * 2^attempt) for attempt = 0, 1, ...
  std::chrono::milliseconds delay(int attempt) const;
};

/// Writes one batch: at most kMaxBatchItems requests, no two on the same key, for `table`.
class BatchWriter {
 public:
  /// `limiter` may be null (no rate cap); plane, clock and limiter must outlive the writer.
  BatchWriter(const TableDataPlane& plane, std::string table, const Clock& clock, RateLimiter* limiter,
              BackoffPolicy backoff = {});

  /// Writes every request, resending UnprocessedItems until none is left. Each request is counted
  /// against the rate limit when sent (resends too: they consume capacity). Fails (naming the table)
  /// on a non-retryable error or when no progress is made for max_attempts_without_progress tries.
  /// Thread-safe.
  Result<void> write(std::span<const WriteRequest> requests) const;

  /// The same with a body already built by build_batch_body (the copy's hot path); `count` items.
  Result<void> write_body(std::string body, std::int64_t count) const;

  const std::string& table() const { return m_table; }

 private:
  const TableDataPlane& m_plane;
  std::string m_table;
  const Clock& m_clock;
  RateLimiter* m_limiter;
  BackoffPolicy m_backoff;
};

/// `{"RequestItems":{"<table>":[{"PutRequest":{"Item":...}},{"DeleteRequest":{"Key":...}}]}}`
std::string build_batch_body(const std::string& table, std::span<const WriteRequest> requests);

}  // namespace ddbmv::migrate
