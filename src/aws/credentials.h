#pragma once
/// AWS credentials and the interface that supplies them.

#include <optional>
#include <string>

#include "util/clock.h"
#include "util/error.h"

namespace ddbmv::aws {

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;        ///< secret: never printed or logged
  std::string session_token;            ///< secret; empty when none
  std::optional<TimePoint> expiration;  ///< empty for long-term keys
  std::string source;                   ///< where they came from, for messages: "environment", "profile dev"
};

class CredentialsProvider {
 public:
  virtual ~CredentialsProvider() = default;
  /// Current credentials, refreshed when they are about to expire; thread-safe.
  /// Fails with a message naming the variable, file or profile at fault, never a secret.
  virtual Result<Credentials> credentials() = 0;
};

}  // namespace ddbmv::aws
