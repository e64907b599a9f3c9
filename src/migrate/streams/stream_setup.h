#pragma once
/// Gives a source table a stream a replication can read, captured before the copy begins, and takes
/// it away again afterwards when ddbmv was the one that turned it on.

#include <chrono>
#include <string>

#include "dynamodb/client.h"
#include "dynamodb/streams_client.h"
#include "migrate/streams/replication_checkpoint.h"
#include "util/clock.h"
#include "util/error.h"

namespace ddbmv::migrate {

struct StreamSetupOptions {
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};  ///< for the table and stream to settle
  std::chrono::milliseconds poll{250};
  /// An existing stream is read from TRIM_HORIZON, skipping records created more than this before
  /// the capture (the copy, which starts after the capture, saw their effect). Covers clock skew.
  std::chrono::seconds existing_stream_margin{300};
};

/// Where to read `table`'s changes from, once this returns:
/// - no stream: enables one (UpdateTable, NEW_AND_OLD_IMAGES), waits for the table to be ACTIVE and
///   the stream ENABLED, and reads it from TRIM_HORIZON (enabled_by_us);
/// - a stream already (any view type; KEYS_ONLY and OLD_IMAGE are served by reading the source by
///   key): reads it from TRIM_HORIZON, skipping records older than now - existing_stream_margin.
/// `enabled_earlier`: the journal holds our intent to enable it (a run crashed after UpdateTable), so
/// a NEW_AND_OLD_IMAGES stream found is ours. Must be called before the copy begins.
Result<StreamStart> prepare_source_stream(const dynamodb::Client& dynamodb,
                                          const dynamodb::StreamsClient& streams, const std::string& table,
                                          bool enabled_earlier, const Clock& clock,
                                          const StreamSetupOptions& options = {});

/// Turns `start`'s stream off if ddbmv enabled it and it is still the table's stream; otherwise does
/// nothing. Idempotent.
Result<void> release_source_stream(const dynamodb::Client& dynamodb, const StreamStart& start,
                                   const Clock& clock, const StreamSetupOptions& options = {});

}  // namespace ddbmv::migrate
