/// `ddbmv discover`: reads the selected tables and the Lambda functions that refer to them, and prints
/// them. Changes nothing.

#include "migrate/discover/discover.h"

#include <fmt/core.h>

#include <cstdio>

#include "cli/commands.h"
#include "cli/inventory_text.h"
#include "cli/table_selection.h"

namespace ddbmv::cli {

namespace {

std::function<void(std::string_view)> progress_printer(const Context& context) {
  if (!context.options().progress) {
    return {};
  }
  return [](std::string_view line) { fmt::print(stderr, "ddbmv: {}...\n", line); };
}

}  // namespace

void add_discover(CLI::App& app, Action& run) {
  auto options = std::make_shared<migrate::DiscoverOptions>();
  CLI::App* command = app.add_subcommand(
      "discover",
      "Find tables (by --prefix, --pattern or name) with every setting, and the Lambda\n"
      "functions, versions and aliases whose environment names them or their ARNs. Read-only");
  command->fallthrough();
  add_selection_options(*command, *options);
  command->footer(
      "Examples:\n"
      "  ddbmv discover --prefix ai-nexus-dev-stripe-\n"
      "  ddbmv discover --pattern 'ai-nexus-*-stripe-*' --count\n"
      "  ddbmv discover --output json --prefix ai-nexus-dev- > inventory.json   # input for 'ddbmv plan "
      "--inventory'\n"
      "Only the names of environment variables are shown, and the values that are table names or ARNs.");
  command->callback([&run, options] {
    run = [options](Context& context) -> int {
      if (options->selection.empty()) {
        report_error(context, Error{"NoSelection", "no table selected",
                                    "pass --prefix PREFIX, --pattern GLOB or table names"});
        return kExitUsage;
      }
      auto clients = context.clients();
      if (!clients) {
        report_error(context, clients.error());
        return kExitUsage;
      }
      migrate::DiscoverOptions discover_options = *options;
      discover_options.region = context.config().region;
      discover_options.progress = progress_printer(context);
      auto inventory = migrate::discover(**clients, discover_options, *context.clock());
      if (!inventory) {
        report_error(context, inventory.error());
        return inventory.error().code == "NoTableMatched" || inventory.error().code == "TableNotFound"
                   ? kExitUsage
                   : kExitFailed;
      }
      if (context.options().output == OutputFormat::kJson) {
        fmt::print("{}\n", migrate::to_json(*inventory).dump(2));
      } else {
        fmt::print("{}", render_inventory_text(*inventory));
      }
      return kExitOk;
    };
  });
}

}  // namespace ddbmv::cli
