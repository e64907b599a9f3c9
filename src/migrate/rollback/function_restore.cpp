#include "migrate/rollback/function_restore.h"

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>

#include "migrate/control/lambda_update.h"
#include "migrate/control/waiters.h"
#include "migrate/journal/step_names.h"

namespace ddbmv::migrate {

namespace {

Error aws_failure(const aws::AwsError& error, std::string_view what) {
  Error out = error.to_error();
  out.message = fmt::format("{}: {}", what, out.message);
  return out;
}

}  // namespace

Result<FunctionRestoreResult> restore_function(const lambda::Functions& lambda, const Plan& plan,
                                               const FunctionPlan& function,
                                               const std::vector<MovedAlias>& aliases, ChangesLog* changes,
                                               const Clock& clock, const FunctionRestoreOptions& options) {
  FunctionRestoreResult result;
  Backoff backoff(kUpdateConflictBackoff);
  for (int attempt = 1;; ++attempt) {
    auto configuration = lambda.find_function_configuration(function.name);
    if (!configuration) {
      return std::unexpected(
          aws_failure(configuration.error(), fmt::format("reading function {}", function.name)));
    }
    if (!*configuration) {
      return fail("FunctionNotFound", fmt::format("function {} no longer exists", function.name),
                  "nothing to point back; remove it from consideration and re-run ddbmv rollback");
    }
    result.timeout_seconds = (*configuration)->value("Timeout", 3);
    auto restore = restored_environment(plan, function, lambda::Client::environment_of(**configuration));
    if (!restore) {
      return std::unexpected(restore.error());
    }
    if (restore->restored.empty()) {
      break;  // already on the old tables
    }
    const std::string revision = (*configuration)->value("RevisionId", std::string());
    auto updated = lambda.update_environment(function.name, restore->variables, revision);
    if (updated) {
      result.restored = restore->restored;
      result.revision_id = updated->value("RevisionId", std::string());
      if (changes != nullptr) {
        Json variables = Json::object();
        for (const auto& name : restore->restored) {
          variables[name] = restore->variables.at(name);
        }
        if (auto logged = changes->record({"lambda:UpdateFunctionConfiguration",
                                           function.name,
                                           {{"variables", variables}, {"reason", "rollback"}},
                                           {}});
            !logged) {
          return std::unexpected(logged.error());
        }
      }
      break;
    }
    const auto retry = update_retry_for(updated.error().code);
    if (retry == UpdateRetry::kFail || attempt >= kMaxUpdateAttempts) {
      return std::unexpected(
          aws_failure(updated.error(), fmt::format("updating function {}", function.name)));
    }
    if (retry == UpdateRetry::kBackOff) {
      clock.sleep_for(backoff.next());
    }
  }
  if (auto waited = wait_function_updated(lambda, clock, options.update_poll, function.name); !waited) {
    return std::unexpected(waited.error());
  }

  if (aliases.empty()) {
    return result;
  }
  auto current = lambda.list_aliases(function.name);
  if (!current) {
    return std::unexpected(
        aws_failure(current.error(), fmt::format("listing the aliases of {}", function.name)));
  }
  for (const auto& moved : aliases) {
    const auto found = std::find_if(current->begin(), current->end(), [&moved](const Json& alias) {
      return alias.value("Name", std::string()) == moved.alias;
    });
    if (found == current->end()) {
      continue;  // deleted since: nothing to move back
    }
    const std::string serving = found->value("FunctionVersion", std::string());
    if (serving == moved.previous_version) {
      continue;
    }
    if (!moved.version.empty() && serving != moved.version) {
      return fail("ChangedSinceCutover",
                  fmt::format("alias {} of function {} serves version {}, not the version {} cutover set",
                              moved.alias, function.name, serving, moved.version),
                  fmt::format("move it by hand (it served version {} before), then re-run ddbmv rollback",
                              moved.previous_version));
    }
    auto updated = lambda.update_alias(function.name, moved.alias, moved.previous_version,
                                       found->value("RevisionId", std::string()));
    if (!updated) {
      return std::unexpected(aws_failure(
          updated.error(), fmt::format("moving alias {} of {} back", moved.alias, function.name)));
    }
    if (changes != nullptr) {
      if (auto logged =
              changes->record({"lambda:UpdateAlias",
                               function.name + ":" + moved.alias,
                               {{"FunctionVersion", {{"old", serving}, {"new", moved.previous_version}}},
                                {"reason", "rollback"}},
                               {}});
          !logged) {
        return std::unexpected(logged.error());
      }
    }
    result.aliases.push_back(moved.alias);
  }
  return result;
}

}  // namespace ddbmv::migrate
