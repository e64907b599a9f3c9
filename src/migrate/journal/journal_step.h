#pragma once
/// The one way a step is journaled around the work it names: skipped when the journal says done,
/// else an intent, the work, then done with its result or failed with its error. A failed record
/// always reads {"error": <code>, "message": <text>} (plus what the caller adds).

#include <functional>
#include <string>

#include "aws/error.h"
#include "migrate/journal/journal.h"
#include "util/error.h"

namespace ddbmv::migrate {

/// What the journal records when a step fails with `error`.
Json failed_record(const Error& error);
Json failed_record(const aws::AwsError& error);

/// Runs `work` as journal step `step`: returns the recorded result when the step is done already;
/// otherwise records `intent`, runs `work`, and records done with its result or failed with its error
/// (which it returns). A failure to write the journal is returned as such.
Result<Json> run_step(Journal& journal, const std::string& step, Json intent,
                      const std::function<Result<Json>()>& work);

}  // namespace ddbmv::migrate
