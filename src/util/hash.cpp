#include "util/hash.h"

#include <openssl/evp.h>

#include <array>
#include <stdexcept>

namespace ddbmv {

namespace {

constexpr std::size_t kSha256Size = 32;

}  // namespace

std::string hex_lower(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const char c : bytes) {
    const auto byte = static_cast<unsigned char>(c);
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 0x0f]);
  }
  return out;
}

std::string sha256(std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1 ||
      size != kSha256Size) {
    // Only fails when OpenSSL itself is broken (no memory, no SHA-256): nothing a caller can handle.
    throw std::runtime_error("OpenSSL SHA-256 failed");
  }
  return std::string(reinterpret_cast<const char*>(digest.data()), size);
}

std::string sha256_hex(std::string_view data) {
  return hex_lower(sha256(data));
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  std::size_t size = 0;
  if (EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(), key.size(),
                reinterpret_cast<const unsigned char*>(data.data()), data.size(), mac.data(), mac.size(),
                &size) == nullptr ||
      size != kSha256Size) {
    throw std::runtime_error("OpenSSL HMAC-SHA256 failed");
  }
  return std::string(reinterpret_cast<const char*>(mac.data()), size);
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
  return hex_lower(hmac_sha256(key, data));
}

}  // namespace ddbmv
