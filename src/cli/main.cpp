/// ddbmv: rename DynamoDB tables safely. main parses the global options and dispatches; each
/// subcommand lives in its own file (see commands.h).

#include <fmt/core.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/commands.h"
#include "cli/version.h"

int main(int argc, char** argv) {
  using namespace ddbmv::cli;

  CLI::App app{
      "ddbmv renames Amazon DynamoDB tables: it discovers the tables and the Lambda functions that\n"
      "name them, writes a plan you approve, creates identical tables, copies the data (and the writes\n"
      "that arrive meanwhile), re-points the functions, verifies, and can roll back or decommission.",
      "ddbmv"};
  app.require_subcommand(1);
  app.set_version_flag("--version", fmt::format("ddbmv {}", version()));
  app.footer(
      "AWS settings follow the AWS CLI: --profile/AWS_PROFILE, AWS_ACCESS_KEY_ID and friends, the shared\n"
      "config and credentials files, credential_process, --region/AWS_REGION, "
      "--endpoint-url/AWS_ENDPOINT_URL.\n"
      "Run 'ddbmv COMMAND --help' for a command's options.");

  GlobalOptions options;
  std::string profile, region, endpoint_url, output = "text";
  bool no_progress = false;
  // Not ->envname("AWS_PROFILE"): resolve_config reads AWS_PROFILE itself, and only a profile named on
  // the command line outranks AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (as in the AWS CLI).
  app.add_option("--profile", profile,
                 "Named profile from the shared config/credentials files (default: AWS_PROFILE, else "
                 "'default')");
  app.add_option("--region", region,
                 "AWS region (default: AWS_REGION, AWS_DEFAULT_REGION, the profile's region)");
  app.add_option("--endpoint-url", endpoint_url, "Send every request to this URL (e.g. a local sandbox)");
  app.add_option("--output", output, "Output format")->check(CLI::IsMember({"text", "json"}));
  app.add_flag("--debug", options.debug,
               "Log each AWS call (service, operation, status, attempt, latency) to stderr");
  app.add_flag("--no-progress", no_progress, "No progress display, even on a terminal");

  Action run;
  add_discover(app, run);
  add_plan(app, run);
  add_apply(app, run);
  add_status(app, run);
  add_rollback(app, run);
  add_decommission(app, run);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? kExitOk : kExitUsage;
  }

  if (!profile.empty())
    options.aws.profile = profile;
  if (!region.empty())
    options.aws.region = region;
  if (!endpoint_url.empty())
    options.aws.endpoint_url = endpoint_url;
  options.output = output == "json" ? OutputFormat::kJson : OutputFormat::kText;
  options.progress = !no_progress && isatty(STDERR_FILENO) == 1;

  Context context(std::move(options));
  try {
    return run(context);
  } catch (const std::exception& error) {
    fmt::print(stderr, "ddbmv: internal error: {}\n", error.what());
    return kExitFailed;
  }
}
