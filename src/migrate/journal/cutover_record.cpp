#include "migrate/journal/cutover_record.h"

#include "migrate/journal/step_names.h"
#include "util/time_format.h"

namespace ddbmv::migrate {

namespace {

/// Apply's record that the cutover finished: done {cutover_time}.
constexpr std::string_view kCutoverCompleteStep = "cutover.complete";

/// `{"count":N,"digest":"hex"}`, possibly nested under "fingerprint" or "old".
std::optional<TableFingerprint> fingerprint_in(const Json& data, std::string_view table) {
  if (!data.is_object()) {
    return std::nullopt;
  }
  for (const char* nested : {"fingerprint", "old"}) {
    if (auto inner = data.find(nested); inner != data.end()) {
      if (auto found = fingerprint_in(*inner, table)) {
        return found;
      }
    }
  }
  const auto count = data.find("count");
  const auto digest = data.find("digest");
  if (count == data.end() || !count->is_number_integer() || digest == data.end() || !digest->is_string()) {
    return std::nullopt;
  }
  return TableFingerprint{std::string(table), count->get<std::int64_t>(), digest->get<std::string>()};
}

/// The steps apply may record the old table's state at cutover in: any "cutover…/<source>" step.
std::vector<const StepState*> cutover_steps_of(const JournalState& journal, std::string_view source) {
  std::vector<const StepState*> found;
  std::string suffix = "/";  // not `"/" + std::string(source)`: GCC 12 -O3's -Wrestrict false positive
  suffix += source;
  for (const auto& [name, state] : journal.steps) {
    if (name.starts_with("cutover") && name.ends_with(suffix) && !name.starts_with("cutover.function/")) {
      found.push_back(&state);
    }
  }
  return found;
}

std::optional<TimePoint> explicit_time(const Json& data) {
  if (!data.is_object()) {
    return std::nullopt;
  }
  for (const char* key : {"cutover_time", "cutover_at", "at", "time"}) {
    if (auto value = data.find(key); value != data.end() && value->is_string()) {
      if (auto parsed = parse_iso8601(value->get<std::string>())) {
        return parsed;
      }
    }
  }
  return std::nullopt;
}

}  // namespace

bool cutover_complete(const Plan& plan, const JournalState& journal) {
  if (journal.is_done(kCutoverCompleteStep)) {
    return true;
  }
  if (plan.functions.empty()) {
    for (const auto& table : plan.tables) {
      if (!journal.is_done(steps::verify(table.source)) && !journal.is_done(steps::verify(table.target))) {
        return false;
      }
    }
    return !plan.tables.empty();
  }
  for (const auto& function : plan.functions) {
    if (!function.changes.empty() && !journal.is_done(steps::cutover_function(function.name))) {
      return false;
    }
  }
  return true;
}

bool cutover_started(const Plan& plan, const JournalState& journal) {
  for (const auto& function : plan.functions) {
    if (journal.find(steps::cutover_function(function.name)) != nullptr) {
      return true;
    }
  }
  return false;
}

std::optional<TimePoint> cutover_time(const Plan& plan, const JournalState& journal) {
  if (!cutover_complete(plan, journal)) {
    return std::nullopt;
  }
  std::optional<TimePoint> latest;
  auto consider = [&latest](std::optional<TimePoint> time) {
    if (time && (!latest || *time > *latest)) {
      latest = time;
    }
  };
  if (auto explicit_complete = explicit_time(journal.result_of(kCutoverCompleteStep))) {
    return explicit_complete;
  }
  bool have_explicit = false;
  for (const auto& table : plan.tables) {
    for (const StepState* state : cutover_steps_of(journal, table.source)) {
      if (auto time = explicit_time(state->result)) {
        consider(time);
        have_explicit = true;
      }
    }
  }
  if (have_explicit) {
    return latest;
  }
  for (const auto& function : plan.functions) {
    if (const StepState* state = journal.find(steps::cutover_function(function.name))) {
      consider(parse_iso8601(state->finished_at));
    }
  }
  if (!latest) {
    for (const auto& table : plan.tables) {
      for (const auto& name : {steps::verify(table.source), steps::verify(table.target)}) {
        if (const StepState* state = journal.find(name)) {
          consider(parse_iso8601(state->finished_at));
        }
      }
    }
  }
  return latest;
}

std::optional<TableFingerprint> cutover_fingerprint(const JournalState& journal, std::string_view source) {
  for (const StepState* state : cutover_steps_of(journal, source)) {
    for (const Json* data : {&state->result, &state->checkpoint, &state->intent}) {
      if (auto found = fingerprint_in(*data, source)) {
        return found;
      }
    }
  }
  return std::nullopt;
}

}  // namespace ddbmv::migrate
