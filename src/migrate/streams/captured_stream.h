#pragma once
/// A stream position as a capture records it in the journal: apply's cutover.capture/<target> and
/// rollback's rollback.capture/<target>. Read by rollback (where to replay from) and decommission.

#include <nlohmann/json.hpp>
#include <optional>

#include "migrate/streams/replication_checkpoint.h"

namespace ddbmv::migrate {

/// A stream position as a capture records it.
struct CapturedStream {
  StreamStart start;
  ReplicationResumeState from;  ///< per shard, where the capture was taken (others: TRIM_HORIZON)
};

/// The done record of a capture: apply's cutover.capture/<target> (a TargetCapture, cutover_capture.h)
/// or rollback.capture/<target> (a StreamStart). Empty when it is neither.
std::optional<CapturedStream> captured_stream(const nlohmann::json& recorded);

}  // namespace ddbmv::migrate
