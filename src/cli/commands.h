#pragma once
/// One function per subcommand, each in its own file: it adds the subcommand to the app and, when
/// that subcommand is chosen, sets `run` to the action returning the process exit status.

#include <CLI/CLI.hpp>
#include <functional>

#include "cli/context.h"

namespace ddbmv::cli {

/// Exit statuses: 0 done, 1 failed (an AWS or local error was reported), 2 bad usage or input,
/// 3 refused (drift, a lock held, a check not passed: nothing was changed).
enum ExitStatus : int { kExitOk = 0, kExitFailed = 1, kExitUsage = 2, kExitRefused = 3 };

using Action = std::function<int(Context&)>;

void add_discover(CLI::App& app, Action& run);
void add_plan(CLI::App& app, Action& run);
void add_apply(CLI::App& app, Action& run);
void add_status(CLI::App& app, Action& run);
void add_rollback(CLI::App& app, Action& run);
void add_decommission(CLI::App& app, Action& run);

/// Prints an Error as one line (plus its hint) on stderr, or as JSON with --output json.
void report_error(const Context& context, const Error& error);

}  // namespace ddbmv::cli
