#include "migrate/plan/table_selection.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "util/glob.h"

namespace ddbmv::migrate {

Result<std::vector<std::string>> select_tables(const std::vector<std::string>& all,
                                               const TableSelection& selection, std::string_view region) {
  std::set<std::string> existing(all.begin(), all.end());
  std::vector<std::string> missing;
  for (const auto& name : selection.names) {
    if (!existing.contains(name)) {
      missing.push_back(name);
    }
  }
  if (!missing.empty()) {
    return fail("TableNotFound",
                fmt::format("{} {} not exist in {}", fmt::join(missing, ", "),
                            missing.size() == 1 ? "does" : "do", region),
                "check the names, --region and --profile");
  }
  std::vector<std::string> selected;
  for (const auto& name : all) {
    bool chosen =
        std::ranges::find(selection.names, name) != selection.names.end() ||
        std::ranges::any_of(selection.prefixes, [&](const auto& p) { return name.starts_with(p); }) ||
        std::ranges::any_of(selection.patterns, [&](const auto& p) { return glob_match(p, name); });
    if (chosen) {
      selected.push_back(name);
    }
  }
  std::ranges::sort(selected);
  if (selected.empty()) {
    std::vector<std::string> criteria;
    for (const auto& p : selection.prefixes) {
      criteria.push_back(fmt::format("prefix '{}'", p));
    }
    for (const auto& p : selection.patterns) {
      criteria.push_back(fmt::format("pattern '{}'", p));
    }
    return fail("NoTableMatched",
                fmt::format("no table in {} matched {} ({} tables there)", region,
                            criteria.empty() ? std::string("the selection")
                                             : fmt::format("{}", fmt::join(criteria, " or ")),
                            all.size()),
                "check the prefix or pattern, --region and --profile");
  }
  return selected;
}

}  // namespace ddbmv::migrate
