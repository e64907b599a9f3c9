#include "migrate/plan/plan_writer.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "migrate/plan/planner.h"
#include "support/seed_inventory.h"

namespace ddbmv::migrate {
namespace {

namespace fs = std::filesystem;

Plan default_seed_plan() {
  return *build_plan(testing::seed_inventory(), {*parse_rule("ai-nexus-dev-stripe-*=diatonic-ai-stripe-*")},
                     {{}, "2025-09-17T02:42:00Z"});
}

std::string read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

class PlanWriter : public ::testing::Test {
 protected:
  void SetUp() override {
    m_dir =
        fs::temp_directory_path() /
        ("ddbmv-plan-writer-" + std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    fs::remove_all(m_dir);
  }
  void TearDown() override { fs::remove_all(m_dir); }
  fs::path m_dir;
};

TEST_F(PlanWriter, WritesPlanJsonMarkdownAndOneSpecPerTable) {
  Plan plan = default_seed_plan();
  ASSERT_TRUE(write_plan_directory(m_dir, plan, false));
  auto loaded = load_plan(m_dir);
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(*loaded, plan);
  EXPECT_NE(read(m_dir / "plan.md").find("## Timeline"), std::string::npos);
  for (const auto& table : plan.tables) {
    auto spec = nlohmann::json::parse(read(m_dir / "specs" / (table.target + ".json")));
    EXPECT_EQ(spec, table.spec);
  }
  std::size_t specs = std::distance(fs::directory_iterator(m_dir / "specs"), fs::directory_iterator());
  EXPECT_EQ(specs, 4u);
}

TEST_F(PlanWriter, RefusesToReplaceAPlanUnlessForced) {
  Plan plan = default_seed_plan();
  ASSERT_TRUE(write_plan_directory(m_dir, plan, false));
  auto again = write_plan_directory(m_dir, plan, false);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, "PlanExists");
  EXPECT_TRUE(write_plan_directory(m_dir, plan, true));
}

TEST_F(PlanWriter, AnUnwritableDirectoryFailsNamingItAndLeavesNothing) {
  fs::create_directories(m_dir);
  std::ofstream(m_dir / "specs") << "a file where the specs directory should be";
  auto written = write_plan_directory(m_dir, default_seed_plan(), false);
  ASSERT_FALSE(written);
  EXPECT_NE(written.error().message.find("specs"), std::string::npos);
  EXPECT_FALSE(fs::exists(m_dir / "plan.json"));
  EXPECT_FALSE(fs::exists(m_dir / "plan.md"));
}

}  // namespace
}  // namespace ddbmv::migrate
