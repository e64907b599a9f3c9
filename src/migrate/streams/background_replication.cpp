#include "migrate/streams/background_replication.h"

namespace ddbmv::migrate {

BackgroundReplication::BackgroundReplication(StreamReplicator& replicator, std::chrono::milliseconds quiet)
    : m_thread([this, &replicator, quiet] {
        m_result = replicator.follow(m_stop, quiet);
        m_finished = true;
      }) {}

BackgroundReplication::~BackgroundReplication() {
  if (m_thread.joinable()) {
    m_stop = true;
    m_thread.join();
  }
}

Result<ReplicationProgress> BackgroundReplication::stop_and_drain() {
  m_stop = true;
  if (m_thread.joinable()) {
    m_thread.join();
  }
  if (!m_result) {
    return fail("Internal", "the replication thread ended without a result");
  }
  return *m_result;
}

}  // namespace ddbmv::migrate
