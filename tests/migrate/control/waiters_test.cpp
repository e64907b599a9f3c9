#include "migrate/control/waiters.h"

#include <gtest/gtest.h>

#include "support/manual_clock.h"
#include "util/time_format.h"

namespace ddbmv::migrate {
namespace {

TEST(Waiters, TableIsActiveOnlyWithEveryIndexActive) {
  nlohmann::json table = {{"TableStatus", "ACTIVE"},
                          {"GlobalSecondaryIndexes", {{{"IndexName", "a"}, {"IndexStatus", "CREATING"}}}}};
  EXPECT_FALSE(table_and_indexes_active(table));
  table["GlobalSecondaryIndexes"][0]["IndexStatus"] = "ACTIVE";
  EXPECT_TRUE(table_and_indexes_active(table));
  table["TableStatus"] = "CREATING";
  EXPECT_FALSE(table_and_indexes_active(table));
}

}  // namespace
}  // namespace ddbmv::migrate
