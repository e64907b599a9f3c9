#include "migrate/journal/journal.h"

#include <fmt/core.h>

#include <algorithm>

#include "util/hash.h"
#include "util/time_format.h"

namespace ddbmv::migrate {

namespace {

constexpr std::string_view kRepairHint =
    "the journal must not be edited; restore it from a copy, or move it away and start over with a fresh "
    "plan";

/// The hash a line must carry: chained to the previous line's hash, over the line without "hash".
std::string chain_hash(std::string_view previous_hash, const Json& line_without_hash) {
  std::string input(previous_hash);
  input += '\n';
  input += line_without_hash.dump();
  return sha256_hex(input);
}

Json header_to_json(const JournalHeader& header) {
  return Json{{"seq", 0},
              {"journal", kJournalFormat},
              {"version", kJournalVersion},
              {"plan_digest", header.plan_digest},
              {"migration_id", header.migration_id},
              {"ddbmv_version", header.ddbmv_version},
              {"created", header.created}};
}

Json record_to_json(const JournalRecord& record) {
  return Json{{"seq", record.seq},
              {"time", record.time},
              {"step", record.step},
              {"event", to_string(record.event)},
              {"data", record.data}};
}

std::unexpected<Error> bad_line(std::string_view source, std::size_t line_number, std::string_view reason) {
  return fail("JournalCorrupt", fmt::format("journal {} line {} {}", source, line_number, reason),
              std::string(kRepairHint));
}

std::optional<std::string> string_field(const Json& object, const char* name) {
  const auto it = object.find(name);
  if (it == object.end() || !it->is_string())
    return std::nullopt;
  return it->get<std::string>();
}

}  // namespace

std::string_view to_string(JournalEvent event) {
  switch (event) {
    case JournalEvent::kIntent:
      return "intent";
    case JournalEvent::kDone:
      return "done";
    case JournalEvent::kFailed:
      return "failed";
    case JournalEvent::kCheckpoint:
      return "checkpoint";
    case JournalEvent::kNote:
      return "note";
  }
  return "note";
}

std::optional<JournalEvent> journal_event_from_string(std::string_view text) {
  for (auto event : {JournalEvent::kIntent, JournalEvent::kDone, JournalEvent::kFailed,
                     JournalEvent::kCheckpoint, JournalEvent::kNote}) {
    if (to_string(event) == text)
      return event;
  }
  return std::nullopt;
}

const StepState* JournalState::find(std::string_view step) const {
  const auto it = steps.find(std::string(step));
  return it == steps.end() ? nullptr : &it->second;
}

bool JournalState::is_done(std::string_view step) const {
  const auto* state = find(step);
  return state != nullptr && state->status == StepStatus::kDone;
}

Json JournalState::result_of(std::string_view step) const {
  const auto* state = find(step);
  return state == nullptr ? Json() : state->result;
}

Json JournalState::checkpoint_of(std::string_view step) const {
  const auto* state = find(step);
  return state == nullptr ? Json() : state->checkpoint;
}

std::vector<std::string> JournalState::steps_with_prefix(std::string_view prefix) const {
  std::vector<std::string> names;
  for (auto it = steps.lower_bound(std::string(prefix)); it != steps.end() && it->first.starts_with(prefix);
       ++it) {
    names.push_back(it->first);
  }
  return names;
}

void fold_record(JournalState& state, const JournalRecord& record) {
  state.records.push_back(record);
  if (record.event == JournalEvent::kNote)
    return;
  StepState& step = state.steps[record.step];
  switch (record.event) {
    case JournalEvent::kIntent:
      step.status = StepStatus::kStarted;
      step.intent = record.data;
      step.started_at = record.time;
      break;
    case JournalEvent::kDone:
      step.status = StepStatus::kDone;
      step.result = record.data;
      step.finished_at = record.time;
      break;
    case JournalEvent::kFailed:
      step.status = StepStatus::kFailed;
      step.error = record.data;
      step.finished_at = record.time;
      break;
    case JournalEvent::kCheckpoint:
      step.checkpoint = record.data;
      if (step.started_at.empty())
        step.started_at = record.time;
      break;
    case JournalEvent::kNote:
      break;
  }
}

Result<JournalState> parse_journal(std::string_view text, std::string_view source_name,
                                   const std::optional<std::string>& expected_plan_digest) {
  JournalState state;
  std::size_t position = 0;
  std::size_t line_number = 0;
  std::string previous_hash;
  while (position < text.size()) {
    const std::size_t newline = text.find('\n', position);
    if (newline == std::string_view::npos) {
      // A last line without its newline: the process died in the middle of writing it.
      state.truncated_tail_bytes = text.size() - position;
      break;
    }
    const std::string_view line = text.substr(position, newline - position);
    ++line_number;
    Json json = Json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (json.is_discarded() || !json.is_object())
      return bad_line(source_name, line_number, "is not a JSON object");
    const auto hash = string_field(json, "hash");
    if (!hash)
      return bad_line(source_name, line_number, "has no hash");
    json.erase("hash");
    if (*hash != chain_hash(previous_hash, json)) {
      return bad_line(source_name, line_number, "was changed after it was written (its hash does not match)");
    }
    const auto seq = json.find("seq");
    if (seq == json.end() || !seq->is_number_integer() ||
        seq->get<std::int64_t>() != static_cast<std::int64_t>(line_number - 1)) {
      return bad_line(source_name, line_number,
                      fmt::format("has seq {} where {} was expected",
                                  seq == json.end() ? "none" : seq->dump(), line_number - 1));
    }
    if (line_number == 1) {
      if (string_field(json, "journal") != std::string(kJournalFormat)) {
        return bad_line(source_name, line_number, "is not a ddbmv journal header");
      }
      if (json.value("version", 0) != kJournalVersion) {
        return bad_line(source_name, line_number,
                        fmt::format("has journal version {}, this ddbmv reads version {}",
                                    json.value("version", 0), kJournalVersion));
      }
      JournalHeader header{json.value("plan_digest", ""), json.value("migration_id", ""),
                           json.value("ddbmv_version", ""), json.value("created", "")};
      if (expected_plan_digest && header.plan_digest != *expected_plan_digest) {
        return fail(
            "JournalOfAnotherPlan",
            fmt::format("journal {} belongs to another plan (migration {}, plan digest {}), not to this plan "
                        "(plan digest {})",
                        source_name, header.migration_id, header.plan_digest.substr(0, 12),
                        expected_plan_digest->substr(0, 12)),
            "use the plan.json that this journal was written for, or move the journal away to apply a new "
            "plan from scratch");
      }
      state.header = std::move(header);
    } else {
      const auto step = string_field(json, "step");
      const auto time = string_field(json, "time");
      const auto event = journal_event_from_string(json.value("event", ""));
      if (!step || !time || !event || (step->empty() && *event != JournalEvent::kNote)) {
        return bad_line(source_name, line_number, "lacks a step, time or known event");
      }
      Json data = json.contains("data") ? json["data"] : Json::object();
      fold_record(state, JournalRecord{seq->get<std::int64_t>(), *time, *step, *event, std::move(data)});
    }
    previous_hash = *hash;
    position = newline + 1;
    state.valid_bytes = position;
  }
  state.last_hash = previous_hash;
  return state;
}

Result<JournalState> read_journal(const JournalStorage& storage,
                                  const std::optional<std::string>& expected_plan_digest) {
  auto text = storage.read_all();
  if (!text)
    return std::unexpected(text.error());
  return parse_journal(*text, storage.describe(), expected_plan_digest);
}

Journal::Journal(std::unique_ptr<JournalStorage> storage, JournalState state,
                 std::shared_ptr<const Clock> clock)
    : m_storage(std::move(storage)),
      m_header(state.header.value_or(JournalHeader{})),
      m_state(std::move(state)),
      m_last_hash(m_state.last_hash),
      m_clock(std::move(clock)) {}

Result<std::unique_ptr<Journal>> Journal::open(std::unique_ptr<JournalStorage> storage, JournalHeader header,
                                               std::shared_ptr<const Clock> clock) {
  auto state = read_journal(*storage, header.plan_digest);
  if (!state)
    return std::unexpected(state.error());
  const std::size_t torn = state->truncated_tail_bytes;
  if (torn > 0) {
    if (auto cut = storage->truncate(state->valid_bytes); !cut)
      return std::unexpected(cut.error());
  }
  if (!state->header) {
    if (state->valid_bytes > 0) {
      return fail("JournalCorrupt", fmt::format("journal {} has no header", storage->describe()),
                  std::string(kRepairHint));
    }
    Json line = header_to_json(header);
    const std::string hash = chain_hash("", line);
    line["hash"] = hash;
    if (auto written = storage->append(line.dump()); !written)
      return std::unexpected(written.error());
    state->header = header;
    state->last_hash = hash;
    state->valid_bytes = line.dump().size() + 1;
  }
  auto journal = std::make_unique<Journal>(std::move(storage), std::move(*state), std::move(clock));
  if (torn > 0) {
    auto noted = journal->note("", Json{{"message",
                                         "discarded a torn last record (the previous run stopped while "
                                         "writing it)"},
                                        {"bytes", torn}});
    if (!noted)
      return std::unexpected(noted.error());
    journal->m_state.truncated_tail_bytes = torn;
  }
  return journal;
}

Result<void> Journal::append(std::string_view step, JournalEvent event, Json data) {
  JournalRecord record;
  {
    std::lock_guard lock(m_mutex);
    record = JournalRecord{m_state.next_seq(), format_iso8601(m_clock->now()), std::string(step), event,
                           data.is_null() ? Json::object() : std::move(data)};
    Json line = record_to_json(record);
    const std::string hash = chain_hash(m_last_hash, line);
    line["hash"] = hash;
    const std::string text = line.dump();
    if (auto written = m_storage->append(text); !written)
      return written;
    m_last_hash = hash;
    m_state.last_hash = hash;
    m_state.valid_bytes += text.size() + 1;
    fold_record(m_state, record);
  }
  if (m_hook)
    m_hook(record);
  return {};
}

JournalState Journal::state() const {
  std::lock_guard lock(m_mutex);
  return m_state;
}

bool Journal::is_done(std::string_view step) const {
  std::lock_guard lock(m_mutex);
  return m_state.is_done(step);
}

std::optional<StepState> Journal::step(std::string_view step) const {
  std::lock_guard lock(m_mutex);
  const StepState* found = m_state.find(step);
  return found == nullptr ? std::nullopt : std::optional<StepState>(*found);
}

Json Journal::result_of(std::string_view step) const {
  std::lock_guard lock(m_mutex);
  return m_state.result_of(step);
}

Json Journal::checkpoint_of(std::string_view step) const {
  std::lock_guard lock(m_mutex);
  return m_state.checkpoint_of(step);
}

}  // namespace ddbmv::migrate
