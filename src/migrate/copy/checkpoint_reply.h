#pragma once
/// What a checkpoint callback tells the copy (copy_engine.h) or a replication (stream_replicator.h)
/// after it has recorded a checkpoint: go on, or stop at once as a crash would.

namespace ddbmv::migrate {

enum class CheckpointReply { kContinue, kStop };

}  // namespace ddbmv::migrate
