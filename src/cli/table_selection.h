#pragma once
/// The table selection flags `discover` and `plan` share: --prefix, --pattern, and table names.

#include <CLI/CLI.hpp>

#include "migrate/discover/discover.h"

namespace ddbmv::cli {

/// Adds --prefix P (repeatable), --pattern GLOB (repeatable), --count, --concurrency N and the
/// positional TABLE names to `command`, filling `options`.
void add_selection_options(CLI::App& command, migrate::DiscoverOptions& options);

}  // namespace ddbmv::cli
