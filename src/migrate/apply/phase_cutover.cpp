/// cutover: first the new tables' streams are captured (cutover_capture.h) and, with live writes, the
/// replication caught up and left following in the background. Then each function's planned variables
/// re-pointed with the RevisionId read, waited until Successful; every other variable and setting left
/// byte-identical (only Environment is sent, and the result is checked). Aliases serving locked
/// versions move to a newly published version with --publish-aliases. With live writes the
/// replication then drains (nothing writes to the old tables any more), each table is verified and
/// the sources' streams ddbmv enabled are turned off. Then the old tables are fingerprinted (for
/// decommission) and the time recorded.

#include <fmt/core.h>

#include <algorithm>
#include <atomic>

#include "migrate/apply/function_env.h"
#include "migrate/apply/phases.h"
#include "migrate/copy/table_data_plane.h"
#include "migrate/journal/journal_steps.h"
#include "migrate/streams/cutover_capture.h"
#include "migrate/verify/verify.h"
#include "util/parallel.h"
#include "util/time_format.h"

namespace ddbmv::migrate {
namespace {

constexpr int kMaxConflictRetries = 12;

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& name : names)
    out += (out.empty() ? "" : ", ") + name;
  return out;
}

Result<void> cut_over_function(const ApplyContext& context, const FunctionPlan& function,
                               const NewValues& new_values, PhaseReport& report) {
  const std::string step = steps::cutover_function(function.name);
  if (context.journal.is_done(step)) {
    context.say(report, fmt::format("function {}: re-pointed in an earlier run", function.name));
    return {};
  }
  const auto variables = variables_record(function, new_values);
  auto delay = context.options.function_poll.first_delay;
  for (int attempt = 1;; ++attempt) {
    // An update still in progress (ours from a stopped run, or anyone's) must finish first.
    auto before = wait_function_updated(context.clients.lambda, *context.clock, context.options.function_poll,
                                        function.name);
    if (!before)
      return forward(before);
    const auto environment = environment_variables(*before);
    const auto check = check_planned_variables(function, new_values, environment);
    const std::string revision = before->value("RevisionId", "");
    if (check.state == PlannedVariablesState::kNew) {
      // A run that stopped after UpdateFunctionConfiguration: the change is there, only the record is not.
      context.say(report, fmt::format("function {}: already re-pointed (by an earlier run)", function.name));
      return context.journal.done(step, {{"revision_id_before", nullptr},
                                         {"revision_id_after", revision},
                                         {"variables", variables},
                                         {"already_applied", true}});
    }
    if (check.state == PlannedVariablesState::kConflict) {
      (void)context.journal.failed(step,
                                   {{"unexpected_variables", check.unexpected}, {"revision_id", revision}});
      return fail(
          "FunctionChanged",
          fmt::format("function {} was changed by someone else: variable(s) {} hold neither the planned "
                      "old nor the new table",
                      function.name, join(check.unexpected)),
          fmt::format("apply stopped before changing it; run ddbmv plan again, or undo what was done with "
                      "ddbmv rollback {}",
                      context.plan_path.string()));
    }
    if (auto noted = context.journal.intent(step, {{"revision_id", revision}, {"variables", variables}});
        !noted) {
      return noted;
    }
    auto updated = context.clients.lambda.update_environment(
        function.name, with_new_values(environment, new_values), revision);
    if (!updated) {
      const std::string& code = updated.error().code;
      const bool conflict = code == "ResourceConflictException" || code == "TooManyRequestsException";
      if ((conflict || code == "PreconditionFailedException") && attempt < kMaxConflictRetries) {
        // Another update is in progress, or the function changed after we read it: back off, re-read,
        // and go on only if the planned variables still hold their old values.
        if (conflict) {
          context.clock->sleep_for(delay);
          delay = std::min(context.options.function_poll.max_delay, delay * 2);
        }
        continue;
      }
      (void)context.journal.failed(step, {{"error", code}, {"message", updated.error().message}});
      return std::unexpected(updated.error().to_error());
    }
    if (auto logged = context.log_change(
            "lambda:UpdateFunctionConfiguration", function.name,
            {{"variables", variables},
             {"RevisionId", {{"old", revision}, {"new", updated->value("RevisionId", "")}}}});
        !logged) {
      return logged;
    }
    auto after = wait_function_updated(context.clients.lambda, *context.clock, context.options.function_poll,
                                       function.name);
    if (!after) {
      (void)context.journal.failed(step, {{"error", after.error().code}, {"message", after.error().message}});
      return forward(after);
    }
    if (const auto unplanned = unplanned_changes(*before, *after, new_values); !unplanned.empty()) {
      (void)context.journal.failed(step, {{"unplanned_changes", unplanned}});
      return fail(
          "UnplannedChange",
          fmt::format("after re-pointing function {}, these also differ: {}", function.name, join(unplanned)),
          fmt::format("check the function; undo with ddbmv rollback {}", context.plan_path.string()));
    }
    context.say(report, fmt::format("function {}: {} re-pointed; every other setting unchanged",
                                    function.name, join([&] {
                                      std::vector<std::string> names;
                                      for (const auto& change : function.changes)
                                        names.push_back(change.variable);
                                      return names;
                                    }())));
    return context.journal.done(step, {{"revision_id_before", revision},
                                       {"revision_id_after", after->value("RevisionId", "")},
                                       {"variables", variables},
                                       {"already_applied", false}});
  }
}

/// Publishes a version of the re-pointed function once (or finds the one an earlier run published).
Result<std::string> publish(const ApplyContext& context, const FunctionPlan& function, PhaseReport& report) {
  const std::string step = steps::cutover_publish(function.name);
  if (auto done = context.journal.result_of(step); context.journal.is_done(step)) {
    return done.value("version", "");
  }
  const std::string description = "ddbmv " + context.plan.migration_id;
  if (auto noted = context.journal.intent(step, {{"description", description}}); !noted)
    return forward(noted);
  auto versions = lift(context.clients.lambda.list_versions_by_function(function.name));
  if (!versions)
    return forward(versions);
  std::string version;
  std::string revision;
  for (const auto& candidate : *versions) {
    if (candidate.value("Version", "") != "$LATEST" && candidate.value("Description", "") == description) {
      version = candidate.value("Version", "");
      revision = candidate.value("RevisionId", "");
    }
  }
  if (version.empty()) {
    auto latest = lift(context.clients.lambda.get_function_configuration(function.name));
    if (!latest)
      return forward(latest);
    auto published = lift(
        context.clients.lambda.publish_version(function.name, latest->value("RevisionId", ""), description));
    if (!published)
      return forward(published);
    version = published->value("Version", "");
    revision = published->value("RevisionId", "");
    if (auto logged = context.log_change("lambda:PublishVersion", function.name,
                                         {{"Version", version}, {"Description", description}});
        !logged) {
      return forward(logged);
    }
  }
  context.say(report,
              fmt::format("function {}: published version {} with the new tables", function.name, version));
  if (auto noted = context.journal.done(step, {{"version", version}, {"revision_id", revision}}); !noted) {
    return forward(noted);
  }
  return version;
}

Result<void> move_aliases(const ApplyContext& context, const FunctionPlan& function, PhaseReport& report) {
  if (function.aliases_on_locked_versions.empty())
    return {};
  auto version = publish(context, function, report);
  if (!version)
    return forward(version);
  auto aliases = lift(context.clients.lambda.list_aliases(function.name));
  if (!aliases)
    return forward(aliases);
  for (const auto& locked : function.aliases_on_locked_versions) {
    const std::string step = steps::cutover_alias(function.name, locked.alias);
    if (context.journal.is_done(step))
      continue;
    std::string current = locked.version;
    for (const auto& alias : *aliases) {
      if (alias.value("Name", "") == locked.alias)
        current = alias.value("FunctionVersion", locked.version);
    }
    const auto earlier = context.journal.step(step);
    const std::string previous = earlier && earlier->intent.contains("previous_version")
                                     ? earlier->intent["previous_version"].get<std::string>()
                                     : current;
    if (!earlier) {
      if (auto noted = context.journal.intent(step, {{"previous_version", previous}, {"version", *version}});
          !noted) {
        return noted;
      }
    }
    if (current != *version) {
      auto moved = lift(context.clients.lambda.update_alias(function.name, locked.alias, *version));
      if (!moved)
        return forward(moved);
      if (auto logged = context.log_change("lambda:UpdateAlias", function.name + ":" + locked.alias,
                                           {{"FunctionVersion", {{"old", previous}, {"new", *version}}}});
          !logged) {
        return logged;
      }
    }
    context.say(report, fmt::format("alias {}:{} moved from version {} to {}", function.name, locked.alias,
                                    previous, *version));
    if (auto noted = context.journal.done(step, {{"previous_version", previous}, {"version", *version}});
        !noted) {
      return noted;
    }
  }
  return {};
}

Result<void> fingerprint_old_table(const ApplyContext& context, const TablePlan& table, PhaseReport& report) {
  const std::string step = steps::cutover_fingerprint(table.source);
  if (context.journal.is_done(step))
    return {};
  // After live writes the verify read the whole old table, which no longer changes.
  const auto live_verify =
      context.journal.result_of(steps::verify(table.source)).value("live", nlohmann::json());
  Result<TableFingerprint> fingerprint = fail("NotRun", "");
  if (live_verify.is_object() && live_verify.contains("source_all")) {
    const auto& all = live_verify["source_all"];
    fingerprint =
        TableFingerprint{table.source, all.value("count", std::int64_t{0}), all.value("digest", "")};
  } else {
    const auto plane = make_dynamodb_data_plane(context.clients.dynamodb);
    fingerprint = fingerprint_table(*plane, table.source, VerifyOptions{});
  }
  if (!fingerprint)
    return forward(fingerprint);
  context.say(report, fmt::format("old table {} at cutover: {} items, digest {}", table.source,
                                  fingerprint->count, fingerprint->digest.substr(0, 16)));
  return context.journal.done(step, {{"table", table.source},
                                     {"count", fingerprint->count},
                                     {"digest", fingerprint->digest},
                                     {"cutover_at", format_iso8601(context.clock->now())}});
}

std::string lag_text(const ReplicationProgress& progress) {
  return fmt::format("{} → {}: {} stream records applied ({} writes), largest lag {:.1f} s", progress.source,
                     progress.target, progress.records_applied, progress.writes, progress.max_seconds_behind);
}

/// Before the first function moves: the new tables' streams captured, the replication caught up and
/// following.
Result<void> begin_cutover(const ApplyContext& context, PhaseReport& report) {
  if (context.live != nullptr) {
    if (auto caught_up = context.live->catch_up(); !caught_up)
      return caught_up;
  }
  if (auto captured = capture_target_streams(context.plan, context.clients, context.journal, *context.clock);
      !captured) {
    return captured;
  }
  for (const auto& table : context.plan.tables) {
    auto capture = captured_target(context.journal.state(), table.target);
    if (!capture)
      return forward(capture);
    context.say(report, fmt::format("stream of {} captured at the cutover's start ({}{})", table.target,
                                    capture->stream.view_type,
                                    capture->stream.enabled_by_us ? ", enabled by ddbmv" : ""));
  }
  if (context.live == nullptr)
    return {};
  if (auto following = context.live->start_following(); !following)
    return following;
  context.say(report, "live writes: replication follows the old tables while the functions move");
  return {};
}

/// After the last function moved: drain, verify, release the sources' streams.
Result<void> end_live_writes(const ApplyContext& context, PhaseReport& report) {
  if (auto drained = context.live->drain(); !drained)
    return drained;
  for (const auto& progress : context.live->progress()) {
    context.say(report, "live writes: drained " + lag_text(progress));
  }
  for (const auto& table : context.plan.tables) {
    if (auto verified = run_verify_step(context, table, report); !verified)
      return verified;
  }
  if (auto released = context.live->release_streams(); !released)
    return released;
  for (const auto& table : context.plan.tables) {
    if (context.journal.is_done(live_stream_off_step(table.source))) {
      context.say(report,
                  fmt::format("live writes: the stream ddbmv enabled on {} is off again", table.source));
    }
  }
  return {};
}

/// Every function re-pointed (and its aliases moved), up to max_concurrent_cutovers at once: the
/// window in which some functions use the old tables and some the new ones is then about one Lambda
/// update long, not one per function. After a failure no further function is started; those under
/// way finish (each is journaled on its own), and the first failure in plan order is returned.
Result<void> cut_over_functions(const ApplyContext& context, PhaseReport& report) {
  const auto stream_arns = created_stream_arns(context.plan, context.journal.state());
  std::vector<const FunctionPlan*> functions;
  std::vector<NewValues> new_values;
  for (const auto& function : context.plan.functions) {
    if (function.changes.empty())
      continue;
    auto values = resolve_new_values(context.plan, function, stream_arns);
    if (!values)
      return forward(values);
    functions.push_back(&function);
    new_values.push_back(std::move(*values));
  }
  std::vector<PhaseReport> reports(functions.size(),
                                   PhaseReport{Phase::kCutover, {}, nlohmann::json::object()});
  std::vector<std::optional<Result<void>>> results(functions.size());  ///< nullopt: not started
  std::atomic<bool> failed{false};
  run_parallel(functions.size(), static_cast<std::size_t>(context.options.max_concurrent_cutovers),
               [&](std::size_t i) {
                 if (failed.load())
                   return;
                 auto result = cut_over_function(context, *functions[i], new_values[i], reports[i]);
                 if (result)
                   result = move_aliases(context, *functions[i], reports[i]);
                 if (!result)
                   failed = true;
                 results[i] = std::move(result);
               });
  for (std::size_t i = 0; i < functions.size(); ++i) {
    report.actions.insert(report.actions.end(), reports[i].actions.begin(), reports[i].actions.end());
    report.details["functions"][functions[i]->name] =
        context.journal.result_of(steps::cutover_function(functions[i]->name));
  }
  for (auto& result : results) {
    if (result && !*result)
      return *result;
  }
  return {};
}

}  // namespace

Result<PhaseReport> run_cutover(const ApplyContext& context) {
  PhaseReport report{Phase::kCutover, {}, nlohmann::json::object()};
  if (auto allowed = check_locked_aliases(context.plan, context.options.publish_aliases); !allowed) {
    return forward(allowed);
  }
  if (auto begun = begin_cutover(context, report); !begun)
    return forward(begun);
  if (auto moved = cut_over_functions(context, report); !moved)
    return forward(moved);
  if (context.live != nullptr) {
    if (auto ended = end_live_writes(context, report); !ended)
      return forward(ended);
    for (const auto& table : context.plan.tables) {
      report.details["tables"][table.source] = {
          {"replication", context.journal.result_of(live_replicate_step(table.target))},
          {"verify", context.journal.result_of(steps::verify(table.source))}};
    }
  }
  for (const auto& table : context.plan.tables) {
    if (auto recorded = fingerprint_old_table(context, table, report); !recorded)
      return forward(recorded);
  }
  if (!context.journal.is_done(steps::kCutoverComplete)) {
    const std::string time = format_iso8601(context.clock->now());
    if (auto noted = context.journal.done(steps::kCutoverComplete, {{"cutover_time", time}}); !noted) {
      return forward(noted);
    }
    context.say(report, fmt::format("cutover complete at {}", time));
  }
  report.details["cutover_time"] =
      context.journal.result_of(steps::kCutoverComplete).value("cutover_time", "");
  return report;
}

}  // namespace ddbmv::migrate
