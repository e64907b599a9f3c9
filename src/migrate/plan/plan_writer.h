#pragma once
/// Writes a plan directory: DIR/specs/<target>.json (one CreateTable input per table), DIR/plan.md and
/// DIR/plan.json, each atomically, plan.json last (it is what apply reads, so a directory without it is
/// not a plan). On failure, the files this call wrote are removed again.

#include <filesystem>

#include "migrate/plan/plan.h"
#include "util/error.h"

namespace ddbmv::migrate {

/// Fails (code "PlanExists") when DIR/plan.json exists and `overwrite` is false, (code
/// "FileWriteFailed") naming the path when a file cannot be written.
Result<void> write_plan_directory(const std::filesystem::path& dir, const Plan& plan, bool overwrite);

}  // namespace ddbmv::migrate
