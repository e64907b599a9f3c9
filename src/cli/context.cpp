#include "cli/context.h"

#include <fmt/core.h>

#include <cstdio>

namespace ddbmv::cli {

Context::Context(GlobalOptions options)
    : m_options(std::move(options)), m_clock(std::make_shared<SystemClock>()) {}

Result<migrate::Clients*> Context::clients() {
  if (m_clients)
    return &*m_clients;
  auto config = aws::resolve_config(m_options.aws, aws::process_environment(), m_clock);
  if (!config)
    return std::unexpected(config.error());
  // Credentials are fetched lazily by the clients; ask for them once now, so that missing or
  // malformed credentials are one clear message before any call rather than a failed first call.
  if (auto credentials = config->credentials->credentials(); !credentials) {
    return std::unexpected(credentials.error());
  }
  m_config = std::move(*config);
  migrate::ClientOptions client_options;
  if (m_options.debug) {
    client_options.debug_log = [](std::string_view line) { fmt::print(stderr, "debug: {}\n", line); };
  }
  m_clients.emplace(migrate::make_clients(*m_config, client_options));
  return &*m_clients;
}

}  // namespace ddbmv::cli
