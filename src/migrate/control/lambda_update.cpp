#include "migrate/control/lambda_update.h"

namespace ddbmv::migrate {

UpdateRetry update_retry_for(std::string_view code) {
  if (code == "ResourceConflictException" || code == "TooManyRequestsException")
    return UpdateRetry::kBackOff;
  if (code == "PreconditionFailedException")
    return UpdateRetry::kReread;
  return UpdateRetry::kFail;
}

}  // namespace ddbmv::migrate
