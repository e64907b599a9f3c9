#include "migrate/apply/apply_sequence.h"

#include <array>
#include <string>

namespace ddbmv::migrate {
namespace {

using enum Phase;
using enum StepRuns;

// clang-format off
constexpr std::array kSequence{
    ApplyStep{kPrepare,  "prepare.pitr",            "prepare.pitr/<source>",                  kAlways,            prepare_pitr},
    ApplyStep{kPrepare,  "prepare.backups",         "prepare.backup/<source>",                kAlways,            prepare_backups},
    ApplyStep{kCreate,   "create.tables",           "create.table/<target>",                  kAlways,            create_tables},
    ApplyStep{kCreate,   "create.settings",         "create.settings/<target>, create.check/<target>", kAlways,   create_settings},
    ApplyStep{kCopy,     "copy.capture",            "live.stream/<source>",                   kWithLiveWrites,    copy_capture_streams},
    ApplyStep{kCopy,     "copy.tables",             "copy.table/<source>, copy.segment/<source>/<n>", kAlways,    copy_tables},
    ApplyStep{kCopy,     "copy.catch-up",           "live.replicate/<target> (checkpoints)",  kWithLiveWrites,    copy_catch_up},
    ApplyStep{kCopy,     "copy.verify",             "verify/<source>",                        kWithoutLiveWrites, verify_every_table},
    ApplyStep{kCopy,     "copy.protect",            "copy.protect/<target>",                  kAlways,            copy_protect},
    ApplyStep{kCutover,  "cutover.check-aliases",   "",                                       kAlways,            cutover_check_aliases},
    ApplyStep{kCutover,  "cutover.catch-up",        "live.replicate/<target> (checkpoints)",  kWithLiveWrites,    cutover_catch_up},
    ApplyStep{kCutover,  "cutover.target-capture",  "cutover.capture/<target>",               kAlways,            cutover_capture_targets},
    ApplyStep{kCutover,  "cutover.follow",          "live.replicate/<target> (checkpoints)",  kWithLiveWrites,    cutover_follow},
    ApplyStep{kCutover,  "cutover.functions",       "cutover.function/<name>, cutover.publish/<name>, cutover.alias/<name>/<alias>", kAlways, cutover_functions},
    ApplyStep{kCutover,  "cutover.drain",           "live.replicate/<target> (done)",         kWithLiveWrites,    cutover_drain},
    ApplyStep{kCutover,  "cutover.verify",          "verify/<source>",                        kWithLiveWrites,    verify_every_table},
    ApplyStep{kCutover,  "cutover.release",         "live.stream-off/<source>",               kWithLiveWrites,    cutover_release},
    ApplyStep{kCutover,  "cutover.fingerprint",     "cutover.fingerprint/<source>",           kAlways,            cutover_fingerprint},
    ApplyStep{kCutover,  "cutover.complete",        "cutover.complete",                       kAlways,            cutover_complete},
    ApplyStep{kValidate, "validate.functions",      "validate.function/<name>",               kAlways,            validate_functions},
};
// clang-format on

bool taken(const ApplyStep& step, bool live) {
  switch (step.runs) {
    case kAlways:
      return true;
    case kWithLiveWrites:
      return live;
    case kWithoutLiveWrites:
      return !live;
  }
  return true;
}

}  // namespace

std::span<const ApplyStep> apply_sequence() {
  return kSequence;
}

std::vector<const ApplyStep*> steps_of(Phase phase, bool live) {
  std::vector<const ApplyStep*> steps;
  for (const auto& step : kSequence) {
    if (step.phase == phase && taken(step, live))
      steps.push_back(&step);
  }
  return steps;
}

std::string sequence_text() {
  std::string out;
  for (const auto& named : kPhaseNames) {
    if (!out.empty())
      out += " -> ";
    out += named.name;
    if (!named.summary.empty()) {
      out += " (";
      out += named.summary;
      out += ')';
    }
  }
  return out;
}

}  // namespace ddbmv::migrate
