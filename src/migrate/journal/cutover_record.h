#pragma once
/// What apply's journal says about the cutover: when it happened and, per old table, the item count
/// and digest recorded at that moment. Decommission compares the old tables against these to prove
/// that nothing has written to them since; rollback and status read the time.

#include <optional>
#include <string>
#include <string_view>

#include "migrate/journal/journal.h"
#include "migrate/journal/table_fingerprint.h"
#include "migrate/plan/plan.h"
#include "util/clock.h"

namespace ddbmv::migrate {

/// Whether every planned function's cutover step is done (a plan without functions: whether every
/// table was verified, since a cutover then has nothing to do).
bool cutover_complete(const Plan& plan, const JournalState& journal);

/// Whether any function's cutover has started (an intent or more): from then on the new tables may
/// take writes that only they hold.
bool cutover_started(const Plan& plan, const JournalState& journal);

/// When the cutover finished: the explicit time apply records with the old tables' fingerprints when
/// present, otherwise the latest finish of a cutover step. Empty while the cutover is not complete.
std::optional<TimePoint> cutover_time(const Plan& plan, const JournalState& journal);

/// The old table's count and digest as apply recorded them at cutover; empty when not recorded.
std::optional<TableFingerprint> cutover_fingerprint(const JournalState& journal, std::string_view source);

}  // namespace ddbmv::migrate
