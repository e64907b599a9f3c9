#pragma once
/// Masking secrets before anything is printed or logged.

#include <initializer_list>
#include <map>
#include <set>
#include <string>
#include <string_view>

namespace ddbmv {

/// What a masked value is shown as.
inline constexpr std::string_view kRedacted = "****";

/// The masked form of `value`: always kRedacted, so neither the value nor its length leaks.
std::string redact(std::string_view value);

/// A copy of `environment` (e.g. a Lambda function's variables) in which every value is masked except
/// those whose names are in `shown` (e.g. the variables naming the tables being changed).
std::map<std::string, std::string> redact_environment(const std::map<std::string, std::string>& environment,
                                                      const std::set<std::string, std::less<>>& shown);

/// `text` with every occurrence of each non-empty string in `secrets` replaced by kRedacted: a last line
/// of defence for messages built from text that might echo a secret (a child process's output, say).
std::string redact_occurrences(std::string text, std::initializer_list<std::string_view> secrets);

}  // namespace ddbmv
