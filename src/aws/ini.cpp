#include "aws/ini.h"

#include <fmt/core.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>

#include "util/text.h"

namespace ddbmv::aws {

namespace {

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

/// `text` without the blanks around it (an INI line may end in \r).
std::string_view trim(std::string_view text) {
  return text::trim(text, " \t\r");
}

/// `text` up to an inline comment: a `#` at the start or after whitespace.
std::string_view strip_inline_comment(std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '#' && (i == 0 || is_blank(text[i - 1]))) {
      return text.substr(0, i);
    }
  }
  return text;
}

std::unexpected<Error> malformed(std::string_view path, int line, std::string_view reason) {
  return fail("MalformedConfigFile", fmt::format("{} line {}: {}", path, line, reason),
              "fix or remove that line; the format is described at "
              "https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html");
}

}  // namespace

const IniSection* IniFile::section(std::string_view name) const {
  const auto it = sections.find(std::string(name));
  return it == sections.end() ? nullptr : &it->second;
}

Result<IniFile> parse_ini(std::string_view text, std::string_view path) {
  IniFile file;
  file.path = std::string(path);
  IniSection* current = nullptr;
  bool after_key = false;  // an indented line may follow a key (nested sub-section or continuation)
  int number = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    const auto raw = text.substr(pos, end - pos);
    pos = end + 1;
    ++number;

    const auto line = trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') {
      continue;
    }
    if (is_blank(raw.front())) {
      if (!after_key) {
        return malformed(path, number, "indented line outside a key's nested block");
      }
      continue;  // nested sub-section or continuation: ddbmv uses none of them
    }
    if (line.front() == '[') {
      const auto close = line.find(']');
      if (close == std::string_view::npos) {
        return malformed(path, number, "section header without a closing ']'");
      }
      const auto rest = trim(line.substr(close + 1));
      if (!rest.empty() && rest.front() != '#' && rest.front() != ';') {
        return malformed(path, number, "text after a section header");
      }
      const auto name = trim(line.substr(1, close - 1));
      if (name.empty()) {
        return malformed(path, number, "empty section name");
      }
      auto [it, inserted] = file.sections.try_emplace(std::string(name));
      if (inserted) {
        it->second.name = std::string(name);
        it->second.line = number;
      }
      current = &it->second;
      after_key = false;
      continue;
    }
    const auto equals = line.find('=');
    if (equals == std::string_view::npos) {
      return malformed(path, number, "expected '[section]' or 'key = value'");
    }
    const auto key = trim(line.substr(0, equals));
    if (key.empty()) {
      return malformed(path, number, "a value without a key");
    }
    if (current == nullptr) {
      return malformed(path, number, "a key before any [section]");
    }
    current->values[text::ascii_lower(key)] =
        std::string(trim(strip_inline_comment(line.substr(equals + 1))));
    after_key = true;
  }
  return file;
}

Result<std::optional<IniFile>> load_ini(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    return std::optional<IniFile>{};
  }
  std::ifstream in(path, std::ios::binary);
  if (!std::filesystem::is_regular_file(path, error) || !in) {
    return fail(
        "UnreadableConfigFile", fmt::format("cannot read {}", path.string()),
        "check the file's permissions, or point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE elsewhere");
  }
  const std::string contents{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) {
    return fail(
        "UnreadableConfigFile", fmt::format("cannot read {}", path.string()),
        "check the file's permissions, or point AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE elsewhere");
  }
  auto parsed = parse_ini(contents, path.string());
  if (!parsed) {
    return std::unexpected(parsed.error());
  }
  return std::optional<IniFile>{std::move(*parsed)};
}

}  // namespace ddbmv::aws
