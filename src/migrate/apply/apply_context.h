#pragma once
/// What every apply phase works with: the plan, the clients, the journal, the changes log, the clock,
/// the options and a reporter that tells the user what happened.

#include <array>
#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "aws/service_client.h"
#include "migrate/control/clients.h"
#include "migrate/control/waiters.h"
#include "migrate/copy/copy_engine.h"
#include "migrate/journal/changes_log.h"
#include "migrate/journal/journal.h"
#include "migrate/plan/plan.h"
#include "migrate/streams/live_writes.h"
#include "util/clock.h"
#include "util/error.h"

namespace ddbmv::migrate {

enum class Phase { kPrepare, kCreate, kCopy, kCutover, kValidate };
inline constexpr std::array<Phase, 5> kPhases = {Phase::kPrepare, Phase::kCreate, Phase::kCopy,
                                                 Phase::kCutover, Phase::kValidate};

/// "prepare", "create", "copy", "cutover", "validate".
std::string_view to_string(Phase phase);
std::optional<Phase> parse_phase(std::string_view text);

struct ApplyOptions {
  std::optional<Phase> until;                        ///< --until: stop after this phase
  std::optional<int> segments;                       ///< --segments
  std::optional<double> max_write_rate;              ///< --max-write-rate (items/s)
  std::optional<std::filesystem::path> test_events;  ///< --test-events DIR (DIR/<function>.json)
  bool publish_aliases = false;                      ///< --publish-aliases
  bool live = true;                                  ///< false with --no-live
  /// After the last function is switched, the replication ends once every stream has been quiet this
  /// long (--live-quiet): covers invocations still running with the old configuration.
  std::chrono::milliseconds live_quiet{std::chrono::seconds(5)};
  int max_concurrent_creates = 10;  ///< tables in CREATING at once (well inside AWS's limits)
  /// Functions re-pointed at once: short cutover window, well inside Lambda's control-plane rate.
  int max_concurrent_cutovers = 4;
  PollPolicy table_poll;
  PollPolicy backup_poll;
  PollPolicy function_poll{std::chrono::milliseconds(250), std::chrono::milliseconds(3'000), 1.5,
                           std::chrono::minutes(10)};
  const std::atomic<bool>* cancel = nullptr;  ///< set (by SIGINT) to stop the copy at the next page
  Journal::AppendHook journal_hook;           ///< called after each journal record (test hooks)
};

/// How apply talks to the user; every member may be empty.
struct ApplyReporter {
  /// One line per thing done (or found done), e.g. "PITR enabled on ai-nexus-dev-stripe-customers".
  std::function<void(Phase phase, const std::string& line)> say;
  std::function<void(const CopyProgress& progress)> copy_progress;
  /// A table's copy has ended (its final figures).
  std::function<void(const CopyProgress& progress)> copy_finished;
  /// Live writes: a replication's lag and totals, from its thread (about twice a second).
  std::function<void(const ReplicationProgress& progress)> replication_progress;
};

/// What a phase did, for the summary (`--output json`).
struct PhaseReport {
  Phase phase = Phase::kPrepare;
  std::vector<std::string> actions;  ///< what the reporter was told, in order
  nlohmann::json details = nlohmann::json::object();
};

struct ApplyContext {
  const Plan& plan;
  std::filesystem::path plan_path;  ///< as the user named it (for hints: "ddbmv rollback PLAN")
  const Clients& clients;
  Journal& journal;
  ChangesLog& changes;
  std::shared_ptr<const Clock> clock;
  const ApplyOptions& options;
  const ApplyReporter& reporter;
  /// Live writes for this run (null with --no-live): capture before the copy, catch up after it,
  /// follow through the cutover, drain, then verify and release.
  LiveWrites* live = nullptr;

  /// Tells the reporter and records the line in `report`.
  void say(PhaseReport& report, std::string line) const;
  /// Appends a CHANGES.log line for a mutating call that succeeded.
  Result<void> log_change(std::string operation, std::string resource, nlohmann::json changed) const;
};

/// An AWS outcome as a user-facing Result.
template <class T>
Result<T> lift(aws::Outcome<T> outcome) {
  if (!outcome)
    return std::unexpected(outcome.error().to_error());
  if constexpr (std::is_void_v<T>) {
    return {};
  } else {
    return std::move(*outcome);
  }
}

/// Shorthand: `if (auto r = ...; !r) return forward(r);`
template <class T>
std::unexpected<Error> forward(const Result<T>& failed) {
  return std::unexpected(failed.error());
}

}  // namespace ddbmv::migrate
