#pragma once
/// The readable summary `plan` prints: tables to migrate, functions to update (variable names only),
/// warnings and the estimate.

#include <string>

#include "migrate/plan/plan.h"

namespace ddbmv::cli {

std::string render_plan_text(const migrate::Plan& plan);

}  // namespace ddbmv::cli
