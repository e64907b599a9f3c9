#pragma once
/// What a subcommand gets: the global options and, on first use, the AWS clients built from them.

#include <memory>
#include <optional>

#include "cli/options.h"
#include "migrate/control/clients.h"
#include "util/clock.h"
#include "util/error.h"

namespace ddbmv::cli {

class Context {
 public:
  explicit Context(GlobalOptions options);

  const GlobalOptions& options() const { return m_options; }
  std::shared_ptr<const Clock> clock() const { return m_clock; }

  /// Resolves region, credentials and endpoints (once), fetches the credentials once, and builds the
  /// clients. Fails with one clear message when the region or the credentials are missing or
  /// malformed, before any AWS call.
  Result<migrate::Clients*> clients();
  /// The resolved configuration (after a successful clients()).
  const aws::ResolvedConfig& config() const { return *m_config; }

 private:
  GlobalOptions m_options;
  std::shared_ptr<const Clock> m_clock;
  std::optional<aws::ResolvedConfig> m_config;
  std::optional<migrate::Clients> m_clients;
};

}  // namespace ddbmv::cli
