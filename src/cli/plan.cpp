/// `ddbmv plan`: rename rules + an inventory (discovered now, or from --inventory FILE) -> a plan,
/// checked for collisions and rule errors, written with --out DIR. Changes nothing in the account.

#include <fmt/core.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli/commands.h"
#include "cli/plan_text.h"
#include "cli/table_selection.h"
#include "migrate/discover/discover.h"
#include "migrate/plan/plan_writer.h"
#include "migrate/plan/planner.h"
#include "util/time_format.h"

namespace ddbmv::cli {

namespace {

struct PlanCommandOptions {
  migrate::DiscoverOptions discover;
  std::vector<std::string> renames;
  std::string rename_file;
  std::vector<std::string> critical;
  std::string inventory_file;
  std::string out;
  bool force = false;
};

Result<std::vector<migrate::RenameRule>> read_rules(const PlanCommandOptions& options) {
  std::vector<migrate::RenameRule> rules;
  for (const auto& text : options.renames) {
    auto rule = migrate::parse_rule(text);
    if (!rule) {
      return std::unexpected(rule.error());
    }
    rules.push_back(std::move(*rule));
  }
  if (!options.rename_file.empty()) {
    auto from_file = migrate::load_rule_file(options.rename_file);
    if (!from_file) {
      return std::unexpected(from_file.error());
    }
    rules.insert(rules.end(), from_file->begin(), from_file->end());
  }
  if (rules.empty()) {
    return fail("NoRules", "no rename rule given",
                "pass --rename OLD=NEW, --rename 'old-prefix-*=new-prefix-*' or --rename-file FILE");
  }
  return rules;
}

Result<migrate::Inventory> read_inventory_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail("InventoryNotFound", fmt::format("cannot read inventory file {}", path),
                "write one with 'ddbmv discover --output json ... > FILE'");
  }
  std::stringstream buffer;
  buffer << in.rdbuf();
  auto document = nlohmann::json::parse(buffer.str(), nullptr, /*allow_exceptions=*/false);
  if (document.is_discarded()) {
    return fail("InvalidInventory", fmt::format("inventory file {} is not valid JSON", path),
                "write it with 'ddbmv discover --output json ... > FILE'");
  }
  auto inventory = migrate::inventory_from_json(document);
  if (!inventory) {
    Error error = inventory.error();
    error.message = fmt::format("{}: {}", path, error.message);
    return std::unexpected(error);
  }
  return inventory;
}

bool is_input_error(const Error& error) {
  return error.code != "TargetExists" && error.code != "SourceNotActive";
}

int run_plan(const PlanCommandOptions& options, Context& context) {
  auto rules = read_rules(options);
  if (!rules) {
    report_error(context, rules.error());
    return kExitUsage;
  }
  migrate::Inventory inventory;
  if (!options.inventory_file.empty()) {
    if (!options.discover.selection.empty()) {
      report_error(context, Error{"Usage", "--inventory cannot be combined with a table selection",
                                  "the inventory file already holds the selected tables"});
      return kExitUsage;
    }
    auto loaded = read_inventory_file(options.inventory_file);
    if (!loaded) {
      report_error(context, loaded.error());
      return kExitUsage;
    }
    inventory = std::move(*loaded);
  } else {
    auto clients = context.clients();
    if (!clients) {
      report_error(context, clients.error());
      return kExitUsage;
    }
    migrate::DiscoverOptions discover_options = options.discover;
    discover_options.region = context.config().region;
    if (discover_options.selection.empty()) {
      // No selection: the tables the rules name (a rule's OLD side is a name or a glob).
      for (const auto& rule : *rules) {
        discover_options.selection.patterns.push_back(rule.source);
      }
    }
    if (context.options().progress) {
      discover_options.progress = [](std::string_view line) { fmt::print(stderr, "ddbmv: {}...\n", line); };
    }
    auto discovered = migrate::discover(**clients, discover_options, *context.clock());
    if (!discovered) {
      report_error(context, discovered.error());
      return discovered.error().code == "NoTableMatched" || discovered.error().code == "TableNotFound"
                 ? kExitUsage
                 : kExitFailed;
    }
    inventory = std::move(*discovered);
  }

  migrate::PlanOptions plan_options{options.critical, format_iso8601(context.clock()->now())};
  auto plan = migrate::build_plan(inventory, *rules, plan_options);
  if (!plan) {
    const auto& errors = plan.error();
    for (const auto& error : errors) {
      report_error(context, error);
    }
    if (context.options().output == OutputFormat::kText && errors.size() > 1) {
      fmt::print(stderr, "ddbmv: no plan: {} problems (listed above); nothing was written\n", errors.size());
    }
    return std::ranges::any_of(errors, is_input_error) ? kExitUsage : kExitRefused;
  }
  if (!options.out.empty()) {
    auto written = migrate::write_plan_directory(options.out, *plan, options.force);
    if (!written) {
      report_error(context, written.error());
      return written.error().code == "PlanExists" ? kExitRefused : kExitFailed;
    }
  }
  if (context.options().output == OutputFormat::kJson) {
    fmt::print("{}\n", migrate::to_json(*plan).dump(2));
  } else {
    fmt::print("{}", render_plan_text(*plan));
    if (options.out.empty()) {
      fmt::print("\nNothing written: pass --out DIR to write plan.json, plan.md and specs/.\n");
    } else {
      fmt::print(
          "\nWrote {0}/plan.json, {0}/plan.md and {1} spec{2} in {0}/specs/. Review plan.md, then: ddbmv "
          "apply {0}\n",
          options.out, plan->tables.size(), plan->tables.size() == 1 ? "" : "s");
    }
  }
  return kExitOk;
}

}  // namespace

void add_plan(CLI::App& app, Action& run) {
  auto options = std::make_shared<PlanCommandOptions>();
  CLI::App* command = app.add_subcommand(
      "plan",
      "Turn rename rules into a plan to review: collision and status checks, one CreateTable spec per\n"
      "table, the environment changes per function, risks, warnings and a time estimate; with --out DIR\n"
      "writes plan.json, plan.md and specs/. Read-only");
  command->fallthrough();
  add_selection_options(*command, options->discover);
  command
      ->add_option(
          "--rename", options->renames,
          "Rename rule OLD=NEW, or a glob 'old-prefix-*=new-prefix-*' (each '*' in NEW takes what the "
          "'*' in OLD matched); repeatable")
      ->type_name("OLD=NEW");
  command
      ->add_option("--rename-file", options->rename_file, "Read rules from FILE, one per line, '#' comments")
      ->type_name("FILE");
  command->add_option("--critical", options->critical, "Mark function NAME as CRITICAL; repeatable")
      ->type_name("NAME");
  command
      ->add_option("--inventory", options->inventory_file,
                   "Plan from the output of 'ddbmv discover --output json' instead of reading the account")
      ->type_name("FILE");
  command->add_option("--out", options->out, "Write DIR/plan.json, DIR/plan.md and DIR/specs/<table>.json")
      ->type_name("DIR");
  command->add_flag("--force", options->force, "Replace a plan already in --out DIR");
  command->footer(
      "Without a table selection, the tables the rules' OLD sides name or match are read.\n"
      "Examples:\n"
      "  ddbmv plan --rename 'ai-nexus-dev-stripe-*=diatonic-ai-stripe-*' --out plans/stripe\n"
      "  ddbmv plan --prefix ai-nexus-dev- --rename-file renames.txt --critical "
      "ai-nexus-dev-stripe-stripe-webhook-handler\n"
      "  ddbmv plan --inventory inventory.json --rename orders=orders-v2 --output json\n"
      "Exit status: 0 planned, 2 bad input (rules, selection, files), 3 refused (a target exists, a source "
      "is not "
      "ACTIVE, --out holds a plan), 1 an AWS or local failure. Nothing is written unless the plan succeeds.");
  command->callback(
      [&run, options] { run = [options](Context& context) { return run_plan(*options, context); }; });
}

}  // namespace ddbmv::cli
