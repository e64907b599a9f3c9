#pragma once
/// The apply journal: an append-only JSON-lines file (`journal.jsonl` beside the plan) with one
/// record per step event, so that a crashed or interrupted run continues where it stopped and
/// status / rollback / decommission know exactly what was done.
///
/// Line 1, the header:
///   {"seq":0,"journal":"ddbmv-journal","version":1,"plan_digest":"<hex>","migration_id":"mv-…",
///    "ddbmv_version":"0.1.0","created":"2026-…Z","hash":"<hex>"}
/// Every further line, a record:
///   {"seq":N,"time":"2026-…Z","step":"create.table/diatonic-ai-stripe-customers",
///    "event":"intent|done|failed|checkpoint|note","data":{…},"hash":"<hex>"}
/// `seq` counts lines from 0; `hash` is sha256(previous line's hash + "\n" + the line's JSON without
/// "hash"), so an edited, reordered or removed line is detected. Step names are stable (see
/// journal_steps.h).

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "migrate/journal/journal_storage.h"
#include "util/clock.h"
#include "util/error.h"

namespace ddbmv::migrate {

using Json = nlohmann::json;

inline constexpr std::string_view kJournalFormat = "ddbmv-journal";
inline constexpr int kJournalVersion = 1;

struct JournalHeader {
  std::string plan_digest;   ///< plan_digest() of the plan this journal carries out
  std::string migration_id;  ///< the plan's migration_id
  std::string ddbmv_version;
  std::string created;  ///< ISO 8601 UTC
};

enum class JournalEvent { kIntent, kDone, kFailed, kCheckpoint, kNote };

std::string_view to_string(JournalEvent event);
std::optional<JournalEvent> journal_event_from_string(std::string_view text);

struct JournalRecord {
  std::int64_t seq = 0;
  std::string time;  ///< ISO 8601 UTC
  std::string step;
  JournalEvent event = JournalEvent::kNote;
  Json data;  ///< an object (possibly empty)
};

/// Where one step stands after folding all of its records.
enum class StepStatus {
  kStarted,  ///< an intent (or a checkpoint) without an outcome: re-check against AWS before redoing
  kDone,
  kFailed,
};

struct StepState {
  StepStatus status = StepStatus::kStarted;
  Json intent;              ///< data of the latest intent (null if none)
  Json result;              ///< data of the latest done (null if none)
  Json error;               ///< data of the latest failed (null if none)
  Json checkpoint;          ///< data of the latest checkpoint (null if none)
  std::string started_at;   ///< time of the latest intent
  std::string finished_at;  ///< time of the latest done/failed
};

/// A journal folded into what a run needs to know.
struct JournalState {
  std::optional<JournalHeader> header;  ///< empty: no journal yet (the plan was never applied)
  std::vector<JournalRecord> records;   ///< every record after the header, in order
  std::map<std::string, StepState> steps;
  std::size_t valid_bytes = 0;           ///< bytes up to and including the last complete line
  std::size_t truncated_tail_bytes = 0;  ///< >0: a torn last line (a crash mid-write) was ignored
  std::string last_hash;                 ///< `hash` of the last complete line (chains the next one)

  const StepState* find(std::string_view step) const;
  bool is_done(std::string_view step) const;
  /// The data of `step`'s done record, or null.
  Json result_of(std::string_view step) const;
  /// The latest checkpoint data of `step`, or null.
  Json checkpoint_of(std::string_view step) const;
  /// Names of the steps that start with `prefix`, sorted.
  std::vector<std::string> steps_with_prefix(std::string_view prefix) const;
  std::int64_t next_seq() const { return static_cast<std::int64_t>(records.size()) + (header ? 1 : 0); }
};

/// Parses and checks a journal's text. Tolerates a torn last line (no trailing newline: reported in
/// truncated_tail_bytes). Fails, naming the line, on a malformed or tampered line anywhere else, a
/// wrong seq, a missing or unknown header, or — when `expected_plan_digest` is given — a header of
/// another plan.
Result<JournalState> parse_journal(std::string_view text, std::string_view source_name,
                                   const std::optional<std::string>& expected_plan_digest);

/// Reads and parses the journal in `storage` (see parse_journal). Changes nothing.
Result<JournalState> read_journal(const JournalStorage& storage,
                                  const std::optional<std::string>& expected_plan_digest);

/// The journal of one run, open for appending. Thread-safe: copy workers checkpoint concurrently.
class Journal {
 public:
  /// Called after each record is durably appended (test hooks: crash right after a given step).
  using AppendHook = std::function<void(const JournalRecord&)>;

  /// Opens the journal in `storage` for the plan `header` describes: writes the header when the
  /// journal is empty, otherwise checks it is this plan's (same plan_digest) and intact. A torn last
  /// line is cut off and a note records that (state().truncated_tail_bytes tells the caller).
  static Result<std::unique_ptr<Journal>> open(std::unique_ptr<JournalStorage> storage, JournalHeader header,
                                               std::shared_ptr<const Clock> clock);

  /// Appends one record (durable on success) and folds it into state().
  Result<void> append(std::string_view step, JournalEvent event, Json data = Json::object());
  Result<void> intent(std::string_view step, Json data = Json::object()) {
    return append(step, JournalEvent::kIntent, std::move(data));
  }
  Result<void> done(std::string_view step, Json data = Json::object()) {
    return append(step, JournalEvent::kDone, std::move(data));
  }
  Result<void> failed(std::string_view step, Json data = Json::object()) {
    return append(step, JournalEvent::kFailed, std::move(data));
  }
  Result<void> checkpoint(std::string_view step, Json data) {
    return append(step, JournalEvent::kCheckpoint, std::move(data));
  }
  Result<void> note(std::string_view step, Json data) {
    return append(step, JournalEvent::kNote, std::move(data));
  }

  /// A snapshot of the folded state.
  JournalState state() const;
  bool is_done(std::string_view step) const;
  /// A copy of `step`'s state; empty when the journal has no record of it.
  std::optional<StepState> step(std::string_view step) const;
  Json result_of(std::string_view step) const;
  Json checkpoint_of(std::string_view step) const;
  const JournalHeader& header() const { return m_header; }
  std::string describe() const { return m_storage->describe(); }

  void set_append_hook(AppendHook hook) { m_hook = std::move(hook); }

  Journal(std::unique_ptr<JournalStorage> storage, JournalState state, std::shared_ptr<const Clock> clock);

 private:
  std::unique_ptr<JournalStorage> m_storage;
  JournalHeader m_header;
  JournalState m_state;
  std::string m_last_hash;
  std::shared_ptr<const Clock> m_clock;
  AppendHook m_hook;
  mutable std::mutex m_mutex;
};

/// Folds one record into `state` (exposed for tests and for readers that replay records).
void fold_record(JournalState& state, const JournalRecord& record);

}  // namespace ddbmv::migrate
