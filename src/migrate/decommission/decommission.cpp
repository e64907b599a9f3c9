#include "migrate/decommission/decommission.h"

#include <fmt/core.h>
#include <fmt/format.h>

#include <map>

#include "migrate/control/table_retirement.h"
#include "migrate/decommission/decommission_plan.h"
#include "migrate/journal/journal_step.h"
#include "migrate/journal/step_names.h"
#include "migrate/streams/stream_setup.h"
#include "migrate/verify/verify.h"
#include "util/time_format.h"

namespace ddbmv::migrate {

namespace {

/// Refuses when an old table's count or digest differs from the cutover's record.
Result<void> check_unchanged(const DecommissionServices& services, const RetiringTable& retiring) {
  const std::string& name = retiring.table->source;
  if (services.progress) {
    services.progress(fmt::format("checking that nothing wrote to {} since cutover", name));
  }
  auto now = fingerprint_table(services.plane, name, VerifyOptions{});
  if (!now) {
    return std::unexpected(now.error());
  }
  if (now->count != retiring.at_cutover.count || now->digest != retiring.at_cutover.digest) {
    return fail(
        "WritesSinceCutover",
        fmt::format("table {} was written to since cutover: it holds {} items (digest {}), against {} items "
                    "(digest {}) at cutover",
                    name, now->count, now->digest.substr(0, 12), retiring.at_cutover.count,
                    retiring.at_cutover.digest.substr(0, 12)),
        fmt::format("something still uses {}: find it (ddbmv discover), point it at {} and carry those "
                    "writes over; ddbmv will not delete a table in use",
                    name, retiring.table->target));
  }
  return {};
}

/// Turns `start`'s stream off if it is still the table's; says whether it did.
Result<Json> release_capture_stream(const DecommissionServices& services, const StreamStart& start) {
  auto described = services.dynamodb.describe_table(start.table);
  if (!described) {
    return std::unexpected(described.error().to_error(fmt::format("describing {}", start.table)));
  }
  const bool enabled = described->value("StreamSpecification", Json::object()).value("StreamEnabled", false);
  if (!enabled || described->value("LatestStreamArn", std::string()) != start.stream_arn) {
    return Json{{"turned_off", false},
                {"reason", "the stream is already off, or is not the one ddbmv enabled"}};
  }
  if (auto released = release_source_stream(services.dynamodb, start, services.clock); !released) {
    return std::unexpected(released.error());
  }
  if (services.changes != nullptr) {
    if (auto logged = services.changes->record(
            {"dynamodb:UpdateTable",
             start.table,
             {{"StreamSpecification",
               {{"old", {{"StreamEnabled", true}}}, {"new", {{"StreamEnabled", false}}}}},
              {"reason", "decommission: the cutover's capture stream is no longer needed"}},
             {}});
        !logged) {
      return std::unexpected(logged.error());
    }
  }
  return Json{{"turned_off", true}, {"stream_arn", start.stream_arn}};
}

Json intent_of(const DecommissionAction& action) {
  switch (action.kind) {
    case DecommissionActionKind::kBackup:
      return {{"backup_name", action.retiring->backup_name}};
    case DecommissionActionKind::kDelete:
      return Json::object();
    case DecommissionActionKind::kStreamOff:
      return {{"stream_arn", action.stream.stream_arn}};
  }
  return Json::object();
}

/// Carries out one action; its result is what the journal records as done.
Result<Json> perform(const DecommissionServices& services, const DecommissionAction& action) {
  const std::string& name = action.table->source;
  switch (action.kind) {
    case DecommissionActionKind::kBackup: {
      if (services.progress) {
        services.progress(fmt::format("backing up {} as {}", name, action.retiring->backup_name));
      }
      auto arn = ensure_backup(services.dynamodb, name, action.retiring->backup_name, services.changes,
                               services.clock);
      if (!arn) {
        return std::unexpected(arn.error());
      }
      return Json{{"backup_name", action.retiring->backup_name}, {"backup_arn", *arn}};
    }
    case DecommissionActionKind::kDelete: {
      if (services.progress) {
        services.progress(fmt::format("deleting {}", name));
      }
      auto done = delete_table(services.dynamodb, name, /*may_disable_protection=*/true, services.changes,
                               services.clock);
      if (!done) {
        return std::unexpected(done.error());
      }
      return Json{{"deleted", *done}};
    }
    case DecommissionActionKind::kStreamOff:
      if (services.progress) {
        services.progress(fmt::format("turning off the stream ddbmv enabled on {}", action.table->target));
      }
      return release_capture_stream(services, action.stream);
  }
  return fail("Internal", "unknown decommission action");
}

}  // namespace

Result<std::vector<TableReference>> find_live_references(const lambda::Functions& lambda,
                                                         const std::vector<const TablePlan*>& tables) {
  std::vector<TableReference> found;
  auto functions = lambda.list_functions();
  if (!functions) {
    return std::unexpected(functions.error().to_error("listing Lambda functions"));
  }
  for (const auto& configuration : *functions) {
    const std::string name = configuration.value("FunctionName", std::string());
    auto versions = lambda.list_versions_by_function(name);
    if (!versions) {
      return std::unexpected(versions.error().to_error(fmt::format("listing the versions of {}", name)));
    }
    auto aliases = lambda.list_aliases(name);
    if (!aliases) {
      return std::unexpected(aliases.error().to_error(fmt::format("listing the aliases of {}", name)));
    }
    const auto environments = version_environments(name, *versions, *aliases);
    for (const TablePlan* table : tables) {
      auto references = find_table_references(*table, environments);
      found.insert(found.end(), references.begin(), references.end());
    }
  }
  for (const TablePlan* table : tables) {
    if (!table->source_stream.arn) {
      continue;
    }
    auto mappings = lambda.list_event_source_mappings(*table->source_stream.arn);
    if (!mappings) {
      return std::unexpected(
          mappings.error().to_error(fmt::format("listing the event source mappings of {}", table->source)));
    }
    for (const auto& mapping : *mappings) {
      found.push_back(TableReference{table->source,
                                     mapping.value("FunctionArn", std::string()),
                                     "event-source-mapping",
                                     {},
                                     mapping.value("UUID", std::string())});
    }
  }
  return found;
}

Result<DecommissionReport> run_decommission(const Plan& plan, const JournalState& state, Journal* journal,
                                            const DecommissionServices& services,
                                            const DecommissionOptions& options, TimePoint now,
                                            std::string_view plan_path) {
  auto check = check_decommission(plan, state, now, options.window, plan_path);
  if (!check) {
    return std::unexpected(check.error());
  }
  DecommissionReport report;
  report.dry_run = options.dry_run;
  report.cutover_at = format_iso8601(check->cutover_at);
  if (check->finished) {
    report.nothing_to_do = true;
    return report;
  }

  // Checks first, for every table still there: nothing is changed unless all pass.
  std::vector<const RetiringTable*> remaining;
  std::vector<const TablePlan*> remaining_plans;
  for (const auto& retiring : check->tables) {
    if (retiring.deleted) {
      report.tables.push_back({retiring.table->source, retiring.backup_name, retiring.backup_arn, true});
      continue;
    }
    auto found = services.dynamodb.find_table(retiring.table->source);
    if (!found) {
      return std::unexpected(found.error().to_error(fmt::format("describing {}", retiring.table->source)));
    }
    if (found->has_value()) {
      if (auto unchanged = check_unchanged(services, retiring); !unchanged) {
        return std::unexpected(unchanged.error());
      }
      if ((**found).value("DeletionProtectionEnabled", false)) {
        report.actions.push_back(fmt::format("turn off deletion protection of {}", retiring.table->source));
      }
    }
    remaining.push_back(&retiring);
    remaining_plans.push_back(retiring.table);
  }
  if (services.progress) {
    services.progress(
        "checking that no Lambda function, version, alias or event source mapping refers to them");
  }
  auto references = find_live_references(services.lambda, remaining_plans);
  if (!references) {
    return std::unexpected(references.error());
  }
  if (!references->empty()) {
    std::vector<std::string> lines;
    for (const auto& reference : *references) {
      lines.push_back(fmt::format("{} → {}", reference.describe(), reference.table));
    }
    return fail("StillReferenced", fmt::format("old tables are still referenced: {}", fmt::join(lines, "; ")),
                "point those at the new tables (or delete the old versions), then re-run ddbmv decommission");
  }

  const auto actions = plan_decommission(plan, state, remaining);
  for (const auto& action : actions) {
    report.actions.push_back(action.describe());
  }
  if (options.dry_run) {
    for (const RetiringTable* retiring : remaining) {
      report.tables.push_back({retiring->table->source, retiring->backup_name, retiring->backup_arn, false});
    }
    return report;
  }
  if (journal == nullptr) {
    return fail("Internal", "decommission needs the journal");
  }

  if (auto opened = journal->intent(steps::kDecommission, {{"window_seconds", options.window.count()}});
      !opened) {
    return std::unexpected(opened.error());
  }
  std::map<std::string, RetiredTable> retired;  ///< by old table
  for (const auto& action : actions) {
    auto performed =
        run_step(*journal, action.step, intent_of(action), [&] { return perform(services, action); });
    if (!performed) {
      auto whole = failed_record(performed.error());
      whole["step"] = action.step;
      (void)journal->failed(steps::kDecommission, std::move(whole));
      return std::unexpected(performed.error());
    }
    if (action.kind == DecommissionActionKind::kBackup) {
      retired[action.table->source] = {action.table->source, action.retiring->backup_name,
                                       performed->value("backup_arn", std::string()), false};
    } else if (action.kind == DecommissionActionKind::kDelete) {
      retired[action.table->source].deleted = true;
    }
  }
  for (const RetiringTable* retiring : remaining) {
    report.tables.push_back(retired[retiring->table->source]);
  }
  if (auto closed = journal->done(steps::kDecommission, Json::object()); !closed) {
    return std::unexpected(closed.error());
  }
  return report;
}

}  // namespace ddbmv::migrate
