#include "aws/sigv4.h"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <utility>
#include <vector>

#include "util/hash.h"
#include "util/time_format.h"

namespace ddbmv::aws::sigv4 {

namespace {

constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";

/// Headers the signer sets itself; any copy in the request is ignored.
constexpr std::array<std::string_view, 4> kSignerHeaders = {"authorization", "x-amz-date",
                                                            "x-amz-security-token", "x-amz-content-sha256"};
/// Headers that intermediaries may add, drop or rewrite (the list of AWS's JavaScript signer).
constexpr std::array<std::string_view, 14> kUnsignableHeaders = {
    "cache-control", "connection",     "expect", "from",    "keep-alive",        "max-forwards",
    "pragma",        "referer",        "te",     "trailer", "transfer-encoding", "upgrade",
    "user-agent",    "x-amzn-trace-id"};

std::string lower(std::string_view text) {
  std::string out(text);
  std::ranges::transform(out, out.begin(),
                         [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

bool is_unreserved(unsigned char c) {
  return std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~';
}

/// Percent-encodes every byte except unreserved characters (and "/" when `keep_slash`).
std::string uri_encode(std::string_view text, bool keep_slash) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (is_unreserved(c) || (keep_slash && c == '/')) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0x0f]);
    }
  }
  return out;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

/// Decodes %XX and "+" (as space, as form decoding and AWS's own signers' parsers do); a malformed
/// escape stays literal.
std::string query_decode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '%' && i + 2 < text.size()) {
      const int high = hex_value(text[i + 1]);
      const int low = hex_value(text[i + 2]);
      if (high >= 0 && low >= 0) {
        out.push_back(static_cast<char>(high * 16 + low));
        i += 2;
        continue;
      }
    }
    out.push_back(text[i] == '+' ? ' ' : text[i]);
  }
  return out;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

/// Trims and collapses every run of whitespace (line folds included) to one space.
std::string canonical_header_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  bool pending_space = false;
  for (const char c : value) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) {
      out.push_back(' ');
      pending_space = false;
    }
    out.push_back(c);
  }
  return out;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const auto end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) {
      return parts;
    }
    start = end + 1;
  }
}

std::string normalize_path(std::string_view path) {
  std::vector<std::string_view> segments;
  for (const auto segment : split(path, '/')) {
    if (segment.empty() || segment == ".") {
      continue;
    }
    if (segment == "..") {
      if (!segments.empty()) {
        segments.pop_back();
      }
      continue;
    }
    segments.push_back(segment);
  }
  std::string out = "/";
  for (std::size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) {
      out.push_back('/');
    }
    out.append(segments[i]);
  }
  if (!segments.empty() && path.ends_with('/')) {
    out.push_back('/');
  }
  return out;
}

std::string assemble_canonical_request(const HttpRequest& request, const CanonicalHeaders& headers,
                                       std::string_view payload_hash, const Options& options) {
  return fmt::format("{}\n{}\n{}\n{}\n{}\n{}", request.method,
                     canonical_uri(request.path, options.normalize_path), canonical_query(request.query),
                     headers.canonical, headers.signed_headers, payload_hash);
}

bool has_header(const Headers& headers, std::string_view lower_name) {
  return std::ranges::any_of(headers, [&](const auto& header) { return lower(header.first) == lower_name; });
}

}  // namespace

std::string canonical_uri(std::string_view path, bool normalize) {
  if (path.empty()) {
    return "/";
  }
  if (normalize) {
    return uri_encode(normalize_path(path), true);
  }
  return uri_encode(path, true);
}

std::string canonical_query(std::string_view query) {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto pair : split(query, '&')) {
    if (pair.empty()) {
      continue;
    }
    const auto equals = pair.find('=');
    const auto name = pair.substr(0, equals);
    const auto value = equals == std::string_view::npos ? std::string_view{} : pair.substr(equals + 1);
    pairs.emplace_back(uri_encode(query_decode(name), false), uri_encode(query_decode(value), false));
  }
  std::ranges::sort(pairs);
  std::string out;
  for (const auto& [name, value] : pairs) {
    if (!out.empty()) {
      out.push_back('&');
    }
    out.append(name).append("=").append(value);
  }
  return out;
}

CanonicalHeaders canonical_headers(const Headers& headers) {
  // Stable sort by lower-cased name keeps repeated names in the order given.
  std::vector<std::pair<std::string, std::string>> entries;
  entries.reserve(headers.size());
  for (const auto& [name, value] : headers) {
    entries.emplace_back(lower(name), canonical_header_value(value));
  }
  std::ranges::stable_sort(entries, {}, &std::pair<std::string, std::string>::first);
  CanonicalHeaders result;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const auto& [name, value] = entries[i];
    if (i > 0 && entries[i - 1].first == name) {
      result.canonical.pop_back();  // the previous "\n"
      result.canonical.append(",").append(value).append("\n");
      continue;
    }
    if (!result.signed_headers.empty()) {
      result.signed_headers.push_back(';');
    }
    result.signed_headers.append(name);
    result.canonical.append(name).append(":").append(value).append("\n");
  }
  return result;
}

std::string hashed_payload(std::string_view body) {
  return sha256_hex(body);
}

Headers headers_to_sign(const HttpRequest& request, const Headers& added) {
  Headers headers;
  headers.reserve(request.headers.size() + added.size());
  for (const auto& header : request.headers) {
    const auto name = lower(header.first);
    if (std::ranges::find(kSignerHeaders, name) != kSignerHeaders.end() ||
        std::ranges::find(kUnsignableHeaders, name) != kUnsignableHeaders.end()) {
      continue;
    }
    headers.push_back(header);
  }
  headers.insert(headers.end(), added.begin(), added.end());
  return headers;
}

std::string canonical_request(const HttpRequest& request, const Headers& signed_headers,
                              std::string_view payload_hash, const Options& options) {
  return assemble_canonical_request(request, canonical_headers(signed_headers), payload_hash, options);
}

std::string credential_scope(const Scope& scope, TimePoint time) {
  return fmt::format("{}/{}/{}/aws4_request", format_date_stamp(time), scope.region, scope.service);
}

std::string string_to_sign(std::string_view canonical_request, const Scope& scope, TimePoint time) {
  return fmt::format("{}\n{}\n{}\n{}", kAlgorithm, format_amz_date(time), credential_scope(scope, time),
                     sha256_hex(canonical_request));
}

std::string signing_key(std::string_view secret_access_key, const Scope& scope, TimePoint time) {
  std::string secret = "AWS4";
  secret.append(secret_access_key);
  const auto date_key = hmac_sha256(secret, format_date_stamp(time));
  const auto region_key = hmac_sha256(date_key, scope.region);
  const auto service_key = hmac_sha256(region_key, scope.service);
  return hmac_sha256(service_key, "aws4_request");
}

std::string signature(std::string_view signing_key, std::string_view string_to_sign) {
  return hmac_sha256_hex(signing_key, string_to_sign);
}

std::string host_header(std::string_view endpoint) {
  std::string_view scheme;
  if (const auto separator = endpoint.find("://"); separator != std::string_view::npos) {
    scheme = endpoint.substr(0, separator);
    endpoint.remove_prefix(separator + 3);
  }
  endpoint = endpoint.substr(0, endpoint.find_first_of("/?#"));
  if (const auto at = endpoint.rfind('@'); at != std::string_view::npos) {
    endpoint.remove_prefix(at + 1);
  }
  const auto colon = endpoint.rfind(':');
  const bool has_port =
      colon != std::string_view::npos && endpoint.find(']', colon) == std::string_view::npos;
  if (has_port) {
    const auto port = endpoint.substr(colon + 1);
    const auto lower_scheme = lower(scheme);
    if ((lower_scheme == "https" && port == "443") || (lower_scheme == "http" && port == "80")) {
      return lower(endpoint.substr(0, colon));
    }
  }
  return lower(endpoint);
}

Signature sign(const HttpRequest& request, const Credentials& credentials, const Scope& scope, TimePoint time,
               const Options& options) {
  const auto payload_hash = hashed_payload(request.body);
  Headers added;
  if (!has_header(request.headers, "host")) {
    added.emplace_back("Host", host_header(request.endpoint));
  }
  added.emplace_back("X-Amz-Date", format_amz_date(time));
  const bool has_token = !credentials.session_token.empty();
  if (has_token && !options.omit_session_token) {
    added.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }
  if (options.sign_body) {
    added.emplace_back("x-amz-content-sha256", payload_hash);
  }
  const auto canonical = canonical_headers(headers_to_sign(request, added));

  Signature result;
  result.canonical_request = assemble_canonical_request(request, canonical, payload_hash, options);
  result.string_to_sign = string_to_sign(result.canonical_request, scope, time);
  result.signature =
      signature(signing_key(credentials.secret_access_key, scope, time), result.string_to_sign);
  result.authorization = fmt::format("{} Credential={}/{}, SignedHeaders={}, Signature={}", kAlgorithm,
                                     credentials.access_key_id, credential_scope(scope, time),
                                     canonical.signed_headers, result.signature);
  result.headers_to_add = std::move(added);
  if (has_token && options.omit_session_token) {
    result.headers_to_add.emplace_back("X-Amz-Security-Token", credentials.session_token);
  }
  result.headers_to_add.emplace_back("Authorization", result.authorization);
  return result;
}

}  // namespace ddbmv::aws::sigv4
