#include "migrate/apply/apply_context.h"

namespace ddbmv::migrate {

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
