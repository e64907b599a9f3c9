#pragma once
/// Hidden hooks for the crash and concurrency tests of apply and rollback, read from the environment
/// (never documented for users, never set by ddbmv itself):
///
///   DDBMV_TEST_CRASH_AFTER=<step>[@<event>]   _exit(137) right after journaling that record (event
///                                             defaults to "done"), as a SIGKILL would;
///   DDBMV_TEST_CRASH_AFTER=#<n>               ... after the n-th record this process appends;
///   DDBMV_TEST_PAUSE_AFTER=<step>[@<event>]   right after journaling that record, create the file
///   DDBMV_TEST_PAUSE_DIR=<dir>                <dir>/paused and wait (up to 5 minutes) until <dir>/resume
///                                             exists: a test acts at that exact point, then lets go.

#include "migrate/journal/journal.h"

namespace ddbmv::cli {

/// The hooks the environment asks for, as one append hook (empty when none is set).
migrate::Journal::AppendHook test_hooks_from_environment();

}  // namespace ddbmv::cli
