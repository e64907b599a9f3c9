#include "migrate/rollback/rollback_plan.h"

#include <gtest/gtest.h>

#include "migrate/streams/live_writes.h"
#include "migrate/streams/replication_checkpoint.h"
#include "support/journal_fixture.h"
#include "util/time_format.h"

namespace ddbmv::migrate {
namespace {

using testing::JournalBuilder;
using testing::two_table_plan;
using Steps = std::vector<std::string>;

std::vector<std::string> pending_steps(const RollbackPlan& plan) {
  std::vector<std::string> out;
  for (const auto& action : plan.actions) {
    if (!action.done) {
      out.push_back(action.step);
    }
  }
  return out;
}

RollbackObservations seen_at(const std::string& time, std::set<std::string> on_new = {},
                             std::set<std::string> cutover_streams = {}) {
  return RollbackObservations{std::move(on_new), std::move(cutover_streams), *parse_iso8601(time)};
}

RollbackObservations seen() {
  return seen_at("2026-11-25T20:00:00Z");
}

Json stream_start(const std::string& table, bool enabled_by_us) {
  return to_json(StreamStart{table, "arn:aws:dynamodb:us-east-1:000000000000:table/" + table + "/stream/1",
                             "NEW_AND_OLD_IMAGES", enabled_by_us, std::nullopt});
}

/// apply's cutover.capture record: {stream, shards}.
Json cutover_capture(const std::string& table, bool enabled_by_us) {
  return {{"stream", stream_start(table, enabled_by_us)}, {"shards", Json::array()}};
}

/// through_copy, then apply's cutover capture of both new tables (new-invoices' stream was its own
/// unless `invoices_enabled_by_us`), then the cutover of `moved` (every function when not given).
JournalBuilder& captured_cutover(JournalBuilder& journal, const Plan& plan,
                                 std::optional<std::vector<std::string>> moved = std::nullopt,
                                 bool invoices_enabled_by_us = true) {
  journal.through_copy(plan);
  journal.done(steps::cutover_capture("new-customers"), cutover_capture("new-customers", true));
  journal.done(steps::cutover_capture("new-invoices"),
               cutover_capture("new-invoices", invoices_enabled_by_us));
  if (!moved) {
    moved.emplace();
    for (const auto& function : plan.functions) {
      moved->push_back(function.name);
    }
  }
  for (const auto& name : *moved) {
    journal.done(steps::cutover_function(name));
  }
  return journal;
}

const RollbackAction& action_for(const RollbackPlan& plan, const std::string& step) {
  for (const auto& action : plan.actions) {
    if (action.step == step) {
      return action;
    }
  }
  throw std::runtime_error("no action " + step);
}

TEST(RollbackPlan, StoppedAfterPrepareOnlyTurnsPitrBackOff) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  for (const auto& table : plan.tables) {
    journal.done(steps::prepare_pitr(table.source), {{"previous", false}});
  }
  EXPECT_EQ(pending_steps(plan_rollback(plan, journal.state(), {.delete_new_tables = true}, seen())),
            (Steps{"rollback.pitr/old-customers", "rollback.pitr/old-invoices"}));
}

TEST(RollbackPlan, PitrThatWasAlreadyOnStaysOn) {
  Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.done(steps::prepare_pitr("old-customers"), {{"previous", true}});
  journal.done(steps::prepare_pitr("old-invoices"));  // nothing recorded: the plan's figure decides
  plan.tables[1].source_pitr_enabled = true;
  EXPECT_TRUE(plan_rollback(plan, journal.state(), {}, seen()).nothing_to_do());
}

TEST(RollbackPlan, StoppedAfterCreateHasNothingToRepointAndDeletesOnlyWhenAskedAfterEveryBackup) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  for (const auto& table : plan.tables) {
    journal.done(steps::prepare_pitr(table.source), {{"previous", true}});
    journal.done(steps::create_table(table.target));
  }
  EXPECT_TRUE(plan_rollback(plan, journal.state(), {}, seen()).nothing_to_do());
  EXPECT_EQ(pending_steps(plan_rollback(plan, journal.state(), {.delete_new_tables = true}, seen())),
            (Steps{"rollback.backup/new-customers", "rollback.backup/new-invoices",
                   "rollback.delete/new-customers", "rollback.delete/new-invoices"}));
}

TEST(RollbackPlan, AfterCutoverCapturesAndCopiesBackThenReplaysOnceTheFunctionsAreBack) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.through_validate(plan);
  const auto actions = plan_rollback(plan, journal.state(), {}, seen());
  EXPECT_EQ(
      pending_steps(actions),
      (Steps{"rollback.capture/new-customers", "rollback.data/old-customers", "rollback.capture/new-invoices",
             "rollback.data/old-invoices", "rollback.function/webhook", "rollback.function/list-invoices",
             "rollback.replay/new-customers", "rollback.replay/new-invoices",
             "rollback.stream-off/new-customers", "rollback.stream-off/new-invoices",
             "rollback.pitr/old-customers", "rollback.pitr/old-invoices"}));
  // Every function of both tables moved: the old tables take no writes, so they become exact copies.
  EXPECT_EQ(action_for(actions, "rollback.data/old-invoices").mode, SyncMode::kMirror);
  EXPECT_EQ(action_for(actions, "rollback.replay/new-invoices").from, ReplayFrom::kRollbackCapture);
}

TEST(RollbackPlan, DeletingTheNewTablesLeavesTheirCapturedStreamsOn) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.through_validate(plan);
  const auto pending =
      pending_steps(plan_rollback(plan, journal.state(), {.delete_new_tables = true}, seen()));
  EXPECT_EQ(std::count_if(pending.begin(), pending.end(),
                          [](const std::string& step) { return step.starts_with("rollback.stream-off/"); }),
            0);
  EXPECT_EQ(pending.back(), "rollback.delete/new-invoices");
}

TEST(RollbackPlan, CutoverThatNeverReachedAFunctionCarriesNothingBack) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.through_copy(plan);
  journal.add(steps::cutover_function("list-invoices"), JournalEvent::kIntent);  // crashed before the call
  EXPECT_EQ(pending_steps(plan_rollback(plan, journal.state(), {}, seen())),
            (Steps{"rollback.pitr/old-customers", "rollback.pitr/old-invoices"}));
}

TEST(RollbackPlan, FunctionSeenOnTheNewTablesAfterAnUnfinishedCutoverIsPointedBack) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.through_copy(plan);
  journal.add(steps::cutover_function("list-invoices"), JournalEvent::kIntent);  // crashed after the call
  const auto actions =
      plan_rollback(plan, journal.state(), {}, seen_at("2026-11-25T20:00:00Z", {"list-invoices"}));
  EXPECT_EQ(pending_steps(actions), (Steps{"rollback.capture/new-invoices", "rollback.data/old-invoices",
                                           "rollback.function/list-invoices", "rollback.replay/new-invoices",
                                           "rollback.stream-off/new-invoices", "rollback.pitr/old-customers",
                                           "rollback.pitr/old-invoices"}));
  // The webhook still writes old-invoices: what only the old table holds is its, and stays.
  EXPECT_EQ(action_for(actions, "rollback.data/old-invoices").mode, SyncMode::kMerge);
}

TEST(RollbackPlan, PartialCutoverMirrorsOnlyTablesNoRemainingFunctionUses) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.through_copy(plan);
  journal.done(steps::cutover_function("webhook"));
  const auto actions = plan_rollback(plan, journal.state(), {}, seen());
  EXPECT_EQ(action_for(actions, "rollback.data/old-customers").mode, SyncMode::kMirror);
  EXPECT_EQ(action_for(actions, "rollback.data/old-invoices").mode, SyncMode::kMerge);
}

TEST(RollbackPlan, ResumedRollbackDoesNotCopyBackAgainOnceFunctionsStartedMovingBack) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.through_validate(plan);
  journal.add(std::string(steps::kRollback), JournalEvent::kIntent);
  for (const auto& table : plan.tables) {
    journal.done(steps::rollback_capture(table.target), stream_start(table.target, true));
    journal.done(steps::rollback_data(table.source));
  }
  journal.done(steps::rollback_function("webhook"));
  journal.add(steps::rollback_function("list-invoices"), JournalEvent::kFailed, {{"message", "conflict"}});
  // The stream captured before the copy holds what list-invoices wrote since: no second copy, which
  // would overwrite what the webhook now writes to the old tables.
  EXPECT_EQ(pending_steps(plan_rollback(plan, journal.state(), {}, seen())),
            (Steps{"rollback.function/list-invoices", "rollback.replay/new-customers",
                   "rollback.replay/new-invoices", "rollback.stream-off/new-customers",
                   "rollback.stream-off/new-invoices", "rollback.pitr/old-customers",
                   "rollback.pitr/old-invoices"}));
}

TEST(RollbackPlan, UsableCutoverCaptureIsReplayedWithoutACopy) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  captured_cutover(journal, plan, std::nullopt, /*invoices_enabled_by_us=*/false);  // captured at 16:..
  const auto actions = plan_rollback(plan, journal.state(), {},
                                     seen_at("2026-11-26T10:00:00Z", {}, {"new-customers", "new-invoices"}));
  EXPECT_EQ(pending_steps(actions), (Steps{"rollback.function/webhook", "rollback.function/list-invoices",
                                           "rollback.replay/new-customers", "rollback.replay/new-invoices",
                                           "rollback.stream-off/new-customers", "rollback.pitr/old-customers",
                                           "rollback.pitr/old-invoices"}));
  EXPECT_EQ(action_for(actions, "rollback.replay/new-customers").from, ReplayFrom::kCutoverCapture);
}

TEST(RollbackPlan, PartialCutoverReplaysApplysCutoverCaptureRatherThanCopying) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  captured_cutover(journal, plan,
                   std::vector<std::string>{"webhook"});  // list-invoices still reads old-invoices
  const auto actions = plan_rollback(plan, journal.state(), {},
                                     seen_at("2026-11-25T20:00:00Z", {}, {"new-customers", "new-invoices"}));
  // The stream holds exactly what was written to the new table: replaying it leaves alone what only
  // the old table took, where a copy back would have to guess.
  EXPECT_EQ(
      pending_steps(actions),
      (Steps{"rollback.function/webhook", "rollback.replay/new-customers", "rollback.replay/new-invoices",
             "rollback.stream-off/new-customers", "rollback.stream-off/new-invoices",
             "rollback.pitr/old-customers", "rollback.pitr/old-invoices"}));
}

TEST(RollbackPlan, ARollbackThatReplayedTheCutoverCaptureAndTurnedItOffIsNotRedoneByCopying) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  captured_cutover(journal, plan);
  const auto first = plan_rollback(plan, journal.state(), {},
                                   seen_at("2026-11-25T20:00:00Z", {}, {"new-customers", "new-invoices"}));
  journal.add(std::string(steps::kRollback), JournalEvent::kIntent);
  for (const auto& action : first.actions) {
    journal.done(action.step);
  }
  journal.add(std::string(steps::kRollback), JournalEvent::kDone);
  // The streams are off now (the rollback turned them off), and a day has passed: still nothing to do.
  EXPECT_TRUE(plan_rollback(plan, journal.state(), {}, seen_at("2026-11-27T20:00:00Z")).nothing_to_do());
}

TEST(RollbackPlan, ResumedAfterFunctionsMovedBackItKeepsReplayingTheCutoverCapture) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  captured_cutover(journal, plan, std::vector<std::string>{"webhook"});
  journal.add(std::string(steps::kRollback), JournalEvent::kIntent);
  journal.done(steps::rollback_function("webhook"));
  // Someone turned a stream off meanwhile: copying back now would overwrite what the webhook writes.
  const auto actions =
      plan_rollback(plan, journal.state(), {}, seen_at("2026-11-25T20:00:00Z", {}, {"new-customers"}));
  EXPECT_EQ(action_for(actions, "rollback.replay/new-invoices").from, ReplayFrom::kCutoverCapture);
  const auto pending = pending_steps(actions);
  EXPECT_EQ(std::count_if(pending.begin(), pending.end(),
                          [](const std::string& step) { return step.starts_with("rollback.data/"); }),
            0);
}

TEST(RollbackPlan, CutoverCaptureTooOldOrTurnedOffFallsBackToCaptureAndCopy) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  captured_cutover(journal, plan);
  // A day later the stream no longer holds the first records; and a stream turned off holds no later ones.
  auto late = plan_rollback(plan, journal.state(), {},
                            seen_at("2026-11-26T17:00:00Z", {}, {"new-customers", "new-invoices"}));
  EXPECT_EQ(action_for(late, "rollback.replay/new-customers").from, ReplayFrom::kRollbackCapture);
  auto off = plan_rollback(plan, journal.state(), {}, seen_at("2026-11-25T20:00:00Z", {}, {"new-customers"}));
  EXPECT_EQ(action_for(off, "rollback.replay/new-customers").from, ReplayFrom::kCutoverCapture);
  EXPECT_EQ(action_for(off, "rollback.replay/new-invoices").from, ReplayFrom::kRollbackCapture);
  EXPECT_FALSE(action_for(off, "rollback.data/old-invoices").done);
}

TEST(RollbackPlan, LiveWritesStreamsAreCaughtUpThenTurnedOff) {
  Plan plan = two_table_plan();
  plan.tables[1].source_stream.enabled = true;  // old-invoices had a stream of its own
  JournalBuilder journal(plan);
  journal.through_copy(plan);
  journal.done(live_stream_step("old-customers"), stream_start("old-customers", true));
  journal.done(live_stream_step("old-invoices"), stream_start("old-invoices", false));
  journal.done(live_replicate_step("new-invoices"));  // drained; customers' replication was not
  journal.done(steps::cutover_function("webhook"));
  const auto pending = pending_steps(plan_rollback(plan, journal.state(), {}, seen()));
  EXPECT_EQ(std::count(pending.begin(), pending.end(), "rollback.forward/old-customers"), 1);
  EXPECT_EQ(std::count(pending.begin(), pending.end(), "rollback.forward/old-invoices"), 0);
  EXPECT_EQ(std::count(pending.begin(), pending.end(), "rollback.stream-off/old-customers"), 1);
  EXPECT_EQ(std::count(pending.begin(), pending.end(), "rollback.stream-off/old-invoices"), 0);
  EXPECT_LT(std::find(pending.begin(), pending.end(), "rollback.forward/old-customers") - pending.begin(),
            std::find(pending.begin(), pending.end(), "rollback.capture/new-customers") - pending.begin());
}

TEST(RollbackPlan, CaptureStreamsOfACutoverThatMovedNoFunctionAreTurnedOff) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  captured_cutover(journal, plan, std::vector<std::string>{}, /*invoices_enabled_by_us=*/false);
  EXPECT_EQ(pending_steps(plan_rollback(plan, journal.state(), {}, seen())),
            (Steps{"rollback.stream-off/new-customers", "rollback.pitr/old-customers",
                   "rollback.pitr/old-invoices"}));
}

TEST(RollbackPlan, StreamApplyWasEnablingWhenItStoppedIsTurnedOff) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.add(live_stream_step("old-customers"), JournalEvent::kIntent);
  const auto pending = pending_steps(plan_rollback(plan, journal.state(), {}, seen()));
  EXPECT_EQ(pending, (Steps{"rollback.stream-off/old-customers"}));
}

TEST(RollbackPlan, ASecondRollbackHasNothingToDo) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.through_validate(plan);
  for (const auto& action : plan_rollback(plan, journal.state(), {}, seen()).actions) {
    journal.done(action.step);
  }
  EXPECT_TRUE(plan_rollback(plan, journal.state(), {}, seen()).nothing_to_do());
  // Asking for the deletion afterwards adds only that.
  EXPECT_EQ(pending_steps(plan_rollback(plan, journal.state(), {.delete_new_tables = true}, seen())).size(),
            4u);
}

TEST(RollbackPlan, RollbackBeganIsTheFirstRollbackIntent) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  EXPECT_FALSE(rollback_began(journal.state()));
  journal.add("x", JournalEvent::kNote);
  journal.add(std::string(steps::kRollback), JournalEvent::kIntent);
  journal.add(std::string(steps::kRollback), JournalEvent::kIntent);
  EXPECT_EQ(format_iso8601(*rollback_began(journal.state())), "2026-11-25T16:01:00.000Z");
}

TEST(RollbackPlan, DescribesEachActionForAPerson) {
  const Plan plan = two_table_plan();
  JournalBuilder journal(plan);
  journal.through_validate(plan);
  const auto actions = plan_rollback(plan, journal.state(), {}, seen()).actions;
  EXPECT_EQ(actions[1].describe(),
            "copy the items of new-customers back to old-customers (and carry deletes over)");
  EXPECT_EQ(actions[4].describe(), "point function webhook back at the old tables");
  EXPECT_EQ(
      actions[6].describe(),
      "replay the writes made to new-customers since the capture onto old-customers, until its stream is "
      "quiet");
}

}  // namespace
}  // namespace ddbmv::migrate
