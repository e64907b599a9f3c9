#include "migrate/journal/apply_phase.h"

namespace ddbmv::migrate {

std::string_view to_string(Phase phase) {
  for (const auto& named : kPhaseNames) {
    if (named.phase == phase)
      return named.name;
  }
  return "unknown";
}

std::optional<Phase> parse_phase(std::string_view text) {
  for (const auto& named : kPhaseNames) {
    if (named.name == text)
      return named.phase;
  }
  return std::nullopt;
}

std::string phase_list() {
  std::string out;
  for (const auto& named : kPhaseNames) {
    if (!out.empty())
      out += ", ";
    out += named.name;
  }
  return out;
}

}  // namespace ddbmv::migrate
