#pragma once
/// Content digests for fingerprints (inventory, schema, plan).

#include <string>
#include <string_view>

namespace ddbmv::migrate {

/// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

}  // namespace ddbmv::migrate
