#pragma once
/// Every test-only hook ddbmv reads from the environment, here and only here (never documented for
/// users, never set by ddbmv itself). For the crash and concurrency tests of apply and rollback:
///
///   DDBMV_TEST_CRASH_AFTER=<step>[@<event>]   _exit(137) right after journaling that record (event
///                                             defaults to "done"), as a SIGKILL would;
///   DDBMV_TEST_CRASH_AFTER=#<n>               ... after the n-th record this process appends;
///   DDBMV_TEST_PAUSE_AFTER=<step>[@<event>]   right after journaling that record, create the file
///   DDBMV_TEST_PAUSE_DIR=<dir>                <dir>/paused and wait (up to 5 minutes) until <dir>/resume
///                                             exists: a test acts at that exact point, then lets go.
///
/// For decommission's tests:
///
///   DDBMV_NOW=<ISO 8601>                      decommission believes it is that time (the clock runs
///                                             on from there): the tests step past the window.
///
/// The integration tests' own knobs (read by tests/, not by ddbmv): DDBMV_LIVE_* in
/// tests/integration/live_writes_test.cpp (load and report file of the live-writes measurement).

#include <memory>

#include "migrate/journal/journal.h"
#include "util/clock.h"
#include "util/error.h"

namespace ddbmv::cli {

/// The hooks the environment asks for, as one append hook (empty when none is set).
migrate::Journal::AppendHook test_hooks_from_environment();

/// `clock`, or with DDBMV_NOW set, a clock that read DDBMV_NOW when made and runs on from there.
/// Fails ("InvalidDuration") when DDBMV_NOW is not an ISO 8601 time.
Result<std::shared_ptr<const Clock>> clock_from_environment(std::shared_ptr<const Clock> clock);

}  // namespace ddbmv::cli
