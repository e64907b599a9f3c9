#pragma once
/// A fixed set of writer threads fed through a queue bounded in bytes: whoever produces batches
/// blocks while the queue is full, so memory stays bounded whatever the table's size.

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "migrate/copy/batch_writer.h"

namespace ddbmv::migrate {

struct WriteJob {
  std::string body;        ///< a BatchWriteItem body (build_batch_body or the scanner's equivalent)
  std::int64_t items = 0;  ///< requests in the body
  /// Called on a writer thread once the batch is entirely written, or with the Error that stopped it.
  std::function<void(const Result<void>&)> done;
};

class WriterPool {
 public:
  /// Starts `threads` writers that write through `writer` (which must outlive the pool).
  WriterPool(const BatchWriter& writer, int threads, std::size_t max_queued_bytes);
  ~WriterPool();
  WriterPool(const WriterPool&) = delete;
  WriterPool& operator=(const WriterPool&) = delete;

  /// Queues a job, blocking while the queue holds max_queued_bytes or more (a job is always accepted
  /// into an empty queue). Returns false, without queuing, once the pool is closing.
  bool submit(WriteJob job);

  /// Stops accepting jobs and joins the writers. `discard_queued`: queued jobs are dropped without
  /// their `done` being called (a simulated crash); otherwise they are written first. Idempotent.
  void close(bool discard_queued);

 private:
  void run();

  const BatchWriter& m_writer;
  std::size_t m_max_queued_bytes;
  std::mutex m_mutex;
  std::condition_variable m_not_empty;
  std::condition_variable m_not_full;
  std::deque<WriteJob> m_queue;
  std::size_t m_queued_bytes = 0;
  bool m_closing = false;
  std::vector<std::thread> m_threads;
};

}  // namespace ddbmv::migrate
