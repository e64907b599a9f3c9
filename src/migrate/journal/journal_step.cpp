#include "migrate/journal/journal_step.h"

namespace ddbmv::migrate {

Json failed_record(const Error& error) {
  return Json{{"error", error.code}, {"message", error.message}};
}

Json failed_record(const aws::AwsError& error) {
  return Json{{"error", error.code}, {"message", error.message}};
}

Result<Json> run_step(Journal& journal, const std::string& step, Json intent,
                      const std::function<Result<Json>()>& work) {
  if (journal.is_done(step)) {
    return journal.result_of(step);
  }
  if (auto recorded = journal.intent(step, std::move(intent)); !recorded) {
    return std::unexpected(recorded.error());
  }
  Result<Json> result = work();
  if (!result) {
    (void)journal.failed(step, failed_record(result.error()));
    return result;
  }
  if (auto recorded = journal.done(step, *result); !recorded) {
    return std::unexpected(recorded.error());
  }
  return result;
}

}  // namespace ddbmv::migrate
