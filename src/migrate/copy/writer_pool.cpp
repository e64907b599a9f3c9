#include "migrate/copy/writer_pool.h"

namespace ddbmv::migrate {

WriterPool::WriterPool(const BatchWriter& writer, int threads, std::size_t max_queued_bytes)
    : m_writer(writer), m_max_queued_bytes(max_queued_bytes) {
  for (int i = 0; i < std::max(1, threads); ++i) {
    m_threads.emplace_back([this] { run(); });
  }
}

WriterPool::~WriterPool() {
  close(true);
}

bool WriterPool::submit(WriteJob job) {
  std::unique_lock lock(m_mutex);
  m_not_full.wait(lock, [&] { return m_closing || m_queue.empty() || m_queued_bytes < m_max_queued_bytes; });
  if (m_closing) {
    return false;
  }
  m_queued_bytes += job.body.size();
  m_queue.push_back(std::move(job));
  m_not_empty.notify_one();
  return true;
}

void WriterPool::close(bool discard_queued) {
  {
    std::lock_guard lock(m_mutex);
    m_closing = true;
    if (discard_queued) {
      m_queue.clear();
      m_queued_bytes = 0;
    }
  }
  m_not_empty.notify_all();
  m_not_full.notify_all();
  for (auto& thread : m_threads) {
    if (thread.joinable()) {
      thread.join();
    }
  }
}

void WriterPool::run() {
  while (true) {
    WriteJob job;
    {
      std::unique_lock lock(m_mutex);
      m_not_empty.wait(lock, [&] { return m_closing || !m_queue.empty(); });
      if (m_queue.empty()) {
        return;  // closing and drained
      }
      job = std::move(m_queue.front());
      m_queue.pop_front();
      m_queued_bytes -= job.body.size();
    }
    m_not_full.notify_one();
    auto result = m_writer.write_body(std::move(job.body), job.items);
    if (job.done) {
      job.done(result);
    }
  }
}

}  // namespace ddbmv::migrate
