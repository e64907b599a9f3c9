#pragma once
/// The production Transport: libcurl, HTTP/1.1, TLS verification on, keep-alive connections reused
/// across calls and threads.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <vector>

#include "aws/http.h"

namespace ddbmv::aws {

struct CurlTransportOptions {
  std::chrono::milliseconds connect_timeout{5'000};  ///< TCP + TLS handshake
  std::chrono::milliseconds total_timeout{120'000};  ///< the whole exchange (Invoke can take a while)
  int max_connections = 64;  ///< at most this many requests in flight; more callers wait for a free one
};

/// Keeps a pool of libcurl easy handles: a request borrows one (never two threads on one handle) and
/// gives it back with its connection still open, so the next request on any thread reuses it.
/// Never raises signals (CURLOPT_NOSIGNAL); response header names are lower-cased.
class CurlTransport final : public Transport {
 public:
  explicit CurlTransport(CurlTransportOptions options = {});
  ~CurlTransport() override;
  CurlTransport(const CurlTransport&) = delete;
  CurlTransport& operator=(const CurlTransport&) = delete;

  std::expected<HttpResponse, TransportError> send(const HttpRequest& request) override;

 private:
  void* acquire();
  void release(void* handle);

  CurlTransportOptions m_options;
  std::mutex m_mutex;
  std::condition_variable m_released;
  std::vector<void*> m_idle;  ///< CURL* handles not in use
  int m_created = 0;
};

}  // namespace ddbmv::aws
