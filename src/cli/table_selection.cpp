#include "cli/table_selection.h"

namespace ddbmv::cli {

void add_selection_options(CLI::App& command, migrate::DiscoverOptions& options) {
  command
      .add_option("--prefix", options.selection.prefixes, "Select the tables whose name starts with PREFIX")
      ->type_name("PREFIX");
  command
      .add_option("--pattern", options.selection.patterns,
                  "Select the tables whose name matches GLOB ('*' any run, '?' one character); quote it")
      ->type_name("GLOB");
  command.add_option("tables", options.selection.names, "Select these tables by name")->type_name("TABLE");
  command.add_flag(
      "--count", options.exact_count,
      "Count items exactly (a Scan with Select=COUNT per table) instead of DescribeTable's figure, "
      "which AWS refreshes about every six hours");
  command.add_option("--concurrency", options.concurrency, "Parallel reads (default 16)")
      ->check(CLI::Range(1, 128))
      ->type_name("N");
}

}  // namespace ddbmv::cli
