#include "aws/curl_transport.h"

#include <curl/curl.h>
#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <stdexcept>

#include "util/text.h"

namespace ddbmv::aws {
namespace {

/// libcurl must be initialised once per process before any handle exists (and it is not thread-safe).
void global_init_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
      throw std::runtime_error("curl_global_init failed");
  });
}

size_t on_body(char* data, size_t size, size_t count, void* user) {
  static_cast<std::string*>(user)->append(data, size * count);
  return size * count;
}

size_t on_header(char* data, size_t size, size_t count, void* user) {
  auto& headers = *static_cast<Headers*>(user);
  std::string_view line(data, size * count);
  if (line.starts_with("HTTP/")) {
    headers.clear();  // a new response (after 100 Continue): only the final one's headers count
    return line.size();
  }
  auto colon = line.find(':');
  if (colon == std::string_view::npos)
    return line.size();
  headers.emplace_back(text::ascii_lower(text::trim(line.substr(0, colon))),
                       std::string(text::trim(line.substr(colon + 1))));
  return line.size();
}

struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

}  // namespace

CurlTransport::CurlTransport(CurlTransportOptions options) : m_options(options) {
  global_init_once();
  m_options.max_connections = std::max(1, m_options.max_connections);
}

CurlTransport::~CurlTransport() {
  for (void* handle : m_idle)
    curl_easy_cleanup(static_cast<CURL*>(handle));
}

void* CurlTransport::acquire() {
  std::unique_lock lock(m_mutex);
  m_released.wait(lock, [&] { return !m_idle.empty() || m_created < m_options.max_connections; });
  if (!m_idle.empty()) {
    void* handle = m_idle.back();
    m_idle.pop_back();
    return handle;
  }
  CURL* handle = curl_easy_init();
  if (handle == nullptr)
    throw std::runtime_error("curl_easy_init failed");
  ++m_created;
  return handle;
}

void CurlTransport::release(void* handle) {
  {
    std::lock_guard lock(m_mutex);
    m_idle.push_back(handle);
  }
  m_released.notify_one();
}

std::expected<HttpResponse, TransportError> CurlTransport::send(const HttpRequest& request) {
  struct Lease {
    CurlTransport& transport;
    void* handle;
    ~Lease() { transport.release(handle); }
  } lease{*this, acquire()};
  CURL* curl = static_cast<CURL*>(lease.handle);

  // Reset options from the previous request; the connection cache survives a reset.
  curl_easy_reset(curl);
  std::string url = request.endpoint + request.path;
  if (!request.query.empty())
    url += "?" + request.query;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_HTTP_VERSION, CURL_HTTP_VERSION_1_1);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(m_options.connect_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(m_options.total_timeout.count()));
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYPEER, 1L);
  curl_easy_setopt(curl, CURLOPT_SSL_VERIFYHOST, 2L);
  curl_easy_setopt(curl, CURLOPT_TCP_NODELAY, 1L);
  curl_easy_setopt(curl, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, nullptr);  // the signed request is what goes out

  if (request.method == "GET") {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  } else if (request.method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else {
    // POSTFIELDS does not copy: the body outlives perform(). Content-Length follows from the size.
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
    if (request.method != "POST")
      curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }

  curl_slist* list = nullptr;
  auto append = [&](const std::string& line) {
    curl_slist* next = curl_slist_append(list, line.c_str());
    if (next == nullptr) {
      curl_slist_free_all(list);
      throw std::bad_alloc();
    }
    list = next;
  };
  for (const auto& [name, value] : request.headers) {
    append(value.empty() ? name + ";" : name + ": " + value);  // "Name;" sends an empty header
  }
  append("Expect:");  // no 100-continue round trip for larger bodies
  std::unique_ptr<curl_slist, SlistDeleter> header_list(list);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, header_list.get());

  HttpResponse response;
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response.body);
  curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(curl, CURLOPT_HEADERDATA, &response.headers);
  char error_buffer[CURL_ERROR_SIZE] = {};
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);

  const CURLcode code = curl_easy_perform(curl);
  curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
  if (code != CURLE_OK) {
    std::string detail = error_buffer[0] != '\0' ? error_buffer : curl_easy_strerror(code);
    return std::unexpected(
        TransportError{fmt::format("{} {}{}: {}", request.method, request.endpoint, request.path, detail),
                       code == CURLE_OPERATION_TIMEDOUT});
  }
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response.status);
  return response;
}

}  // namespace ddbmv::aws
