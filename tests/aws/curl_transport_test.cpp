#include "aws/curl_transport.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ddbmv::aws {
namespace {

/// A minimal keep-alive HTTP/1.1 server on a loopback port: answers every request with its method, path
/// and body echoed in a JSON-ish body, and counts the connections it accepted.
class LoopbackServer {
 public:
  LoopbackServer() {
    m_listener = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = 0;
    if (bind(m_listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
        listen(m_listener, 64) != 0) {
      throw std::runtime_error("loopback server: bind/listen failed");
    }
    socklen_t length = sizeof address;
    getsockname(m_listener, reinterpret_cast<sockaddr*>(&address), &length);
    m_port = ntohs(address.sin_port);
    m_acceptor = std::thread([this] { accept_loop(); });
  }
  ~LoopbackServer() {
    shutdown(m_listener, SHUT_RDWR);
    close(m_listener);
    m_acceptor.join();
    std::lock_guard lock(m_mutex);
    for (auto& worker : m_workers)
      worker.join();
  }

  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(m_port); }
  int connections() const { return m_connections.load(); }
  int requests() const { return m_requests.load(); }
  /// The raw head (request line and headers) of the last request.
  std::string last_head() const {
    std::lock_guard lock(m_mutex);
    return m_last_head;
  }

 private:
  void accept_loop() {
    for (;;) {
      int connection = accept(m_listener, nullptr, nullptr);
      if (connection < 0)
        return;
      ++m_connections;
      std::lock_guard lock(m_mutex);
      m_workers.emplace_back([this, connection] { serve(connection); });
    }
  }

  void serve(int connection) {
    std::string buffer;
    char chunk[4096];
    for (;;) {
      size_t head_end;
      while ((head_end = buffer.find("\r\n\r\n")) == std::string::npos) {
        ssize_t n = recv(connection, chunk, sizeof chunk, 0);
        if (n <= 0) {
          close(connection);
          return;
        }
        buffer.append(chunk, static_cast<size_t>(n));
      }
      std::string head = buffer.substr(0, head_end);
      size_t length = 0;
      if (auto pos = head.find("Content-Length: "); pos != std::string::npos)
        length = std::stoul(head.substr(pos + 16));
      while (buffer.size() < head_end + 4 + length) {
        ssize_t n = recv(connection, chunk, sizeof chunk, 0);
        if (n <= 0) {
          close(connection);
          return;
        }
        buffer.append(chunk, static_cast<size_t>(n));
      }
      std::string body = buffer.substr(head_end + 4, length);
      buffer.erase(0, head_end + 4 + length);
      {
        std::lock_guard lock(m_mutex);
        m_last_head = head;
      }
      ++m_requests;
      std::string request_line = head.substr(0, head.find("\r\n"));
      std::string reply_body = request_line + "|" + body;
      std::string reply =
          "HTTP/1.1 200 OK\r\nX-Amzn-RequestId: Req-9\r\nContent-Type: text/plain\r\nContent-Length: " +
          std::to_string(reply_body.size()) + "\r\n\r\n" + reply_body;
      if (send(connection, reply.data(), reply.size(), MSG_NOSIGNAL) < 0) {
        close(connection);
        return;
      }
    }
  }

  int m_listener = -1;
  int m_port = 0;
  std::thread m_acceptor;
  mutable std::mutex m_mutex;
  std::vector<std::thread> m_workers;
  std::string m_last_head;
  std::atomic<int> m_connections{0};
  std::atomic<int> m_requests{0};
};

HttpRequest request_to(const std::string& endpoint, std::string method, std::string path,
                       std::string body = {}) {
  HttpRequest request;
  request.method = std::move(method);
  request.endpoint = endpoint;
  request.path = std::move(path);
  request.headers = {{"Host", "example.test"}, {"X-Amz-Target", "Svc.Op"}};
  request.body = std::move(body);
  return request;
}

TEST(CurlTransport, SendsMethodPathQueryHeadersAndBodyAndLowerCasesResponseHeaders) {
  LoopbackServer server;
  {
    CurlTransport transport;
    auto request =
        request_to(server.endpoint(), "PUT", "/2015-03-31/functions/f%3Ax/configuration", R"({"a":1})");
    request.query = "Qualifier=live";
    auto response = transport.send(request);
    ASSERT_TRUE(response.has_value()) << response.error().message;
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body,
              R"(PUT /2015-03-31/functions/f%3Ax/configuration?Qualifier=live HTTP/1.1|{"a":1})");
    EXPECT_EQ(response->header("x-amzn-requestid"), "Req-9");
    EXPECT_EQ(response->header("content-type"), "text/plain");
    const auto head = server.last_head();
    EXPECT_NE(head.find("\r\nHost: example.test"), std::string::npos) << head;
    EXPECT_NE(head.find("\r\nX-Amz-Target: Svc.Op"), std::string::npos) << head;
    EXPECT_EQ(head.find("Expect:"), std::string::npos) << head;
  }
}

TEST(CurlTransport, GetSendsNoBody) {
  LoopbackServer server;
  CurlTransport transport;
  auto response = transport.send(request_to(server.endpoint(), "GET", "/2015-03-31/functions/"));
  ASSERT_TRUE(response.has_value()) << response.error().message;
  EXPECT_EQ(response->body, "GET /2015-03-31/functions/ HTTP/1.1|");
}

TEST(CurlTransport, ReusesKeepAliveConnectionsAcrossCallsAndThreads) {
  LoopbackServer server;
  {
    CurlTransport transport(CurlTransportOptions{.max_connections = 4});
    for (int i = 0; i < 10; ++i)
      ASSERT_TRUE(transport.send(request_to(server.endpoint(), "POST", "/", "{}")));
    EXPECT_EQ(server.connections(), 1);

    std::vector<std::thread> threads;
    std::atomic<int> failures{0};
    for (int t = 0; t < 8; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < 25; ++i) {
          if (!transport.send(request_to(server.endpoint(), "POST", "/", "{}")))
            ++failures;
        }
      });
    }
    for (auto& thread : threads)
      thread.join();
    EXPECT_EQ(failures.load(), 0);
    EXPECT_EQ(server.requests(), 210);
    EXPECT_LE(server.connections(), 4);  // one per pooled handle at most, whatever the thread count
  }
}

TEST(CurlTransport, RefusedConnectionIsATransportErrorNotATimeout) {
  int probe = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(probe, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  socklen_t length = sizeof address;
  getsockname(probe, reinterpret_cast<sockaddr*>(&address), &length);
  const int port = ntohs(address.sin_port);
  close(probe);  // the port is now (almost certainly) closed

  CurlTransport transport;
  auto response = transport.send(request_to("http://127.0.0.1:" + std::to_string(port), "POST", "/", "{}"));
  ASSERT_FALSE(response.has_value());
  EXPECT_FALSE(response.error().timed_out);
  EXPECT_NE(response.error().message.find("127.0.0.1"), std::string::npos);
}

}  // namespace
}  // namespace ddbmv::aws
