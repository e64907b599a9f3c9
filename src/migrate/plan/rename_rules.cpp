#include "migrate/plan/rename_rules.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "util/glob.h"

namespace ddbmv::migrate {

namespace {

std::string_view trim(std::string_view text) {
  constexpr std::string_view kSpace = " \t\r\n";
  std::size_t first = text.find_first_not_of(kSpace);
  if (first == std::string_view::npos) {
    return {};
  }
  std::size_t last = text.find_last_not_of(kSpace);
  return text.substr(first, last - first + 1);
}

std::string describe(const RenameRule& rule) {
  return rule.origin == "--rename" ? fmt::format("rename rule '{}'", rule.text)
                                   : fmt::format("{}: rename rule '{}'", rule.origin, rule.text);
}

const char* kRuleHint = "write rules as OLD=NEW or 'old-prefix-*=new-prefix-*'";

}  // namespace

bool valid_table_name(std::string_view name) {
  if (name.size() < 3 || name.size() > 255) {
    return false;
  }
  return std::ranges::all_of(name, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-' || c == '.';
  });
}

Result<RenameRule> parse_rule(std::string_view text, std::string origin) {
  std::string_view trimmed = trim(text);
  std::string where = origin == "--rename" ? "" : origin + ": ";
  std::size_t equals = trimmed.find('=');
  if (equals == std::string_view::npos || trimmed.find('=', equals + 1) != std::string_view::npos) {
    return fail("InvalidRule", fmt::format("{}rename rule '{}' is not of the form OLD=NEW", where, trimmed),
                kRuleHint);
  }
  RenameRule rule;
  rule.source = std::string(trim(trimmed.substr(0, equals)));
  rule.target = std::string(trim(trimmed.substr(equals + 1)));
  rule.text = rule.source + "=" + rule.target;
  rule.origin = std::move(origin);
  if (rule.source.empty() || rule.target.empty()) {
    return fail("InvalidRule", fmt::format("{} has an empty side", describe(rule)), kRuleHint);
  }
  auto stars = [](const std::string& side) { return std::ranges::count(side, '*'); };
  if (rule.target.find('?') != std::string::npos) {
    return fail("InvalidRule", fmt::format("{}: '?' may appear only on the OLD side", describe(rule)),
                kRuleHint);
  }
  if (stars(rule.target) != 0 && stars(rule.target) != stars(rule.source)) {
    return fail("InvalidRule",
                fmt::format("{}: NEW has {} '*' but OLD has {}; each '*' in NEW takes what the matching '*' "
                            "in OLD matched",
                            describe(rule), stars(rule.target), stars(rule.source)),
                kRuleHint);
  }
  return rule;
}

Result<std::vector<RenameRule>> parse_rules(std::string_view content, const std::string& file) {
  std::vector<RenameRule> rules;
  std::size_t line_number = 0;
  std::size_t start = 0;
  while (start <= content.size()) {
    std::size_t end = content.find('\n', start);
    std::string_view line =
        content.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    ++line_number;
    if (std::size_t hash = line.find('#'); hash != std::string_view::npos) {
      line = line.substr(0, hash);
    }
    if (!trim(line).empty()) {
      auto rule = parse_rule(line, fmt::format("{}:{}", file, line_number));
      if (!rule) {
        return std::unexpected(rule.error());
      }
      rules.push_back(std::move(*rule));
    }
    if (end == std::string_view::npos) {
      break;
    }
    start = end + 1;
  }
  return rules;
}

Result<std::vector<RenameRule>> load_rule_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail("InvalidRule", fmt::format("cannot read rename file {}", path.string()),
                "check the path given to --rename-file");
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  return parse_rules(buffer.str(), path.string());
}

RenameMapping apply_rules(const std::vector<RenameRule>& rules, const std::vector<std::string>& tables) {
  RenameMapping mapping;
  std::map<std::string, const RenameRule*> rule_of_source;
  std::map<std::string, std::string> target_of_source;
  for (const auto& rule : rules) {
    bool matched = false;
    for (const auto& table : tables) {
      auto captures = glob_captures(rule.source, table);
      if (!captures) {
        continue;
      }
      matched = true;
      std::string target;
      std::size_t next = 0;
      for (char c : rule.target) {
        if (c == '*') {
          target += (*captures)[next++];
        } else {
          target += c;
        }
      }
      if (auto [it, inserted] = rule_of_source.emplace(table, &rule); !inserted) {
        mapping.errors.push_back(
            Error{"InvalidRule",
                  fmt::format("{} and {} both match table {}", describe(*it->second), describe(rule), table),
                  "make the rules match disjoint tables"});
        continue;
      }
      target_of_source[table] = target;
    }
    if (!matched) {
      mapping.errors.push_back(
          Error{"InvalidRule", fmt::format("{} matches no selected table", describe(rule)),
                "check the spelling, or select the table with --prefix/--pattern/names"});
    }
  }
  // Sources per target, so that several tables mapped to one name make one error naming them all.
  std::map<std::string, std::vector<std::string>> sources_of_target;
  for (const auto& [source, target] : target_of_source) {
    const RenameRule& rule = *rule_of_source.at(source);
    if (target == source) {
      mapping.errors.push_back(Error{"InvalidRule",
                                     fmt::format("{} maps table {} to itself", describe(rule), source),
                                     "a rename needs a different name"});
      continue;
    }
    if (!valid_table_name(target)) {
      mapping.errors.push_back(
          Error{"InvalidRule",
                fmt::format("{} maps table {} to '{}', which is not a valid DynamoDB table name",
                            describe(rule), source, target),
                "table names are 3-255 characters of a-z, A-Z, 0-9, '_', '-' and '.'"});
      continue;
    }
    sources_of_target[target].push_back(source);
  }
  for (const auto& [target, sources] : sources_of_target) {
    if (sources.size() == 1) {
      mapping.renames.push_back(Rename{sources.front(), target, rule_of_source.at(sources.front())->text});
      continue;
    }
    std::vector<std::string> rule_names;
    for (const auto& source : sources) {
      std::string name = describe(*rule_of_source.at(source));
      if (std::ranges::find(rule_names, name) == rule_names.end()) {
        rule_names.push_back(std::move(name));
      }
    }
    const std::vector<std::string> all_but_last(sources.begin(), sources.end() - 1);
    mapping.errors.push_back(Error{"InvalidRule",
                                   fmt::format("{} {} {} and {} to {}", fmt::join(rule_names, " and "),
                                               rule_names.size() == 1 ? "maps" : "map",
                                               fmt::join(all_but_last, ", "), sources.back(), target),
                                   "give every table its own new name"});
  }
  std::ranges::sort(mapping.renames, {}, &Rename::source);
  return mapping;
}

}  // namespace ddbmv::migrate
