#pragma once
/// The options every subcommand shares, parsed once in main and passed down unchanged.

#include <optional>
#include <string>

#include "aws/config.h"

namespace ddbmv::cli {

enum class OutputFormat { kText, kJson };

struct GlobalOptions {
  aws::ConfigInputs aws;                      ///< --profile, --region, --endpoint-url
  OutputFormat output = OutputFormat::kText;  ///< --output text|json
  bool debug = false;                         ///< --debug: one stderr line per AWS call
  bool progress = true;                       ///< progress display on a terminal (--no-progress turns it off)
};

}  // namespace ddbmv::cli
