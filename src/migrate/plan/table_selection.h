#pragma once
/// Which tables discover reads: names starting with a prefix, matching a glob, or given by name.

#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace ddbmv::migrate {

/// Which tables: any name starting with a prefix, matching a glob pattern, or named. An empty
/// selection selects nothing.
struct TableSelection {
  std::vector<std::string> prefixes;
  std::vector<std::string> patterns;
  std::vector<std::string> names;
  bool empty() const { return prefixes.empty() && patterns.empty() && names.empty(); }
};

/// The names in `all` that `selection` selects, sorted. Fails (code "TableNotFound") naming every
/// explicitly named table that is not in `all`, and (code "NoTableMatched") when nothing is selected.
Result<std::vector<std::string>> select_tables(const std::vector<std::string>& all,
                                               const TableSelection& selection, std::string_view region);

}  // namespace ddbmv::migrate
