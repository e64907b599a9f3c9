#pragma once
/// Rename rules: `OLD=NEW` for one table, or a glob `ai-nexus-dev-stripe-*=diatonic-ai-stripe-*` whose
/// `*`s in NEW take, in order, the text the `*`s in OLD matched. From --rename (repeatable) or a rule
/// file (one rule per line, `#` starts a comment).

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "util/error.h"

namespace ddbmv::migrate {

struct RenameRule {
  std::string text;    ///< normalised "OLD=NEW"
  std::string source;  ///< OLD (may be a glob)
  std::string target;  ///< NEW (its `*`s are OLD's captures)
  std::string origin;  ///< where it came from: "--rename" or "FILE:LINE"
  friend bool operator==(const RenameRule&, const RenameRule&) = default;
};

/// Parses one rule; fails (code "InvalidRule") naming the rule and its origin when it is not OLD=NEW,
/// a side is empty, or NEW has `*`s that OLD cannot fill or a `?`.
Result<RenameRule> parse_rule(std::string_view text, std::string origin = "--rename");
/// Parses a rule file's content; `file` names it in errors ("rules.txt:3: ..."). Blank lines and
/// `#` comments are skipped.
Result<std::vector<RenameRule>> parse_rules(std::string_view content, const std::string& file);
/// Reads and parses a rule file; fails naming the file when it cannot be read.
Result<std::vector<RenameRule>> load_rule_file(const std::filesystem::path& path);

/// Whether `name` is a valid DynamoDB table name: 3-255 characters of [a-zA-Z0-9_.-].
bool valid_table_name(std::string_view name);

struct Rename {
  std::string source;
  std::string target;
  std::string rule;  ///< the rule's text
  friend bool operator==(const Rename&, const Rename&) = default;
};

/// What applying rules to a set of tables gives: the renames, sorted by source, and every error.
struct RenameMapping {
  std::vector<Rename> renames;
  std::vector<Error> errors;
};

/// Applies `rules` to `tables`. Errors (all of them, each naming the rule): a rule that matches no
/// table, a table matched by two rules, two tables mapped to one name, a table mapped to itself, a
/// target that is not a valid table name.
RenameMapping apply_rules(const std::vector<RenameRule>& rules, const std::vector<std::string>& tables);

}  // namespace ddbmv::migrate
