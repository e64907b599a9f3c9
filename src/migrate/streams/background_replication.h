#pragma once
/// A StreamReplicator following its stream on a thread of its own, while the caller cuts functions
/// over; stop_and_drain() ends it once the stream has been quiet.

#include <atomic>
#include <chrono>
#include <optional>
#include <thread>

#include "migrate/streams/stream_replicator.h"

namespace ddbmv::migrate {

class BackgroundReplication {
 public:
  /// Starts `replicator.follow(...)` on a new thread; `replicator` must outlive this object.
  BackgroundReplication(StreamReplicator& replicator, std::chrono::milliseconds quiet);
  /// Stops and drains if stop_and_drain() was not called (its result is then lost).
  ~BackgroundReplication();
  BackgroundReplication(const BackgroundReplication&) = delete;
  BackgroundReplication& operator=(const BackgroundReplication&) = delete;

  /// Says no function writes to the source any more: the thread ends once every shard has been empty
  /// for the quiet interval. Returns at once (drain several tables in one quiet interval: request the
  /// stop of each, then stop_and_drain each).
  void request_stop() { m_stop = true; }
  /// request_stop(), then waits for the thread and returns the final lag and totals (or the error that
  /// ended the thread early).
  Result<ReplicationProgress> stop_and_drain();
  /// Whether the thread has ended (after a drain, or early because of an error).
  bool finished() const { return m_finished.load(); }

 private:
  std::atomic<bool> m_stop{false};
  std::atomic<bool> m_finished{false};
  std::optional<Result<ReplicationProgress>> m_result;
  std::thread m_thread;
};

}  // namespace ddbmv::migrate
