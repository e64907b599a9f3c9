#pragma once
/// The version `ddbmv --version` prints, from the git tag and commit it was built from (see
/// cmake/version.cmake); only the ddbmv executable defines it.

#include <string_view>

namespace ddbmv::cli {

/// "1.2.0", "1.2.0-3-gabc1234", "0.1.0-gabc1234-dirty", or the project version outside git.
std::string_view version();

}  // namespace ddbmv::cli
