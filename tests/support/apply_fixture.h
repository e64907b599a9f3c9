#pragma once
/// An ApplyContext over fakes, for unit tests of apply's steps: the two-table plan
/// (journal_fixture.h), the control plane as FakeTables and FakeFunctions, a journal and a CHANGES.log
/// in memory, a manual clock. The real clients sit over a transport that expects no call, so a step
/// that bypasses the seams fails its test.

#include <gtest/gtest.h>

#include <memory>

#include "migrate/apply/phases.h"
#include "migrate/journal/journal_storage.h"
#include "support/fake_functions.h"
#include "support/fake_tables.h"
#include "support/journal_fixture.h"
#include "support/manual_clock.h"
#include "support/replay_transport.h"

namespace ddbmv::testing {

struct ApplyFixture : ::testing::Test {
  Plan plan = two_table_plan();
  FakeTables tables;
  FakeFunctions functions;
  std::shared_ptr<ReplayTransport> transport = std::make_shared<ReplayTransport>();
  Clients clients{dynamodb::Client(make_service(dynamodb_endpoint(), transport)),
                  dynamodb::StreamsClient(make_service(streams_endpoint(), transport)),
                  lambda::Client(make_service(lambda_endpoint(), transport))};
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>(TimePoint{std::chrono::seconds{5000}});
  std::unique_ptr<Journal> journal;
  MemoryJournalStorage* changes_storage = nullptr;
  std::unique_ptr<ChangesLog> changes;
  ApplyOptions options;
  ApplyReporter reporter;

  void SetUp() override {
    auto opened = Journal::open(
        std::make_unique<MemoryJournalStorage>(),
        JournalHeader{plan_digest(plan), plan.migration_id, "0.1.0", "2026-11-25T16:00:00Z"}, clock);
    ASSERT_TRUE(opened) << opened.error().message;
    journal = std::move(*opened);
    auto storage = std::make_unique<MemoryJournalStorage>();
    changes_storage = storage.get();
    changes = std::make_unique<ChangesLog>(std::move(storage), clock, shown_in_changes_log(plan));
  }
  void TearDown() override { EXPECT_TRUE(transport->done()) << "a step called AWS past the seams"; }

  /// Runs one step (phases.h) of `phase` against the fakes, without live writes.
  Result<void> run(ApplyStepRun step, Phase phase = Phase::kPrepare) {
    const ApplyContext context{plan,     "plan.json", clients, tables,   functions, *journal,
                               *changes, clock,       options, reporter, nullptr};
    PhaseReport report{phase, {}, nlohmann::json::object()};
    return step(context, report);
  }
  StepStatus status_of(const std::string& step) const {
    const JournalState folded = journal->state();  // a copy: find() points into it
    const StepState* state = folded.find(step);
    return state == nullptr ? StepStatus::kStarted : state->status;
  }
};

}  // namespace ddbmv::testing
