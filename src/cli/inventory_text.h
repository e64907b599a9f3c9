#pragma once
/// The readable summary of an Inventory that `discover` prints: each table with its settings and
/// dependent count, each function with the names of the variables that reference a table. Never an
/// environment value other than a table name or ARN.

#include <string>

#include "migrate/plan/inventory.h"

namespace ddbmv::cli {

std::string render_inventory_text(const migrate::Inventory& inventory);

}  // namespace ddbmv::cli
