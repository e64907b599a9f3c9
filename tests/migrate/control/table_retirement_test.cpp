#include "migrate/control/table_retirement.h"

#include <gtest/gtest.h>

namespace ddbmv::migrate {
namespace {

TEST(TableRetirement, FinalBackupNameFitsDynamoDbsLimit) {
  const std::string name = final_backup_name(std::string(300, 'x'), "mv-0123456789ab");
  EXPECT_EQ(name.size(), 255u);
  EXPECT_TRUE(name.ends_with("-ddbmv-final-mv-0123456789ab"));
}

}  // namespace
}  // namespace ddbmv::migrate
