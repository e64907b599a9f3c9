#include "migrate/rollback/function_restore.h"

#include <fmt/core.h>
#include <fmt/format.h>

#include <algorithm>

#include "migrate/journal/step_names.h"

namespace ddbmv::migrate {

namespace {

Error aws_failure(const aws::AwsError& error, std::string_view what) {
  Error out = error.to_error();
  out.message = fmt::format("{}: {}", what, out.message);
  return out;
}

}  // namespace

Result<void> wait_until_updated(const lambda::Client& lambda, const std::string& name, const Clock& clock,
                                std::chrono::seconds timeout) {
  const TimePoint deadline = clock.now() + timeout;
  std::chrono::milliseconds delay{100};
  while (true) {
    auto configuration = lambda.get_function_configuration(name);
    if (!configuration) {
      return std::unexpected(aws_failure(configuration.error(), fmt::format("reading function {}", name)));
    }
    const std::string status = configuration->value("LastUpdateStatus", std::string("Successful"));
    if (status == "Successful") {
      return {};
    }
    if (status == "Failed") {
      return fail("FunctionUpdateFailed",
                  fmt::format("the update of function {} failed: {}", name,
                              configuration->value("LastUpdateStatusReason", std::string("no reason given"))),
                  "look at the function in the Lambda console, fix the cause, then re-run ddbmv rollback");
    }
    if (clock.now() >= deadline) {
      return fail("Timeout", fmt::format("function {} was still {} after {}s", name, status, timeout.count()),
                  "re-run ddbmv rollback: it continues from here");
    }
    clock.sleep_for(delay);
    delay = std::min(delay * 8 / 5, std::chrono::milliseconds(5'000));
  }
}

Result<FunctionRestoreResult> restore_function(const lambda::Client& lambda, const Plan& plan,
                                               const FunctionPlan& function,
                                               const std::vector<MovedAlias>& aliases, ChangesLog* changes,
                                               const Clock& clock, const FunctionRestoreOptions& options) {
  FunctionRestoreResult result;
  std::chrono::milliseconds delay{250};
  for (int attempt = 0;; ++attempt) {
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
    const std::string& code = updated.error().code;
    const bool conflict = code == "ResourceConflictException" || code == "PreconditionFailedException";
    if (!conflict || attempt + 1 >= options.max_conflicts) {
      return std::unexpected(
          aws_failure(updated.error(), fmt::format("updating function {}", function.name)));
    }
    if (code == "ResourceConflictException") {
      clock.sleep_for(delay);
      delay = std::min(delay * 2, std::chrono::milliseconds(5'000));
    }
  }
  if (auto waited = wait_until_updated(lambda, function.name, clock, options.wait_timeout); !waited) {
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
