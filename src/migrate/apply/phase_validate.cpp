/// validate: each function invoked with its test event (--test-events DIR, one DIR/<function>.json per
/// function); a function without one is skipped, and said so. A FunctionError or a failed call fails
/// the phase and points at `ddbmv rollback`.

#include <fmt/core.h>

#include <fstream>
#include <sstream>

#include "migrate/apply/function_env.h"
#include "migrate/apply/phases.h"
#include "migrate/journal/journal_steps.h"
#include "util/redact.h"

namespace ddbmv::migrate {
namespace {

constexpr std::size_t kMaxErrorText = 300;

/// The error a function reported, with every environment value other than table names masked (a
/// handler's error message may echo its configuration).
std::string error_text(const std::string& payload, const lambda::Environment& environment,
                       const std::set<std::string>& table_names) {
  const auto json = nlohmann::json::parse(payload, nullptr, false);
  std::string text = json.is_object() ? fmt::format("{}: {}", json.value("errorType", "Error"),
                                                    json.value("errorMessage", ""))
                                      : payload;
  for (const auto& [name, value] : environment) {
    if (value.size() < 4 || table_names.contains(value))
      continue;
    for (std::size_t at = text.find(value); at != std::string::npos; at = text.find(value, at)) {
      text.replace(at, value.size(), std::string(kRedacted));
      at += kRedacted.size();
    }
  }
  if (text.size() > kMaxErrorText)
    text = text.substr(0, kMaxErrorText) + "…";
  return text;
}

std::optional<std::string> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return std::nullopt;
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

/// Invokes one function; returns an error line when it failed (the phase goes on to the others).
Result<std::optional<std::string>> validate_one(const ApplyContext& context, const FunctionPlan& function,
                                                PhaseReport& report) {
  const std::string step = steps::validate_function(function.name);
  if (context.journal.is_done(step)) {
    context.say(report, fmt::format("function {}: validated in an earlier run", function.name));
    return std::optional<std::string>();
  }
  if (!context.options.test_events) {
    context.say(report,
                fmt::format("function {}: validation SKIPPED (no --test-events DIR given)", function.name));
    auto noted = context.journal.done(step, {{"result", "skipped"}, {"reason", "no --test-events"}});
    if (!noted)
      return forward(noted);
    return std::optional<std::string>();
  }
  const auto path = *context.options.test_events / (function.name + ".json");
  const auto event = read_file(path);
  if (!event) {
    context.say(report, fmt::format("function {}: validation SKIPPED (no test event {})", function.name,
                                    path.string()));
    auto noted =
        context.journal.done(step, {{"result", "skipped"}, {"reason", "no test event " + path.string()}});
    if (!noted)
      return forward(noted);
    return std::optional<std::string>();
  }
  if (auto noted = context.journal.intent(step, {{"event_file", path.string()}}); !noted)
    return forward(noted);
  auto invoked = context.clients.lambda.invoke(function.name, *event);
  if (!invoked) {
    (void)context.journal.failed(step,
                                 {{"error", invoked.error().code}, {"message", invoked.error().message}});
    context.say(report,
                fmt::format("function {}: FAILED to invoke: {}", function.name, invoked.error().message));
    return std::optional<std::string>(
        fmt::format("{} (invoke failed: {})", function.name, invoked.error().code));
  }
  if (!invoked->function_error.empty()) {
    std::set<std::string> tables;
    for (const auto& table : context.plan.tables)
      tables.insert({table.source, table.target});
    auto configuration = context.clients.lambda.get_function_configuration(function.name);
    const auto text =
        error_text(invoked->payload,
                   configuration ? environment_variables(*configuration) : lambda::Environment{}, tables);
    (void)context.journal.failed(step, {{"function_error", invoked->function_error}, {"message", text}});
    context.say(report,
                fmt::format("function {}: FAILED ({}): {}", function.name, invoked->function_error, text));
    return std::optional<std::string>(fmt::format("{} ({})", function.name, invoked->function_error));
  }
  context.say(report, fmt::format("function {}: invoked with {} — OK (status {})", function.name,
                                  path.filename().string(), invoked->status_code));
  auto noted = context.journal.done(step, {{"result", "ok"},
                                           {"status_code", invoked->status_code},
                                           {"executed_version", invoked->executed_version}});
  if (!noted)
    return forward(noted);
  return std::optional<std::string>();
}

}  // namespace

Result<PhaseReport> run_validate(const ApplyContext& context) {
  PhaseReport report{Phase::kValidate, {}, nlohmann::json::object()};
  std::vector<std::string> failures;
  for (const auto& function : context.plan.functions) {
    auto failed = validate_one(context, function, report);
    if (!failed)
      return forward(failed);
    if (*failed)
      failures.push_back(std::move(**failed));
    report.details["functions"][function.name] =
        context.journal.step(steps::validate_function(function.name))
            .transform([](const StepState& state) {
              return state.status == StepStatus::kDone ? state.result : state.error;
            })
            .value_or(nlohmann::json());
  }
  if (!failures.empty()) {
    std::string list;
    for (const auto& failure : failures)
      list += (list.empty() ? "" : ", ") + failure;
    return fail(
        "ValidationFailed",
        fmt::format("{} of {} function(s) failed validation: {}", failures.size(),
                    context.plan.functions.size(), list),
        fmt::format("the functions already use the new tables; to put them back on the old tables run: "
                    "ddbmv rollback {}",
                    context.plan_path.string()));
  }
  return report;
}

}  // namespace ddbmv::migrate
