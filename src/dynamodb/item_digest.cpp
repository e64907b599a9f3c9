#include "dynamodb/item_digest.h"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <vector>

namespace ddbmv::dynamodb {
namespace {

using Json = nlohmann::json;

/// Appends `len:bytes`, which makes concatenations unambiguous.
void append_counted(std::string& out, std::string_view bytes) {
  out += std::to_string(bytes.size());
  out += ':';
  out += bytes;
}

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') {
    return c - 'A';
  }
  if (c >= 'a' && c <= 'z') {
    return c - 'a' + 26;
  }
  if (c >= '0' && c <= '9') {
    return c - '0' + 52;
  }
  if (c == '+' || c == '-') {
    return 62;  // '-' and '_': the URL-safe alphabet decodes to the same bytes
  }
  if (c == '/' || c == '_') {
    return 63;
  }
  return -1;
}

/// Decodes base64 (padding optional), so two encodings of the same bytes compare equal.
Result<std::string> decode_base64(std::string_view text) {
  while (!text.empty() && text.back() == '=') {
    text.remove_suffix(1);
  }
  std::string out;
  out.reserve(text.size() * 3 / 4);
  std::uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    const int value = base64_value(c);
    if (value < 0) {
      return fail("InvalidItem", fmt::format("binary value is not base64 (character '{}')", c));
    }
    buffer = (buffer << 6) | static_cast<std::uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  return out;
}

Result<std::string> string_of(const Json& value, std::string_view type) {
  if (!value.is_string()) {
    return fail("InvalidItem", fmt::format("a {} value must be a JSON string", type));
  }
  return value.get<std::string>();
}

/// Canonical element texts of a set, sorted (sets have no order).
template <class Canonicalise>
Result<std::string> canonical_set(const Json& elements, std::string_view tag, Canonicalise canonicalise) {
  if (!elements.is_array()) {
    return fail("InvalidItem", fmt::format("a {} value must be a JSON array", tag));
  }
  std::vector<std::string> parts;
  parts.reserve(elements.size());
  for (const auto& element : elements) {
    auto text = string_of(element, tag);
    if (!text) {
      return std::unexpected(text.error());
    }
    auto canonical = canonicalise(*text);
    if (!canonical) {
      return std::unexpected(canonical.error());
    }
    parts.push_back(std::move(*canonical));
  }
  std::sort(parts.begin(), parts.end());
  std::string out(tag);
  out += std::to_string(parts.size());
  out += ':';
  for (const auto& part : parts) {
    append_counted(out, part);
  }
  return out;
}

Result<std::string> canonical_map(const Json& members) {
  if (!members.is_object()) {
    return fail("InvalidItem", "an M value (or an item) must be a JSON object");
  }
  // nlohmann::json keeps object members sorted by key (std::map), so iteration order is canonical.
  // Appended piece by piece: `"M" + std::to_string(...)` makes GCC 12 at -O3 warn (-Wrestrict) about
  // the inlined insert into the temporary (a false positive, GCC bug 105329).
  std::string out = "M";
  out += std::to_string(members.size());
  out += ':';
  for (auto member = members.begin(); member != members.end(); ++member) {
    append_counted(out, member.key());
    auto canonical = canonical_attribute(member.value());
    if (!canonical) {
      return std::unexpected(canonical.error());
    }
    out += *canonical;
  }
  return out;
}

}  // namespace

Result<std::string> canonical_number(std::string_view number) {
  auto invalid = [&] { return fail("InvalidItem", fmt::format("'{}' is not a DynamoDB number", number)); };
  std::size_t pos = 0;
  bool negative = false;
  if (pos < number.size() && (number[pos] == '-' || number[pos] == '+')) {
    negative = number[pos] == '-';
    ++pos;
  }
  std::string digits;
  std::int64_t point = -1;  // digits before the decimal point, once seen
  bool any_digit = false;
  for (; pos < number.size(); ++pos) {
    const char c = number[pos];
    if (c >= '0' && c <= '9') {
      digits += c;
      any_digit = true;
    } else if (c == '.' && point < 0) {
      point = static_cast<std::int64_t>(digits.size());
    } else {
      break;
    }
  }
  if (!any_digit) {
    return invalid();
  }
  if (point < 0) {
    point = static_cast<std::int64_t>(digits.size());
  }
  std::int64_t exponent = 0;
  if (pos < number.size()) {
    if (number[pos] != 'e' && number[pos] != 'E') {
      return invalid();
    }
    ++pos;
    bool exponent_negative = false;
    if (pos < number.size() && (number[pos] == '-' || number[pos] == '+')) {
      exponent_negative = number[pos] == '-';
      ++pos;
    }
    const std::size_t exponent_start = pos;
    for (; pos < number.size() && number[pos] >= '0' && number[pos] <= '9'; ++pos) {
      if (pos - exponent_start >= 9) {
        return invalid();  // far beyond DynamoDB's range
      }
      exponent = exponent * 10 + (number[pos] - '0');
    }
    if (pos == exponent_start || pos != number.size()) {
      return invalid();
    }
    if (exponent_negative) {
      exponent = -exponent;
    }
  }
  // value = 0.digits * 10^point * 10^exponent; strip zeros on both ends.
  const std::size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) {
    return std::string("0");
  }
  const std::size_t last = digits.find_last_not_of('0');
  const std::int64_t scientific = point - static_cast<std::int64_t>(first) - 1 + exponent;
  std::string out;
  if (negative) {
    out += '-';
  }
  out += digits[first];
  if (last > first) {
    out += '.';
    out.append(digits, first + 1, last - first);
  }
  out += 'E';
  out += std::to_string(scientific);
  return out;
}

Result<std::string> canonical_attribute(const Json& value) {
  if (!value.is_object() || value.size() != 1) {
    return fail("InvalidItem", "an AttributeValue must be an object with exactly one type key");
  }
  const auto member = value.begin();
  const std::string& type = member.key();
  const Json& inner = member.value();
  if (type == "S") {
    auto text = string_of(inner, "S");
    if (!text) {
      return std::unexpected(text.error());
    }
    std::string out = "S";
    append_counted(out, *text);
    return out;
  }
  if (type == "N") {
    auto text = string_of(inner, "N");
    if (!text) {
      return std::unexpected(text.error());
    }
    auto number = canonical_number(*text);
    if (!number) {
      return std::unexpected(number.error());
    }
    std::string out = "N";
    append_counted(out, *number);
    return out;
  }
  if (type == "B") {
    auto text = string_of(inner, "B");
    if (!text) {
      return std::unexpected(text.error());
    }
    auto bytes = decode_base64(*text);
    if (!bytes) {
      return std::unexpected(bytes.error());
    }
    std::string out = "B";
    append_counted(out, *bytes);
    return out;
  }
  if (type == "SS") {
    return canonical_set(inner, "SS", [](const std::string& s) -> Result<std::string> { return s; });
  }
  if (type == "NS") {
    return canonical_set(inner, "NS", [](const std::string& s) { return canonical_number(s); });
  }
  if (type == "BS") {
    return canonical_set(inner, "BS", [](const std::string& s) { return decode_base64(s); });
  }
  if (type == "L") {
    if (!inner.is_array()) {
      return fail("InvalidItem", "an L value must be a JSON array");
    }
    std::string out = "L" + std::to_string(inner.size()) + ":";
    for (const auto& element : inner) {
      auto canonical = canonical_attribute(element);
      if (!canonical) {
        return std::unexpected(canonical.error());
      }
      out += *canonical;
    }
    return out;
  }
  if (type == "M") {
    return canonical_map(inner);
  }
  if (type == "BOOL") {
    if (!inner.is_boolean()) {
      return fail("InvalidItem", "a BOOL value must be true or false");
    }
    return std::string(inner.get<bool>() ? "T" : "F");
  }
  if (type == "NULL") {
    return std::string("Z");
  }
  return fail("InvalidItem", fmt::format("unknown AttributeValue type '{}'", type));
}

Result<std::string> canonical_item(const Json& item) {
  return canonical_map(item);
}

Result<Digest256> item_hash(const Json& item) {
  auto canonical = canonical_item(item);
  if (!canonical) {
    return std::unexpected(canonical.error());
  }
  Digest256 hash{};
  unsigned int length = 0;
  if (EVP_Digest(canonical->data(), canonical->size(), hash.data(), &length, EVP_sha256(), nullptr) != 1) {
    return fail("DigestError", "SHA-256 failed (OpenSSL)");
  }
  return hash;
}

void TableDigest::add(const Digest256& hash) {
  unsigned carry = 0;
  for (std::size_t i = m_sum.size(); i-- > 0;) {
    const unsigned total = m_sum[i] + hash[i] + carry;
    m_sum[i] = static_cast<std::uint8_t>(total & 0xFF);
    carry = total >> 8;
  }
  ++m_count;
}

void TableDigest::merge(const TableDigest& other) {
  const std::int64_t count = m_count;
  add(other.m_sum);
  m_count = count + other.m_count;
}

std::string TableDigest::hex() const {
  std::string out;
  out.reserve(64);
  for (auto byte : m_sum) {
    out += fmt::format("{:02x}", byte);
  }
  return out;
}

void SharedTableDigest::merge(const TableDigest& partial) {
  std::lock_guard lock(m_mutex);
  m_digest.merge(partial);
}

TableDigest SharedTableDigest::value() const {
  std::lock_guard lock(m_mutex);
  return m_digest;
}

}  // namespace ddbmv::dynamodb
