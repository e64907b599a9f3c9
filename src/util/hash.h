#pragma once
/// SHA-256 and HMAC-SHA256 (OpenSSL EVP), and lower-case hex.

#include <string>
#include <string_view>

namespace ddbmv {

/// Lower-case hex of `bytes`: two characters per byte.
std::string hex_lower(std::string_view bytes);

/// The raw 32-byte SHA-256 digest of `data`.
std::string sha256(std::string_view data);

/// Lower-case hex of the SHA-256 digest of `data` (64 characters).
std::string sha256_hex(std::string_view data);

/// The raw 32-byte HMAC-SHA256 of `data` under `key`.
std::string hmac_sha256(std::string_view key, std::string_view data);

/// Lower-case hex of the HMAC-SHA256 of `data` under `key` (64 characters).
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

}  // namespace ddbmv
