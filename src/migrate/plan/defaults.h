#pragma once
/// Defaults a user meets in more than one place (the plan's text, status, decommission's --after),
/// each written once here.

#include <chrono>
#include <string>

namespace ddbmv::migrate {

/// How long after the cutover decommission may delete the old tables (--after).
inline constexpr std::chrono::seconds kDefaultObservationWindow{std::chrono::days(7)};

/// "7 days": the default window as the plan's text and status say it.
inline std::string default_observation_window_text() {
  return std::to_string(std::chrono::duration_cast<std::chrono::days>(kDefaultObservationWindow).count()) +
         " days";
}

}  // namespace ddbmv::migrate
