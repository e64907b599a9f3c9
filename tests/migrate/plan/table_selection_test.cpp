#include "migrate/plan/table_selection.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>

#include "util/parallel.h"

namespace ddbmv::migrate {
namespace {

const std::vector<std::string> kAll = {"ai-nexus-dev-stripe-customers", "ai-nexus-dev-stripe-invoices",
                                       "ai-nexus-prod-stripe-customers", "orders"};

TEST(TableSelection, SelectsByPrefixPatternAndName) {
  TableSelection by_prefix{{"ai-nexus-dev-"}, {}, {}};
  EXPECT_EQ(*select_tables(kAll, by_prefix, "us-east-1"),
            (std::vector<std::string>{"ai-nexus-dev-stripe-customers", "ai-nexus-dev-stripe-invoices"}));
  TableSelection by_pattern{{}, {"ai-nexus-*-stripe-customers"}, {}};
  EXPECT_EQ(*select_tables(kAll, by_pattern, "us-east-1"),
            (std::vector<std::string>{"ai-nexus-dev-stripe-customers", "ai-nexus-prod-stripe-customers"}));
  TableSelection by_name{{}, {}, {"orders"}};
  EXPECT_EQ(*select_tables(kAll, by_name, "us-east-1"), (std::vector<std::string>{"orders"}));
  TableSelection combined{{"ai-nexus-dev-stripe-i"}, {}, {"orders"}};
  EXPECT_EQ(select_tables(kAll, combined, "us-east-1")->size(), 2u);
}

TEST(TableSelection, NothingMatchedIsAnErrorNamingTheCriteria) {
  auto selected = select_tables(kAll, {{"nope-"}, {}, {}}, "eu-west-1");
  ASSERT_FALSE(selected);
  EXPECT_EQ(selected.error().code, "NoTableMatched");
  EXPECT_NE(selected.error().message.find("prefix 'nope-'"), std::string::npos);
  EXPECT_NE(selected.error().message.find("eu-west-1"), std::string::npos);
}

TEST(TableSelection, ANamedTableThatDoesNotExistIsAnError) {
  auto selected = select_tables(kAll, {{}, {}, {"orders", "missing-table"}}, "us-east-1");
  ASSERT_FALSE(selected);
  EXPECT_EQ(selected.error().code, "TableNotFound");
  EXPECT_NE(selected.error().message.find("missing-table does not exist"), std::string::npos);
}

TEST(Parallel, RunsEveryTaskOnce) {
  std::vector<std::atomic<int>> runs(1000);
  run_parallel(runs.size(), 8, [&](std::size_t i) { ++runs[i]; });
  EXPECT_TRUE(std::ranges::all_of(runs, [](const auto& n) { return n.load() == 1; }));
  run_parallel(0, 8, [](std::size_t) { FAIL(); });
}

}  // namespace
}  // namespace ddbmv::migrate
