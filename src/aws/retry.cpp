#include "aws/retry.h"

#include "util/jitter.h"

namespace ddbmv::aws {

std::chrono::milliseconds RetryPolicy::backoff(int attempt) const {
  return full_jitter(base_delay, max_delay, attempt - 1, random);
}

}  // namespace ddbmv::aws
