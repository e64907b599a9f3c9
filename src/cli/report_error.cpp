#include <fmt/core.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "cli/commands.h"

namespace ddbmv::cli {

void report_error(const Context& context, const Error& error) {
  if (context.options().output == OutputFormat::kJson) {
    nlohmann::json out = {
        {"error", {{"code", error.code}, {"message", error.message}, {"hint", error.hint}}}};
    fmt::print(stderr, "{}\n", out.dump());
    return;
  }
  fmt::print(stderr, "ddbmv: {}\n", error.message);
  if (!error.hint.empty())
    fmt::print(stderr, "  hint: {}\n", error.hint);
}

}  // namespace ddbmv::cli
