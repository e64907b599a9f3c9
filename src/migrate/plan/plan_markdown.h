#pragma once
/// plan.md: the plan as a reviewer reads it, in the seed document's sections — overview, steps,
/// tables to migrate, functions to update, warnings, schema specifications, execution commands (ddbmv
/// and the equivalent aws CLI), checklists, rollback plan, timeline. Written from the Plan alone, so it
/// never holds an environment value other than a table name or ARN.

#include <string>

#include "migrate/plan/plan.h"

namespace ddbmv::migrate {

/// The document; `plan_dir` is how commands refer to the plan directory (e.g. "plans/stripe").
std::string render_plan_markdown(const Plan& plan, const std::string& plan_dir = ".");

/// "0 bytes", "512 bytes", "1.5 KiB", "2.0 GiB".
std::string format_bytes(std::int64_t bytes);
/// "45 s", "3 min 20 s", "1 h 5 min".
std::string format_duration(std::int64_t seconds);

}  // namespace ddbmv::migrate
