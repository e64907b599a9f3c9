/// The cutover's function step through the Lambda seam (lambda::Functions): what it changes, how it
/// retries a conflicting update, and when it refuses.

#include <gtest/gtest.h>

#include "migrate/apply/phases.h"
#include "migrate/control/lambda_update.h"
#include "migrate/journal/step_names.h"
#include "support/apply_fixture.h"

namespace ddbmv::migrate {
namespace {

struct CutoverFunctionsTest : testing::ApplyFixture {
  void SetUp() override {
    ApplyFixture::SetUp();
    options.max_concurrent_cutovers = 1;  // plan order: webhook, then list-invoices
    functions.add(
        "webhook",
        {{"TABLE_CUSTOMERS", "old-customers"}, {"TABLE_INVOICES", "old-invoices"}, {"API_KEY", "s3cret"}});
    functions.add("list-invoices", {{"TABLE_INVOICES", "old-invoices"}});
  }
  Result<void> cut_over() { return run(cutover_functions, Phase::kCutover); }
  StepStatus status_of(const std::string& function) const {
    return ApplyFixture::status_of(steps::cutover_function(function));
  }
};

TEST_F(CutoverFunctionsTest, RepointsOnlyThePlannedVariablesAndLogsNoSecret) {
  ASSERT_TRUE(cut_over());
  EXPECT_EQ(functions.variables("webhook"), (lambda::Environment{{"API_KEY", "s3cret"},
                                                                 {"TABLE_CUSTOMERS", "new-customers"},
                                                                 {"TABLE_INVOICES", "new-invoices"}}));
  EXPECT_EQ(functions.variables("list-invoices"), (lambda::Environment{{"TABLE_INVOICES", "new-invoices"}}));
  EXPECT_EQ(status_of("webhook"), StepStatus::kDone);
  EXPECT_FALSE(journal->result_of(steps::cutover_function("webhook")).value("already_applied", true));
  const std::string log = changes_storage->content();
  EXPECT_NE(log.find("UpdateFunctionConfiguration"), std::string::npos);
  EXPECT_EQ(log.find("s3cret"), std::string::npos) << log;
}

TEST_F(CutoverFunctionsTest, BacksOffAndRetriesWhileAnotherUpdateIsInProgress) {
  functions.fail_next("UpdateFunctionConfiguration", "ResourceConflictException");
  const auto before = clock->now();
  ASSERT_TRUE(cut_over());
  EXPECT_EQ(functions.count("UpdateFunctionConfiguration"), 3);  // webhook twice, list-invoices once
  EXPECT_GE(clock->now() - before, kUpdateConflictBackoff.first_delay);
  EXPECT_EQ(functions.variables("webhook").at("TABLE_CUSTOMERS"), "new-customers");
}

TEST_F(CutoverFunctionsTest, RetriesAThrottledUpdateLikeAConflict) {
  functions.fail_next("UpdateFunctionConfiguration", "TooManyRequestsException");
  ASSERT_TRUE(cut_over());
  EXPECT_EQ(functions.count("UpdateFunctionConfiguration"), 3);
  EXPECT_EQ(status_of("webhook"), StepStatus::kDone);
}

TEST_F(CutoverFunctionsTest, ReReadsAtOnceWhenTheRevisionMovedAndGoesOnIfThePlanStillHolds) {
  functions.fail_next("UpdateFunctionConfiguration", "PreconditionFailedException");
  const auto before = clock->now();
  ASSERT_TRUE(cut_over());
  EXPECT_EQ(functions.count("UpdateFunctionConfiguration"), 3);
  EXPECT_EQ(clock->now(), before);  // no backoff: the function is not busy, only re-read
}

TEST_F(CutoverFunctionsTest, GivesUpAfterPersistentConflictsNamingTheError) {
  for (int i = 0; i < kMaxUpdateAttempts; ++i)
    functions.fail_next("UpdateFunctionConfiguration", "ResourceConflictException");
  auto result = cut_over();
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "ResourceConflictException");
  EXPECT_EQ(functions.count("UpdateFunctionConfiguration"), kMaxUpdateAttempts);
  EXPECT_EQ(status_of("webhook"), StepStatus::kFailed);
  EXPECT_EQ(functions.variables("list-invoices").at("TABLE_INVOICES"), "old-invoices");  // not started
}

TEST_F(CutoverFunctionsTest, RefusesToTouchAFunctionSomeoneElseRepointed) {
  functions.change_variable("webhook", "TABLE_CUSTOMERS", "someone-elses-table");
  auto result = cut_over();
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, "FunctionChanged");
  EXPECT_NE(result.error().message.find("TABLE_CUSTOMERS"), std::string::npos);
  EXPECT_EQ(functions.count("UpdateFunctionConfiguration"), 0);
  EXPECT_EQ(functions.variables("webhook").at("TABLE_INVOICES"), "old-invoices");
  EXPECT_EQ(status_of("webhook"), StepStatus::kFailed);
}

TEST_F(CutoverFunctionsTest, RecordsAnUpdateAnEarlierRunMadeWithoutCallingLambdaAgain) {
  functions.change_variable("webhook", "TABLE_CUSTOMERS", "new-customers");
  functions.change_variable("webhook", "TABLE_INVOICES", "new-invoices");
  ASSERT_TRUE(cut_over());
  EXPECT_EQ(functions.count("UpdateFunctionConfiguration"), 1);  // list-invoices only
  EXPECT_TRUE(journal->result_of(steps::cutover_function("webhook")).value("already_applied", false));
}

TEST_F(CutoverFunctionsTest, SkipsAFunctionTheJournalRecordsAsDone) {
  ASSERT_TRUE(journal->intent(steps::cutover_function("webhook")));
  ASSERT_TRUE(journal->done(steps::cutover_function("webhook")));
  ASSERT_TRUE(cut_over());
  EXPECT_EQ(functions.variables("webhook").at("TABLE_CUSTOMERS"), "old-customers");
  EXPECT_EQ(functions.count("UpdateFunctionConfiguration"), 1);
}

}  // namespace
}  // namespace ddbmv::migrate
