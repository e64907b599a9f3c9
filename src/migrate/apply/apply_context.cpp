#include "migrate/apply/apply_context.h"

namespace ddbmv::migrate {

std::string_view to_string(Phase phase) {
  switch (phase) {
    case Phase::kPrepare:
      return "prepare";
    case Phase::kCreate:
      return "create";
    case Phase::kCopy:
      return "copy";
    case Phase::kCutover:
      return "cutover";
    case Phase::kValidate:
      return "validate";
  }
  return "prepare";
}

std::optional<Phase> parse_phase(std::string_view text) {
  for (Phase phase : kPhases) {
    if (to_string(phase) == text)
      return phase;
  }
  return std::nullopt;
}

void ApplyContext::say(PhaseReport& report, std::string line) const {
  if (reporter.say)
    reporter.say(report.phase, line);
  report.actions.push_back(std::move(line));
}

Result<void> ApplyContext::log_change(std::string operation, std::string resource,
                                      nlohmann::json changed) const {
  return changes.record(ChangeRecord{std::move(operation), std::move(resource), std::move(changed), {}});
}

}  // namespace ddbmv::migrate
