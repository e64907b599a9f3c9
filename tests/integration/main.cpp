/// ddbmv_integration_tests: every test runs against one sandbox (see sandbox_environment.h).

#include <gtest/gtest.h>

#include "integration/sandbox_environment.h"

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  ddbmv::testing::register_sandbox_environment();
  return RUN_ALL_TESTS();
}
