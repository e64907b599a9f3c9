#include "migrate/apply/apply_sequence.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace ddbmv::migrate {
namespace {

std::vector<std::string> names(const std::vector<const ApplyStep*>& steps) {
  std::vector<std::string> out;
  for (const ApplyStep* step : steps)
    out.emplace_back(step->name);
  return out;
}

std::vector<std::string> run_order(bool live) {
  std::vector<std::string> out;
  for (Phase phase : kPhases) {
    for (auto& name : names(steps_of(phase, live)))
      out.push_back(std::move(name));
  }
  return out;
}

TEST(ApplySequence, WithLiveWritesCapturesCopiesCatchesUpFollowsDrainsVerifiesThenReleases) {
  EXPECT_EQ(run_order(true),
            (std::vector<std::string>{
                "prepare.pitr",          "prepare.backups",  "create.tables",          "create.settings",
                "copy.capture",          "copy.tables",      "copy.catch-up",          "copy.protect",
                "cutover.check-aliases", "cutover.catch-up", "cutover.target-capture", "cutover.follow",
                "cutover.functions",     "cutover.drain",    "cutover.verify",         "cutover.release",
                "cutover.fingerprint",   "cutover.complete", "validate.functions",
            }));
}

TEST(ApplySequence, WithoutLiveWritesVerifiesRightAfterTheCopyAndBeforeProtecting) {
  EXPECT_EQ(run_order(false), (std::vector<std::string>{
                                  "prepare.pitr",
                                  "prepare.backups",
                                  "create.tables",
                                  "create.settings",
                                  "copy.tables",
                                  "copy.verify",
                                  "copy.protect",
                                  "cutover.check-aliases",
                                  "cutover.target-capture",
                                  "cutover.functions",
                                  "cutover.fingerprint",
                                  "cutover.complete",
                                  "validate.functions",
                              }));
}

TEST(ApplySequence, ListsThePhasesInTheirOrderEachStepNamedAfterItsPhase) {
  std::size_t phase_index = 0;
  for (const auto& step : apply_sequence()) {
    while (phase_index < kPhases.size() && kPhases[phase_index] != step.phase)
      ++phase_index;
    ASSERT_LT(phase_index, kPhases.size()) << step.name << " is listed after a later phase's steps";
    EXPECT_TRUE(step.name.starts_with(std::string(to_string(step.phase)) + "."))
        << step.name << " belongs to " << to_string(step.phase);
    EXPECT_NE(step.run, nullptr) << step.name;
  }
}

TEST(ApplySequence, VerifyRunsOnceInEitherKindOfRun) {
  for (bool live : {true, false}) {
    int verifies = 0;
    for (Phase phase : kPhases) {
      for (const ApplyStep* step : steps_of(phase, live))
        verifies += step->run == verify_every_table ? 1 : 0;
    }
    EXPECT_EQ(verifies, 1) << (live ? "with" : "without") << " live writes";
  }
}

TEST(ApplyPhase, NamesParseBackAndTheHelpTextListsThemInOrder) {
  for (Phase phase : kPhases)
    EXPECT_EQ(parse_phase(to_string(phase)), phase);
  EXPECT_FALSE(parse_phase("copying"));
  EXPECT_EQ(phase_list(), "prepare, create, copy, cutover, validate");
  const std::string text = sequence_text();
  EXPECT_TRUE(text.starts_with("prepare (PITR, backups) -> create")) << text;
  EXPECT_LT(text.find("cutover"), text.find("validate"));
}

}  // namespace
}  // namespace ddbmv::migrate
