#pragma once
/// discover: reads the account (read-only: no mutating call is ever made) into an Inventory — the
/// selected tables with every setting, and every Lambda function, version and alias whose environment
/// refers to them.

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "migrate/control/clients.h"
#include "migrate/plan/inventory.h"
#include "migrate/plan/table_selection.h"
#include "util/clock.h"
#include "util/error.h"

namespace ddbmv::migrate {

struct DiscoverOptions {
  TableSelection selection;
  bool exact_count = false;                        ///< --count: a Scan with Select=COUNT per table
  std::size_t concurrency = 16;                    ///< worker threads for per-table and per-function reads
  std::string region;                              ///< for messages and the inventory
  std::function<void(std::string_view)> progress;  ///< optional, one short line per step
};

/// Reads the account. Calls: ListTables; per selected table DescribeTable, ListTagsOfResource,
/// DescribeTimeToLive, DescribeContinuousBackups, ListBackups (and Scan COUNT with --count,
/// ListEventSourceMappings when it has a stream); one ListFunctions(FunctionVersion=ALL) listing; and
/// ListAliases only for functions with a published version that refers to a selected table (only such
/// an alias can serve a locked environment).
Result<Inventory> discover(const Clients& clients, const DiscoverOptions& options, const Clock& clock);

}  // namespace ddbmv::migrate
