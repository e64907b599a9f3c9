#include "migrate/copy/batch_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <random>

#include "util/raw_json.h"

namespace ddbmv::migrate {
namespace {

double thread_random() {
  thread_local std::mt19937_64 engine{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

}  // namespace

std::chrono::milliseconds BackoffPolicy::delay(int attempt) const {
  const double ceiling = std::min(
      static_cast<double>(max_delay.count()),
      static_cast<double>(base_delay.count()) * static_cast<double>(1LL << std::clamp(attempt, 0, 30)));
  const double r = random ? random() : thread_random();
  return std::chrono::milliseconds(static_cast<std::int64_t>(r * ceiling));
}

std::string build_batch_body(const std::string& table, std::span<const WriteRequest> requests) {
  std::string body = R"({"RequestItems":{)" + nlohmann::json(table).dump() + ":[";
  bool first = true;
  for (const auto& request : requests) {
    if (!first) {
      body += ',';
    }
    first = false;
    if (request.kind == WriteRequest::Kind::kPut) {
      body += R"({"PutRequest":{"Item":)";
    } else {
      body += R"({"DeleteRequest":{"Key":)";
    }
    body += request.json;
    body += "}}";
  }
  body += "]}}";
  return body;
}

BatchWriter::BatchWriter(const TableDataPlane& plane, std::string table, const Clock& clock,
                         RateLimiter* limiter, BackoffPolicy backoff)
    : m_plane(plane),
      m_table(std::move(table)),
      m_clock(clock),
      m_limiter(limiter),
      m_backoff(std::move(backoff)) {}

Result<void> BatchWriter::write(std::span<const WriteRequest> requests) const {
  if (requests.empty()) {
    return {};
  }
  return write_body(build_batch_body(m_table, requests), static_cast<std::int64_t>(requests.size()));
}

Result<void> BatchWriter::write_body(std::string body, std::int64_t count) const {
  std::int64_t pending = count;
  int retries = 0;
  int without_progress = 0;
  if (m_limiter != nullptr) {
    m_limiter->acquire(pending);
  }
  while (true) {
    auto response = m_plane.batch_write_raw(body);
    std::int64_t left = pending;
    if (!response) {
      const aws::AwsError& error = response.error();
      if (!error.retryable) {
        return fail(
            error.code,
            fmt::format("BatchWriteItem to table {} failed: {} ({})", m_table, error.message, error.code),
            "fix the cause and re-run apply: the copy resumes from its last checkpoint");
      }
      // Throttling that outlasted the client's own retries: keep the same body and back off further.
    } else {
      auto unprocessed = raw_json::find_member(*response, "UnprocessedItems");
      if (!unprocessed || raw_json::is_empty_object(*unprocessed)) {
        return {};
      }
      auto ours = raw_json::find_member(*unprocessed, m_table);
      auto items = ours ? raw_json::elements(*ours) : std::nullopt;
      if (!items) {
        return fail(
            "InvalidResponse",
            fmt::format("BatchWriteItem to table {} returned UnprocessedItems ddbmv cannot read", m_table));
      }
      left = static_cast<std::int64_t>(items->size());
      if (left == 0) {
        return {};
      }
      body = R"({"RequestItems":)" + std::string(*unprocessed) + "}";
    }
    without_progress = left < pending ? 0 : without_progress + 1;
    if (without_progress >= m_backoff.max_attempts_without_progress) {
      return fail(
          "WriteStalled",
          fmt::format("BatchWriteItem to table {} made no progress in {} attempts ({} items unwritten{})",
                      m_table, without_progress, left, response ? "" : ": " + response.error().code),
          "the table may be throttled hard; lower --max-write-rate and re-run apply to resume");
    }
    m_clock.sleep_for(m_backoff.delay(retries++));
    if (m_limiter != nullptr) {
      m_limiter->acquire(left);
    }
    pending = left;
  }
}

}  // namespace ddbmv::migrate
