#pragma once
/// The canonical key text of an item of a table keyed by the string attribute "pk" alone, as the
/// verify and replication code compare keys.

#include <string>

#include "dynamodb/item_digest.h"

namespace ddbmv::testing {

inline std::string pk_key(const std::string& pk) {
  return dynamodb::canonical_item(nlohmann::json{{"pk", {{"S", pk}}}}).value();
}

}  // namespace ddbmv::testing
