#pragma once
/// The integration tests' sandbox: ONE local AWS account (sandbox/start, docs/sandbox-contract.md)
/// for the whole ddbmv_integration_tests process, started before the first test and stopped after
/// the last (also when the process dies of a signal). Tests share it, so each test begins by
/// resetting it to the scenario it needs.
///
///   #include "integration/sandbox_environment.h"
///   using ddbmv::testing::sandbox;
///
///   TEST(Discover, FindsTheSeedTables) {
///     sandbox().reset("ai-nexus-dev.json");                 // a file in sandbox/scenarios/ (or an absolute
///                                                           // path, or an inline scenario object)
///     auto clients = sandbox().make_clients();              // migrate::Clients signed for the sandbox
///     auto tables = clients.dynamodb.list_tables();
///     auto run = sandbox().run_ddbmv({"discover", "--prefix", "ai-nexus-dev-"});
///     EXPECT_EQ(run.exit_code, 0) << run.err;
///     EXPECT_EQ(sandbox().stats()["requests"].value("DynamoDB.DeleteTable", 0), 0);
///   }
///
/// Faults (throttling, 5xx, partial batches, latency) are set with set_faults() and cleared by
/// reset(). run_ddbmv() runs the built binary with ONLY the sandbox's AWS_* variables, PATH and a
/// private HOME (so no ~/.aws of the machine is read), plus whatever the test adds.

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "aws/config.h"
#include "aws/http.h"
#include "migrate/control/clients.h"

namespace ddbmv::testing {

using Json = nlohmann::json;
using EnvironmentMap = std::map<std::string, std::string>;

/// What a run of the ddbmv binary did.
struct RunResult {
  int exit_code = -1;  ///< the exit status, or 128 + signal when killed by one
  std::string out;     ///< stdout
  std::string err;     ///< stderr
};

class SandboxEnvironment final : public ::testing::Environment {
 public:
  /// Starts the sandbox (sandbox/start --port 0 --env --pid-file ...); a failure fails every test
  /// with the sandbox's own message.
  void SetUp() override;
  /// Stops it by its PID (sandbox/stop --pid-file ...) and removes the temporary directory.
  void TearDown() override;

  // ---- Where it is and who to be. ----
  const std::string& endpoint() const { return m_endpoint; }  ///< "http://127.0.0.1:PORT"
  const std::string& region() const { return m_region; }
  const std::string& access_key_id() const { return m_access_key_id; }
  const std::string& secret_access_key() const { return m_secret_access_key; }
  /// The exports of `sandbox/start --env` (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY,
  /// AWS_REGION, AWS_DEFAULT_REGION, SANDBOX_ADMIN_URL, SANDBOX_PID).
  const EnvironmentMap& exports() const { return m_exports; }
  /// A fresh directory under the process's temporary directory (removed at TearDown).
  std::string make_temp_dir(std::string_view name) const;

  // ---- The admin endpoint (/_sandbox/...). ----
  /// POSTs `body` to /_sandbox/<path> and returns the answer's JSON; fails the test on a non-2xx.
  Json admin_post(std::string_view path, const Json& body) const;
  Json admin_get(std::string_view path) const;
  /// Deletes every table, backup and function and loads `scenario`: a JSON string is a file (relative
  /// paths are under sandbox/scenarios/), an object is an inline scenario, null loads nothing. Also
  /// clears faults and zeroes the stats.
  void reset(const Json& scenario = nullptr) const;
  /// Replaces the fault settings: {"throttleRate":0.2,"errorRate":0,"unprocessedRate":0.3,"latencyMs":0,
  /// "operations":["BatchWriteItem"],"seed":7}; {} clears.
  void set_faults(const Json& faults) const;
  /// {"requests":{"DynamoDB.DescribeTable":3,...}}: signed requests per operation since the last reset.
  Json stats() const;
  void reset_stats() const;
  /// Waits until no request has reached the sandbox for `quiet` (at most 10 s): what a killed ddbmv
  /// had already sent, or its functions are still running, has landed before a test counts calls.
  void wait_until_quiet(std::chrono::milliseconds quiet = std::chrono::milliseconds(300)) const;

  // ---- Talking to it as ddbmv does. ----
  /// The environment ddbmv would see: the sandbox's AWS_* exports, HOME (a private empty directory)
  /// and PATH, with `overrides` on top (an empty value removes a variable).
  EnvironmentMap environment(const EnvironmentMap& overrides = {}) const;
  /// The configuration resolve_config builds from environment(overrides) and `inputs` (never the
  /// process environment); fails the test when it cannot be resolved.
  aws::ResolvedConfig resolve(const EnvironmentMap& overrides = {},
                              const aws::ConfigInputs& inputs = {}) const;
  /// migrate::Clients for the sandbox, built as the CLI builds them (make_clients over resolve()).
  migrate::Clients make_clients(const EnvironmentMap& overrides = {},
                                const migrate::ClientOptions& options = {}) const;
  /// Runs the ddbmv binary with `args` in `cwd` (default: a private directory) with environment(env),
  /// `stdin_text` on its standard input, and waits for it.
  RunResult run_ddbmv(const std::vector<std::string>& args, const EnvironmentMap& env = {},
                      const std::optional<std::string>& cwd = std::nullopt,
                      const std::string& stdin_text = {}) const;
  /// The same for any program: `argv[0]` is its absolute path (e.g. /usr/bin/aws). Thread-safe, so
  /// several runs can go at once.
  RunResult run_program(const std::vector<std::string>& argv, const EnvironmentMap& env = {},
                        const std::optional<std::string>& cwd = std::nullopt,
                        const std::string& stdin_text = {}) const;

 private:
  std::string m_temp_dir;
  std::string m_pid_file;
  std::string m_home;
  std::string m_endpoint;
  std::string m_admin_url;
  std::string m_region;
  std::string m_access_key_id;
  std::string m_secret_access_key;
  EnvironmentMap m_exports;
  std::shared_ptr<aws::Transport> m_admin;  ///< unsigned calls to /_sandbox/...
  bool m_started = false;
};

/// The process's sandbox (registered by tests/integration/main.cpp).
SandboxEnvironment& sandbox();

/// Registers the sandbox with gtest; called once from main.
SandboxEnvironment* register_sandbox_environment();

}  // namespace ddbmv::testing
