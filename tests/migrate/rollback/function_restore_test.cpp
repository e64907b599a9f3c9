#include "migrate/rollback/function_restore.h"

#include <gtest/gtest.h>

#include "migrate/control/lambda_update.h"
#include "support/fake_functions.h"
#include "support/journal_fixture.h"
#include "support/manual_clock.h"

namespace ddbmv::migrate {
namespace {

using ddbmv::testing::FakeFunctions;
using ddbmv::testing::ManualClock;

struct FunctionRestoreTest : ::testing::Test {
  Plan plan = testing::two_table_plan();
  FakeFunctions functions;
  ManualClock clock{TimePoint{std::chrono::seconds{5000}}};

  void SetUp() override {
    functions.add(
        "webhook",
        {{"TABLE_CUSTOMERS", "new-customers"}, {"TABLE_INVOICES", "new-invoices"}, {"API_KEY", "s3cret"}});
  }
  Result<FunctionRestoreResult> restore() {
    return restore_function(functions, plan, plan.functions[0], {}, nullptr, clock);
  }
};

TEST_F(FunctionRestoreTest, PutsThePlannedVariablesBackAndKeepsTheRest) {
  auto restored = restore();
  ASSERT_TRUE(restored) << restored.error().message;
  EXPECT_EQ(functions.variables("webhook"), (lambda::Environment{{"API_KEY", "s3cret"},
                                                                 {"TABLE_CUSTOMERS", "old-customers"},
                                                                 {"TABLE_INVOICES", "old-invoices"}}));
  EXPECT_EQ(restored->restored.size(), 2u);
}

TEST_F(FunctionRestoreTest, RetriesAThrottledUpdateAfterBackingOffAsApplyDoes) {
  functions.fail_next("UpdateFunctionConfiguration", "TooManyRequestsException");
  const auto before = clock.now();
  ASSERT_TRUE(restore());
  EXPECT_EQ(functions.count("UpdateFunctionConfiguration"), 2);
  EXPECT_GE(clock.now() - before, kUpdateConflictBackoff.first_delay);
  EXPECT_EQ(functions.variables("webhook").at("TABLE_CUSTOMERS"), "old-customers");
}

TEST_F(FunctionRestoreTest, FailsOnAnErrorThatIsNoConflict) {
  functions.fail_next("UpdateFunctionConfiguration", "AccessDeniedException");
  auto restored = restore();
  ASSERT_FALSE(restored);
  EXPECT_EQ(restored.error().code, "AccessDeniedException");
  EXPECT_EQ(functions.count("UpdateFunctionConfiguration"), 1);
}

TEST_F(FunctionRestoreTest, DoesNotWriteAFunctionAlreadyBackOnTheOldTables) {
  functions.change_variable("webhook", "TABLE_CUSTOMERS", "old-customers");
  functions.change_variable("webhook", "TABLE_INVOICES", "old-invoices");
  auto restored = restore();
  ASSERT_TRUE(restored);
  EXPECT_TRUE(restored->restored.empty());
  EXPECT_EQ(functions.count("UpdateFunctionConfiguration"), 0);
}

}  // namespace
}  // namespace ddbmv::migrate
