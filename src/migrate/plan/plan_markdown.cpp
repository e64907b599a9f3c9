#include "migrate/plan/plan_markdown.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "migrate/plan/risk.h"

namespace ddbmv::migrate {

namespace {

using Json = nlohmann::json;

std::string plural(std::size_t count, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", count, count == 1 ? one : many);
}

std::string key_summary(const Json& keys) {
  std::string hash, range;
  for (const auto& key : keys) {
    (key.value("KeyType", "") == "HASH" ? hash : range) = key.value("AttributeName", "");
  }
  return range.empty() ? fmt::format("PK=`{}`, no SK", hash) : fmt::format("PK=`{}`, SK=`{}`", hash, range);
}

Level overall_risk(const Plan& plan) {
  Level level = Level::kNone;
  for (const auto& table : plan.tables) {
    level = std::max(level, table.risk);
  }
  return level;
}

void overview(fmt::memory_buffer& out, const Plan& plan, std::size_t functions_updated) {
  std::int64_t items = 0, bytes = 0;
  std::size_t streams = 0;
  for (const auto& table : plan.tables) {
    items += table.item_count;
    bytes += table.size_bytes;
    streams += table.source_stream.enabled ? 1 : 0;
  }
  fmt::format_to(
      std::back_inserter(out),
      "## Migration Overview\n\n### Current State\n"
      "- **Tables:** {} ({} items, {} in all)\n"
      "- **Dependencies:** {} with table names or ARNs in environment variables\n"
      "- **Streams:** {}\n"
      "- **Risk Level:** {} (highest table risk)\n\n"
      "### Target State\n"
      "- **New Tables:** renamed by {}\n"
      "- **Zero Downtime:** new tables are created and filled before functions are re-pointed\n"
      "- **Data Preservation:** every item copied and verified; writes during the copy are carried over\n"
      "- **Source Tables:** left untouched until `ddbmv decommission` after the observation period\n\n",
      plural(plan.tables.size(), "table", "tables"), items, format_bytes(bytes),
      plural(functions_updated, "Lambda function", "Lambda functions"),
      streams == 0 ? std::string("none") : plural(streams, "source table has one", "source tables have one"),
      to_string(overall_risk(plan)),
      plan.rules.empty() ? std::string("(no rule)") : fmt::format("`{}`", fmt::join(plan.rules, "`, `")));
}

void steps(fmt::memory_buffer& out, const Plan& plan) {
  const Estimate& e = plan.estimate;
  fmt::format_to(
      std::back_inserter(out),
      "## Migration Steps Summary\n\n"
      "### Phase 1: Prepare ({})\n1. Enable point-in-time recovery on the source tables\n"
      "2. Take an on-demand backup of each source table\n\n"
      "### Phase 2: Create ({})\n3. Create the new tables from `specs/*.json` and wait until ACTIVE\n"
      "4. Apply what CreateTable cannot carry (TTL, point-in-time recovery)\n\n"
      "### Phase 3: Copy ({})\n5. Copy every item, then catch up the writes made meanwhile\n"
      "6. Verify counts and item digests\n\n"
      "### Phase 4: Cutover ({})\n7. Update the environment of {} (guarded by RevisionId)\n\n"
      "### Phase 5: Validate ({})\n8. Invoke each updated function and check it answers\n\n"
      "### Phase 6: Decommission (after 7 days)\n9. Final backup, then delete the old tables\n\n",
      format_duration(e.prepare), format_duration(e.create), format_duration(e.copy),
      format_duration(e.cutover), plural(plan.functions.size(), "function", "functions"),
      format_duration(e.validate));
}

void tables(fmt::memory_buffer& out, const Plan& plan) {
  fmt::format_to(std::back_inserter(out),
                 "## Detailed Analysis\n\n### Tables to Migrate\n\n"
                 "| Old Table Name | New Table Name | Size | Items | Dependencies | Risk "
                 "|\n|---|---|---|---|---|---|\n");
  for (const auto& table : plan.tables) {
    fmt::format_to(std::back_inserter(out), "| `{}` | `{}` | {} | {} | {} | {} |\n", table.source,
                   table.target, format_bytes(table.size_bytes), table.item_count,
                   plural(table.dependents.size(), "Lambda", "Lambdas"), to_string(table.risk));
  }
  fmt::format_to(
      std::back_inserter(out),
      "\nRisk: HIGH for {}+ dependent functions, MEDIUM for {}-{}, LOW for 1; one level higher for "
      "a table over 1 GiB or {} items, and again for a live stream.\n\n",
      kHighDependents, kMediumDependents, kHighDependents - 1, kLargeTableItems);
}

void functions(fmt::memory_buffer& out, const Plan& plan) {
  fmt::format_to(std::back_inserter(out),
                 "### Lambda Functions to Update\n\n"
                 "| Function Name | Environment Variables to Change | Criticality |\n|---|---|---|\n");
  for (const auto& function : plan.functions) {
    std::vector<std::string> names;
    for (const auto& change : function.changes) {
      names.push_back(fmt::format("`{}`", change.variable));
    }
    fmt::format_to(std::back_inserter(out), "| `{}` | {} ({}) | {} |\n", function.name,
                   plural(function.changes.size(), "variable", "variables"), fmt::join(names, ", "),
                   to_string(function.criticality));
  }
  fmt::format_to(std::back_inserter(out),
                 "\nCriticality: HIGH for a function that uses {}+ of these tables, MEDIUM for 1; CRITICAL "
                 "only where marked with `--critical`.\n",
                 kHighTablesTouched);
  fmt::format_to(std::back_inserter(out),
                 "\n#### Changes\n\n| Function | Variable | Old value | New value |\n|---|---|---|---|\n");
  for (const auto& function : plan.functions) {
    for (const auto& change : function.changes) {
      fmt::format_to(std::back_inserter(out), "| `{}` | `{}` | `{}` | {} |\n", function.name, change.variable,
                     change.old_value,
                     change.new_value.empty()
                         ? fmt::format("the stream ARN of `{}` (known after create)",
                                       plan.find_source(change.table) ? plan.find_source(change.table)->target
                                                                      : change.table)
                         : fmt::format("`{}`", change.new_value));
    }
  }
  fmt::format_to(std::back_inserter(out),
                 "\nOther environment variables are left untouched (their values are not shown).\n\n");
  fmt::format_to(std::back_inserter(out), "### Warnings\n\n");
  if (plan.warnings.empty()) {
    fmt::format_to(std::back_inserter(out), "None.\n\n");
  }
  for (const auto& warning : plan.warnings) {
    fmt::format_to(std::back_inserter(out), "- **{}**: {}\n", warning.code, warning.message);
  }
  fmt::format_to(std::back_inserter(out), "\n");
}

void schemas(fmt::memory_buffer& out, const Plan& plan) {
  fmt::format_to(std::back_inserter(out),
                 "## Schema Specifications\n\n"
                 "Each new table is created from `specs/<new name>.json`, a CreateTable "
                 "input identical to its source's settings, plus governance tags "
                 "`{}` and `{}`.\n\n",
                 kTagSourceTable, kTagMigrationId);
  fmt::format_to(std::back_inserter(out),
                 "| New Table | Keys | Indexes | Billing | SSE | Stream | Table class | TTL | PITR | "
                 "Deletion protection |\n"
                 "|---|---|---|---|---|---|---|---|---|---|\n");
  for (const auto& table : plan.tables) {
    const Json& spec = table.spec;
    std::size_t gsis = spec.value("GlobalSecondaryIndexes", Json::array()).size();
    std::size_t lsis = spec.value("LocalSecondaryIndexes", Json::array()).size();
    std::string billing = spec.value("BillingMode", "PROVISIONED");
    if (billing == "PROVISIONED" && spec.contains("ProvisionedThroughput")) {
      billing +=
          fmt::format(" ({} RCU / {} WCU)", spec["ProvisionedThroughput"].value("ReadCapacityUnits", 0),
                      spec["ProvisionedThroughput"].value("WriteCapacityUnits", 0));
    }
    std::string sse = "AWS owned key";
    if (spec.contains("SSESpecification")) {
      sse = fmt::format("KMS `{}`", spec["SSESpecification"].value("KMSMasterKeyId", "aws/dynamodb"));
    }
    std::string stream = "disabled";
    if (spec.contains("StreamSpecification")) {
      stream = spec["StreamSpecification"].value("StreamViewType", "enabled");
    }
    fmt::format_to(std::back_inserter(out), "| `{}` | {} | {}, {} | {} | {} | {} | {} | {} | {} | {} |\n",
                   table.target, key_summary(spec.at("KeySchema")), plural(gsis, "GSI", "GSIs"),
                   plural(lsis, "LSI", "LSIs"), billing, sse, stream, spec.value("TableClass", "STANDARD"),
                   table.after_create.ttl ? fmt::format("`{}`", table.after_create.ttl->attribute_name)
                                          : std::string("disabled"),
                   table.after_create.point_in_time_recovery ? "enabled" : "disabled",
                   table.after_create.deletion_protection ? "enabled (set after the copy)" : "disabled");
  }
  fmt::format_to(std::back_inserter(out), "\n");
}

void commands(fmt::memory_buffer& out, const Plan& plan, const std::string& dir) {
  fmt::format_to(
      std::back_inserter(out),
      "## Execution Commands\n\n"
      "### With ddbmv (journaled, resumable, verified)\n```bash\n"
      "ddbmv apply {0}            # all phases; asks for approval (or --yes)\n"
      "ddbmv status {0}           # what is done, pending, failed\n"
      "ddbmv rollback {0}         # re-point the functions back without losing a write\n"
      "ddbmv decommission {0}     # after the observation period: final backup, delete old tables\n```\n\n"
      "### The same steps with the AWS CLI\n\n#### Step 1: Prepare the source tables\n```bash\n",
      dir);
  for (const auto& table : plan.tables) {
    fmt::format_to(std::back_inserter(out),
                   "aws dynamodb update-continuous-backups --table-name {0} \\\n"
                   "  --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true\n"
                   "aws dynamodb create-backup --table-name {0} --backup-name {1}\n",
                   table.source, backup_name(table.source, plan.migration_id));
  }
  fmt::format_to(std::back_inserter(out), "```\n\n#### Step 2: Create the new tables\n```bash\n");
  for (const auto& table : plan.tables) {
    fmt::format_to(std::back_inserter(out),
                   "aws dynamodb create-table --cli-input-json file://{0}/specs/{1}.json\n"
                   "aws dynamodb wait table-exists --table-name {1}\n",
                   dir, table.target);
    if (table.after_create.ttl) {
      fmt::format_to(std::back_inserter(out),
                     "aws dynamodb update-time-to-live --table-name {} \\\n"
                     "  --time-to-live-specification Enabled=true,AttributeName={}\n",
                     table.target, table.after_create.ttl->attribute_name);
    }
    if (table.after_create.point_in_time_recovery) {
      fmt::format_to(std::back_inserter(out),
                     "aws dynamodb update-continuous-backups --table-name {} \\\n"
                     "  --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true\n",
                     table.target);
    }
  }
  fmt::format_to(
      std::back_inserter(out),
      "```\n\n#### Step 3: Copy the data\n"
      "The AWS CLI has no copy with catch-up: use `ddbmv apply` (it scans each source in parallel, "
      "writes in batches, then applies the writes made meanwhile and verifies).\n");
  bool protect =
      std::ranges::any_of(plan.tables, [](const auto& t) { return t.after_create.deletion_protection; });
  if (protect) {
    fmt::format_to(std::back_inserter(out),
                   "After the copy is verified, restore deletion protection:\n```bash\n");
    for (const auto& table : plan.tables) {
      if (table.after_create.deletion_protection) {
        fmt::format_to(std::back_inserter(out),
                       "aws dynamodb update-table --table-name {} --deletion-protection-enabled\n",
                       table.target);
      }
    }
    fmt::format_to(std::back_inserter(out), "```\n");
  }
  fmt::format_to(std::back_inserter(out),
                 "\n#### Step 4: Update the Lambda environment variables\n"
                 "UpdateFunctionConfiguration replaces the whole environment, so read it, change only the "
                 "referencing variables, and write it back guarded by the RevisionId recorded at plan time "
                 "(values of other variables never leave the function):\n```bash\n");
  for (const auto& function : plan.functions) {
    if (function.changes.empty()) {
      continue;
    }
    std::vector<std::string> edits;
    for (const auto& change : function.changes) {
      edits.push_back(
          change.new_value.empty()
              ? fmt::format(".Variables.{} = \"<stream ARN of {}>\"", change.variable, change.table)
              : fmt::format(".Variables.{} = \"{}\"", change.variable, change.new_value));
    }
    fmt::format_to(std::back_inserter(out),
                   "aws lambda get-function-configuration --function-name {0} \\\n"
                   "  --query '{{Variables: Environment.Variables}}' --output json \\\n"
                   "  | jq '{1}' > env-{0}.json\n"
                   "aws lambda update-function-configuration --function-name {0} \\\n"
                   "  --environment file://env-{0}.json --revision-id {2} && rm env-{0}.json\n"
                   "aws lambda wait function-updated --function-name {0}\n",
                   function.name, fmt::join(edits, " | "), function.revision_id);
  }
  fmt::format_to(std::back_inserter(out), "```\n\n#### Step 5: Validate\n```bash\n");
  for (const auto& function : plan.functions) {
    fmt::format_to(std::back_inserter(out),
                   "aws lambda invoke --function-name {0} --cli-binary-format raw-in-base64-out "
                   "--payload '{{}}' /dev/null\n",
                   function.name);
  }
  fmt::format_to(std::back_inserter(out), "```\n\n");
}

void safety(fmt::memory_buffer& out, const Plan& plan) {
  fmt::format_to(
      std::back_inserter(out),
      "## Safety Measures\n\n"
      "### Pre-Migration Checklist\n"
      "- [x] All new table names available (no collisions)\n"
      "- [x] All source tables exist and are ACTIVE\n"
      "- [x] All dependencies identified ({})\n"
      "- [x] New table specs generated (`specs/`)\n"
      "- [ ] Warnings above reviewed\n"
      "- [ ] Execution roles allow the new table ARNs\n"
      "- [ ] PITR enabled on source tables\n"
      "- [ ] Backup snapshots created\n\n"
      "### During Migration Checklist\n"
      "- [ ] New tables created successfully and ACTIVE\n"
      "- [ ] Copy verified (counts and digests match)\n"
      "- [ ] Lambda functions updated successfully\n"
      "- [ ] Test invocations succeed on each function\n"
      "- [ ] No errors in CloudWatch Logs\n\n"
      "### Post-Migration Checklist\n"
      "- [ ] All Lambda functions working correctly\n"
      "- [ ] Source tables untouched and receiving no traffic\n"
      "- [ ] CloudWatch alarms not triggered\n"
      "- [ ] Application functionality verified\n"
      "- [ ] After 7 days: `ddbmv decommission`\n\n"
      "### Rollback Plan\n"
      "If issues occur, `ddbmv rollback` does, in order:\n"
      "1. **Revert Lambda environment variables** to the original table names and ARNs\n"
      "2. **Carry back writes** made to the new tables since cutover, so none is lost\n"
      "3. **Original tables remain intact** (they are never modified except PITR, restored to {})\n"
      "4. **Delete new tables** if asked (see `ddbmv rollback --help`)\n\n",
      plural(plan.functions.size(), "Lambda function", "Lambda functions"),
      std::ranges::all_of(plan.tables, [](const auto& t) { return !t.source_pitr_enabled; })
          ? "disabled as found"
          : "its original setting");
}

void timeline(fmt::memory_buffer& out, const Plan& plan) {
  const Estimate& e = plan.estimate;
  fmt::format_to(
      std::back_inserter(out),
      "## Timeline\n\n| Phase | Duration | Actions |\n|---|---|---|\n"
      "| **Phase 1: Prepare** | {} | Enable PITR, create backups of {} |\n"
      "| **Phase 2: Create** | {} | Create {}, wait for ACTIVE |\n"
      "| **Phase 3: Copy** | {} | Copy and verify {} items ({}) |\n"
      "| **Phase 4: Cutover** | {} | Update {} |\n"
      "| **Phase 5: Validate** | {} | Invoke each updated function |\n"
      "| **Total Downtime** | 0 s | Zero-downtime migration |\n"
      "| **Total Duration** | {} | Estimated from table sizes, item and function counts |\n\n",
      format_duration(e.prepare), plural(plan.tables.size(), "table", "tables"), format_duration(e.create),
      plural(plan.tables.size(), "new table", "new tables"), format_duration(e.copy),
      [&] {
        std::int64_t items = 0;
        for (const auto& t : plan.tables)
          items += t.item_count;
        return items;
      }(),
      [&] {
        std::int64_t bytes = 0;
        for (const auto& t : plan.tables)
          bytes += t.size_bytes;
        return format_bytes(bytes);
      }(),
      format_duration(e.cutover), plural(plan.functions.size(), "Lambda function", "Lambda functions"),
      format_duration(e.validate), format_duration(e.total()));
}

}  // namespace

std::string format_bytes(std::int64_t bytes) {
  if (bytes < 1024) {
    return fmt::format("{} {}", bytes, bytes == 1 ? "byte" : "bytes");
  }
  constexpr std::array<const char*, 4> kUnits = {"KiB", "MiB", "GiB", "TiB"};
  double value = static_cast<double>(bytes) / 1024.0;
  std::size_t unit = 0;
  while (value >= 1024.0 && unit + 1 < kUnits.size()) {
    value /= 1024.0;
    ++unit;
  }
  return fmt::format("{:.1f} {}", value, kUnits[unit]);
}

std::string format_duration(std::int64_t seconds) {
  if (seconds < 60) {
    return fmt::format("{} s", seconds);
  }
  if (seconds < 3600) {
    return seconds % 60 == 0 ? fmt::format("{} min", seconds / 60)
                             : fmt::format("{} min {} s", seconds / 60, seconds % 60);
  }
  return fmt::format("{} h {} min", seconds / 3600, (seconds % 3600) / 60);
}

std::string render_plan_markdown(const Plan& plan, const std::string& plan_dir) {
  fmt::memory_buffer out;
  std::size_t functions_updated =
      std::ranges::count_if(plan.functions, [](const auto& f) { return !f.changes.empty(); });
  fmt::format_to(std::back_inserter(out),
                 "# Table Migration Plan: {}\n\n"
                 "**Generated:** {}  \n**Migration id:** `{}`  \n**Account / region:** {} / {}  \n"
                 "**Operation:** Table rename via create + copy + cutover + decommission  \n"
                 "**Scope:** {}, {}  \n**Rules:** `{}`\n\n---\n\n",
                 plan.rules.empty() ? std::string("-") : plan.rules.front(), plan.created_at,
                 plan.migration_id, plan.account, plan.region, plural(plan.tables.size(), "table", "tables"),
                 plural(functions_updated, "Lambda function", "Lambda functions"),
                 fmt::join(plan.rules, "`, `"));
  overview(out, plan, functions_updated);
  steps(out, plan);
  tables(out, plan);
  functions(out, plan);
  schemas(out, plan);
  commands(out, plan, plan_dir);
  safety(out, plan);
  timeline(out, plan);
  fmt::format_to(
      std::back_inserter(out),
      "---\n\n**Status:** PLAN READY FOR REVIEW  \n**Approval Required:** review the tables, functions, "
      "warnings and specs, then run `ddbmv apply {}`  \n**Estimated Duration:** {}\n",
      plan_dir, format_duration(plan.estimate.total()));
  return fmt::to_string(out);
}

}  // namespace ddbmv::migrate
