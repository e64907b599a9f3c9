#include "util/raw_json.h"

namespace ddbmv::raw_json {
namespace {

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

std::size_t skip_space(std::string_view text, std::size_t pos) {
  while (pos < text.size() && is_space(text[pos])) {
    ++pos;
  }
  return pos;
}

/// `pos` at the opening quote; returns the index past the closing quote.
std::optional<std::size_t> string_end(std::string_view text, std::size_t pos) {
  for (std::size_t i = pos + 1; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\') {
      ++i;
    } else if (c == '"') {
      return i + 1;
    }
  }
  return std::nullopt;
}

std::optional<std::size_t> scalar_end(std::string_view text, std::size_t pos) {
  std::size_t i = pos;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ',' || c == '}' || c == ']' || is_space(c)) {
      break;
    }
    ++i;
  }
  if (i == pos) {
    return std::nullopt;
  }
  return i;
}

/// `pos` at '{' or '['; walks nested containers with a depth counter, skipping strings.
std::optional<std::size_t> container_end(std::string_view text, std::size_t pos) {
  int depth = 0;
  for (std::size_t i = pos; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      auto end = string_end(text, i);
      if (!end) {
        return std::nullopt;
      }
      i = *end - 1;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ']') {
      if (--depth == 0) {
        return i + 1;
      }
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::size_t> value_end(std::string_view text, std::size_t pos) {
  pos = skip_space(text, pos);
  if (pos >= text.size()) {
    return std::nullopt;
  }
  switch (text[pos]) {
    case '"':
      return string_end(text, pos);
    case '{':
    case '[':
      return container_end(text, pos);
    default:
      return scalar_end(text, pos);
  }
}

std::optional<std::string_view> find_member(std::string_view object, std::string_view key) {
  std::size_t pos = skip_space(object, 0);
  if (pos >= object.size() || object[pos] != '{') {
    return std::nullopt;
  }
  ++pos;
  while (true) {
    pos = skip_space(object, pos);
    if (pos >= object.size() || object[pos] != '"') {
      return std::nullopt;  // '}' (absent) or malformed
    }
    auto name_end = string_end(object, pos);
    if (!name_end) {
      return std::nullopt;
    }
    const std::string_view name = object.substr(pos + 1, *name_end - pos - 2);
    pos = skip_space(object, *name_end);
    if (pos >= object.size() || object[pos] != ':') {
      return std::nullopt;
    }
    const std::size_t value_start = skip_space(object, pos + 1);
    auto end = value_end(object, value_start);
    if (!end) {
      return std::nullopt;
    }
    if (name == key) {
      return object.substr(value_start, *end - value_start);
    }
    pos = skip_space(object, *end);
    if (pos >= object.size() || object[pos] != ',') {
      return std::nullopt;
    }
    ++pos;
  }
}

std::optional<std::vector<std::string_view>> elements(std::string_view array) {
  std::size_t pos = skip_space(array, 0);
  if (pos >= array.size() || array[pos] != '[') {
    return std::nullopt;
  }
  std::vector<std::string_view> result;
  pos = skip_space(array, pos + 1);
  if (pos < array.size() && array[pos] == ']') {
    return result;
  }
  while (true) {
    const std::size_t start = skip_space(array, pos);
    auto end = value_end(array, start);
    if (!end) {
      return std::nullopt;
    }
    result.push_back(array.substr(start, *end - start));
    pos = skip_space(array, *end);
    if (pos >= array.size()) {
      return std::nullopt;
    }
    if (array[pos] == ']') {
      return result;
    }
    if (array[pos] != ',') {
      return std::nullopt;
    }
    ++pos;
  }
}

bool is_empty_object(std::string_view text) {
  std::size_t pos = skip_space(text, 0);
  if (pos >= text.size() || text[pos] != '{') {
    return false;
  }
  pos = skip_space(text, pos + 1);
  return pos < text.size() && text[pos] == '}' && skip_space(text, pos + 1) == text.size();
}

}  // namespace ddbmv::raw_json
