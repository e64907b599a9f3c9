#include "migrate/decommission/decommission.h"

#include <fmt/core.h>
#include <fmt/format.h>

#include "migrate/control/table_retirement.h"
#include "migrate/journal/step_names.h"
#include "migrate/streams/captured_stream.h"
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

/// The new tables whose stream apply's cutover capture enabled and left on (for rollback, which is
/// no longer possible once the old tables go), with that stream.
std::vector<std::pair<const TablePlan*, StreamStart>> capture_streams(const Plan& plan,
                                                                      const JournalState& state) {
  std::vector<std::pair<const TablePlan*, StreamStart>> out;
  for (const auto& table : plan.tables) {
    auto captured = captured_stream(state.result_of(steps::cutover_capture(table.target)));
    if (captured && captured->start.enabled_by_us &&
        !state.is_done(steps::decommission_stream_off(table.target))) {
      out.emplace_back(&table, captured->start);
    }
  }
  return out;
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

}  // namespace

Result<std::vector<TableReference>> find_live_references(const lambda::Client& lambda,
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

  for (const RetiringTable* retiring : remaining) {
    report.actions.push_back(fmt::format("back up {} as {} (waited until AVAILABLE)", retiring->table->source,
                                         retiring->backup_name));
  }
  for (const RetiringTable* retiring : remaining) {
    report.actions.push_back(fmt::format("delete {}", retiring->table->source));
  }
  const auto streams = capture_streams(plan, state);
  for (const auto& [table, start] : streams) {
    report.actions.push_back(
        fmt::format("turn off the stream ddbmv enabled on {} for the cutover (kept for rollback until now)",
                    table->target));
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

  auto step = [&](const std::string& name, Json intent, auto action) -> Result<Json> {
    if (journal->is_done(name)) {
      return journal->result_of(name);
    }
    if (auto recorded = journal->intent(name, std::move(intent)); !recorded) {
      return std::unexpected(recorded.error());
    }
    Result<Json> result = action();
    if (!result) {
      (void)journal->failed(name, {{"code", result.error().code}, {"message", result.error().message}});
      (void)journal->failed(steps::kDecommission, {{"code", result.error().code}, {"step", name}});
      return result;
    }
    if (auto recorded = journal->done(name, *result); !recorded) {
      return std::unexpected(recorded.error());
    }
    return result;
  };

  if (auto opened = journal->intent(steps::kDecommission, {{"window_seconds", options.window.count()}});
      !opened) {
    return std::unexpected(opened.error());
  }
  std::vector<RetiredTable> retired;
  for (const RetiringTable* retiring : remaining) {
    const std::string& name = retiring->table->source;
    if (services.progress) {
      services.progress(fmt::format("backing up {} as {}", name, retiring->backup_name));
    }
    auto backup = step(
        steps::decommission_backup(name), {{"backup_name", retiring->backup_name}}, [&]() -> Result<Json> {
          auto arn =
              ensure_backup(services.dynamodb, name, retiring->backup_name, services.changes, services.clock);
          if (!arn) {
            return std::unexpected(arn.error());
          }
          return Json{{"backup_name", retiring->backup_name}, {"backup_arn", *arn}};
        });
    if (!backup) {
      return std::unexpected(backup.error());
    }
    retired.push_back({name, retiring->backup_name, backup->value("backup_arn", std::string()), false});
  }
  for (std::size_t i = 0; i < remaining.size(); ++i) {
    const std::string& name = remaining[i]->table->source;
    if (services.progress) {
      services.progress(fmt::format("deleting {}", name));
    }
    auto deleted = step(steps::decommission_delete(name), Json::object(), [&]() -> Result<Json> {
      auto done = delete_table(services.dynamodb, name, /*may_disable_protection=*/true, services.changes,
                               services.clock);
      if (!done) {
        return std::unexpected(done.error());
      }
      return Json{{"deleted", *done}};
    });
    if (!deleted) {
      return std::unexpected(deleted.error());
    }
    retired[i].deleted = true;
  }
  report.tables.insert(report.tables.end(), retired.begin(), retired.end());
  for (const auto& [table, start] : streams) {
    if (services.progress) {
      services.progress(fmt::format("turning off the stream ddbmv enabled on {}", table->target));
    }
    auto released = step(steps::decommission_stream_off(table->target), {{"stream_arn", start.stream_arn}},
                         [&, &captured = start]() { return release_capture_stream(services, captured); });
    if (!released) {
      return std::unexpected(released.error());
    }
  }
  if (auto closed = journal->done(steps::kDecommission, Json::object()); !closed) {
    return std::unexpected(closed.error());
  }
  return report;
}

}  // namespace ddbmv::migrate
