#pragma once
/// A table's item count and order-independent digest, as verify computes them (verify/verify.h) and
/// apply's journal records them: decommission later compares the old table against it.

#include <cstdint>
#include <string>

namespace ddbmv::migrate {

struct TableFingerprint {
  std::string table;
  std::int64_t count = 0;
  std::string digest;  ///< 64 lower-case hex digits (see dynamodb::TableDigest)

  friend bool operator==(const TableFingerprint&, const TableFingerprint&) = default;
};

}  // namespace ddbmv::migrate
