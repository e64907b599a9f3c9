#include "util/hash.h"

#include <gtest/gtest.h>

namespace ddbmv {
namespace {

TEST(Hash, Sha256HexMatchesKnownDigests) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(Hash, Sha256HandlesEmbeddedNulBytes) {
  const std::string with_nul("a\0b", 3);
  EXPECT_NE(sha256_hex(with_nul), sha256_hex("a"));
  EXPECT_EQ(sha256(with_nul).size(), 32u);
}

TEST(Hash, HmacSha256MatchesRfc4231TestCase2) {
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(hmac_sha256("Jefe", "what do ya want for nothing?").size(), 32u);
}

TEST(Hash, HexIsLowerCaseTwoCharactersPerByte) {
  EXPECT_EQ(hex_lower(std::string("\x00\xab\xff\x10", 4)), "00abff10");
  EXPECT_EQ(hex_lower(""), "");
}

}  // namespace
}  // namespace ddbmv
