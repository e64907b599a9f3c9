#pragma once
/// Navigating JSON text without building a document: find a member of an object and the elements of
/// an array as views into the original text. The copy engine uses it to forward Scan items into
/// BatchWriteItem bodies byte for byte, without parsing each item.

#include <optional>
#include <string_view>
#include <vector>

namespace ddbmv::raw_json {

/// The index just past the JSON value that starts at or after `pos` (leading whitespace skipped),
/// or empty when the text there is not a well-formed value.
std::optional<std::size_t> value_end(std::string_view text, std::size_t pos);

/// The text of member `key` of the top-level object in `object` (an object's text, whitespace
/// around it allowed), or empty when absent or malformed. Keys are compared as written between their
/// quotes (no unescaping), which is exact for the plain ASCII names of AWS response members.
std::optional<std::string_view> find_member(std::string_view object, std::string_view key);

/// The texts of the elements of the array in `array`, or empty when it is not a well-formed array.
std::optional<std::vector<std::string_view>> elements(std::string_view array);

/// Whether `text` is an object with no members (`{}`, whitespace allowed).
bool is_empty_object(std::string_view text);

}  // namespace ddbmv::raw_json
