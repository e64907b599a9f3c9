#pragma once
/// How a failed Lambda UpdateFunctionConfiguration is retried: the same rule for apply's cutover and
/// for rollback (the only two callers that change a function's environment).

#include <chrono>
#include <string_view>

#include "util/poll.h"

namespace ddbmv::migrate {

enum class UpdateRetry {
  /// ResourceConflictException (another update is in progress) or TooManyRequestsException
  /// (throttled): wait (kUpdateConflictBackoff), read the function again, and retry.
  kBackOff,
  /// PreconditionFailedException: the function changed after we read its RevisionId. Read it again at
  /// once and go on only if what the caller checks still holds.
  kReread,
  kFail,  ///< anything else
};

UpdateRetry update_retry_for(std::string_view code);

/// Attempts at one function's update before a conflict is reported as the failure.
inline constexpr int kMaxUpdateAttempts = 20;
/// The waits between conflicting updates.
inline constexpr PollPolicy kUpdateConflictBackoff{std::chrono::milliseconds(250), std::chrono::seconds(5),
                                                   2.0, std::chrono::minutes(10)};

}  // namespace ddbmv::migrate
