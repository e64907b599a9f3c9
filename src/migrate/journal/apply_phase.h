#pragma once
/// The five phases of apply, named once: the journal records each as "phase/<name>", --until and
/// status use the names, and apply/apply_sequence.cpp lists the steps of each in order.

#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace ddbmv::migrate {

enum class Phase { kPrepare, kCreate, kCopy, kCutover, kValidate };

struct PhaseName {
  Phase phase;
  std::string_view name;     ///< as the journal, --until and status spell it
  std::string_view summary;  ///< what it does, in a few words (empty: the name says it)
};

/// In the order apply runs them.
inline constexpr std::array<PhaseName, 5> kPhaseNames{{
    {Phase::kPrepare, "prepare", "PITR, backups"},
    {Phase::kCreate, "create", "identical tables, wait ACTIVE"},
    {Phase::kCopy, "copy", "with live writes: streams captured before, caught up after"},
    {Phase::kCutover, "cutover", "Lambda environment; replication follows, drains, then verify"},
    {Phase::kValidate, "validate", "test invocations"},
}};

inline constexpr std::array<Phase, kPhaseNames.size()> kPhases = [] {
  std::array<Phase, kPhaseNames.size()> phases{};
  for (std::size_t i = 0; i < kPhaseNames.size(); ++i)
    phases[i] = kPhaseNames[i].phase;
  return phases;
}();

/// "prepare", "create", "copy", "cutover", "validate".
std::string_view to_string(Phase phase);
std::optional<Phase> parse_phase(std::string_view text);
/// "prepare, create, copy, cutover, validate" (for messages).
std::string phase_list();

}  // namespace ddbmv::migrate
