#include "integration/sandbox_environment.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "aws/curl_transport.h"

extern char** environ;

namespace ddbmv::testing {
namespace {

namespace fs = std::filesystem;

SandboxEnvironment* g_sandbox = nullptr;
/// The sandbox's process group, for the last-resort stop on a fatal signal or exit().
volatile std::sig_atomic_t g_sandbox_group = 0;

void stop_group_now() {
  const pid_t group = static_cast<pid_t>(g_sandbox_group);
  if (group > 1)
    kill(-group, SIGTERM);  // async-signal-safe; the sandbox stops DynamoDB Local with it
  g_sandbox_group = 0;
}

void on_fatal_signal(int signal_number) {
  stop_group_now();
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

void install_last_resort_stop() {
  static bool installed = false;
  if (installed)
    return;
  installed = true;
  std::atexit(stop_group_now);
  for (int signal_number : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGABRT, SIGBUS, SIGFPE}) {
    std::signal(signal_number, on_fatal_signal);
  }
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Runs `argv` (argv[0] a path) and waits: environment `env` (nullptr = inherit), working directory
/// `cwd`, stdin from `stdin_path`, stdout and stderr into files. Returns the exit status (128 + signal).
int run_process(const std::vector<std::string>& argv, const EnvironmentMap* env, const std::string& cwd,
                const std::string& stdin_path, const std::string& stdout_path,
                const std::string& stderr_path) {
  std::vector<char*> args;
  for (const auto& arg : argv)
    args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> env_strings;
  std::vector<char*> envp;
  if (env != nullptr) {
    for (const auto& [name, value] : *env)
      env_strings.push_back(name + "=" + value);
    for (auto& entry : env_strings)
      envp.push_back(entry.data());
    envp.push_back(nullptr);
  }
  const pid_t child = fork();
  if (child < 0)
    return -1;
  if (child == 0) {
    int in = open(stdin_path.c_str(), O_RDONLY);
    int out = open(stdout_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    int err = open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (in < 0 || out < 0 || err < 0 || dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
      _exit(126);
    if (!cwd.empty() && chdir(cwd.c_str()) != 0)
      _exit(126);
    if (env != nullptr) {
      execve(args[0], args.data(), envp.data());
    } else {
      execv(args[0], args.data());
    }
    _exit(127);
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0) {
    if (errno != EINTR)
      return -1;
  }
  if (WIFEXITED(status))
    return WEXITSTATUS(status);
  if (WIFSIGNALED(status))
    return 128 + WTERMSIG(status);
  return -1;
}

/// "export NAME=value" lines -> {NAME: value}.
EnvironmentMap parse_exports(const std::string& text) {
  EnvironmentMap exports;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (!line.starts_with("export "))
      continue;
    line.erase(0, 7);
    auto equals = line.find('=');
    if (equals == std::string::npos)
      continue;
    std::string value = line.substr(equals + 1);
    if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"') &&
        value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    exports[line.substr(0, equals)] = value;
  }
  return exports;
}

}  // namespace

SandboxEnvironment& sandbox() {
  if (g_sandbox == nullptr)
    throw std::logic_error("the sandbox environment is not registered (tests/integration/main.cpp)");
  return *g_sandbox;
}

SandboxEnvironment* register_sandbox_environment() {
  g_sandbox = new SandboxEnvironment();  // gtest owns and deletes it
  ::testing::AddGlobalTestEnvironment(g_sandbox);
  return g_sandbox;
}

void SandboxEnvironment::SetUp() {
  std::string pattern = (fs::temp_directory_path() / "ddbmv-it-XXXXXX").string();
  ASSERT_NE(mkdtemp(pattern.data()), nullptr) << "cannot create a temporary directory";
  m_temp_dir = pattern;
  m_pid_file = m_temp_dir + "/sandbox.pid";
  m_home = m_temp_dir + "/home";
  fs::create_directories(m_home);
  install_last_resort_stop();
  m_admin = std::make_shared<aws::CurlTransport>(
      aws::CurlTransportOptions{.total_timeout = std::chrono::milliseconds{300'000}, .max_connections = 4});

  const std::string start = std::string(DDBMV_SOURCE_DIR) + "/sandbox/start";
  const int status =
      run_process({start, "--port", "0", "--env", "--pid-file", m_pid_file}, nullptr, m_temp_dir, "/dev/null",
                  m_temp_dir + "/start.out", m_temp_dir + "/start.err");
  const std::string out = read_file(m_temp_dir + "/start.out");
  const std::string err = read_file(m_temp_dir + "/start.err");
  ASSERT_EQ(status, 0) << start << " failed (exit " << status << "):\n"
                       << err << out << "\n(did you link sandbox/node_modules? see docs/sandbox-contract.md)";
  m_exports = parse_exports(out);
  m_started = true;
  if (auto pid = m_exports.find("SANDBOX_PID"); pid != m_exports.end())
    g_sandbox_group = std::stoi(pid->second);
  m_endpoint = m_exports["AWS_ENDPOINT_URL"];
  m_admin_url = m_exports["SANDBOX_ADMIN_URL"];
  m_region = m_exports["AWS_REGION"];
  m_access_key_id = m_exports["AWS_ACCESS_KEY_ID"];
  m_secret_access_key = m_exports["AWS_SECRET_ACCESS_KEY"];
  ASSERT_FALSE(m_endpoint.empty() || m_admin_url.empty() || m_region.empty() || m_access_key_id.empty())
      << "sandbox/start --env printed no usable exports:\n"
      << out;
}

void SandboxEnvironment::TearDown() {
  if (m_started) {
    const std::string stop = std::string(DDBMV_SOURCE_DIR) + "/sandbox/stop";
    const int status = run_process({stop, "--pid-file", m_pid_file}, nullptr, m_temp_dir, "/dev/null",
                                   m_temp_dir + "/stop.out", m_temp_dir + "/stop.err");
    if (status != 0) {
      stop_group_now();
    }
    g_sandbox_group = 0;
    m_started = false;
  }
  if (!m_temp_dir.empty()) {
    std::error_code ignored;
    fs::remove_all(m_temp_dir, ignored);
  }
}

std::string SandboxEnvironment::make_temp_dir(std::string_view name) const {
  static std::atomic<int> counter = 0;
  fs::path dir = fs::path(m_temp_dir) / (std::string(name) + "-" + std::to_string(++counter));
  fs::create_directories(dir);
  return dir.string();
}

namespace {

Json admin_call(aws::Transport& transport, const std::string& admin_url, std::string_view method,
                std::string_view path, const Json* body) {
  aws::HttpRequest request;
  request.method = std::string(method);
  const auto scheme_end = admin_url.find("://");
  const auto path_start = admin_url.find('/', scheme_end + 3);
  request.endpoint = admin_url.substr(0, path_start);
  request.path = admin_url.substr(path_start) + "/" + std::string(path);
  if (body != nullptr) {
    request.headers.emplace_back("Content-Type", "application/json");
    request.body = body->dump();
  }
  auto response = transport.send(request);
  if (!response) {
    ADD_FAILURE() << "sandbox admin " << method << " " << path << ": " << response.error().message;
    return nullptr;
  }
  if (response->status < 200 || response->status >= 300) {
    ADD_FAILURE() << "sandbox admin " << method << " " << path << " answered " << response->status << ": "
                  << response->body;
  }
  return Json::parse(response->body, nullptr, false);
}

}  // namespace

Json SandboxEnvironment::admin_post(std::string_view path, const Json& body) const {
  return admin_call(*m_admin, m_admin_url, "POST", path, &body);
}

Json SandboxEnvironment::admin_get(std::string_view path) const {
  return admin_call(*m_admin, m_admin_url, "GET", path, nullptr);
}

void SandboxEnvironment::reset(const Json& scenario) const {
  Json body = Json::object();
  if (scenario.is_string()) {
    fs::path file = scenario.get<std::string>();
    if (file.is_relative())
      file = fs::path(DDBMV_SOURCE_DIR) / "sandbox" / "scenarios" / file;
    body["scenario"] = file.string();
  } else if (scenario.is_object()) {
    body["scenario"] = scenario;
  }
  admin_post("reset", body);
  set_faults(Json::object());
  reset_stats();
}

void SandboxEnvironment::set_faults(const Json& faults) const {
  admin_post("faults", faults);
}

Json SandboxEnvironment::stats() const {
  return admin_get("stats");
}

void SandboxEnvironment::reset_stats() const {
  admin_post("stats/reset", Json::object());
}

void SandboxEnvironment::wait_until_quiet(std::chrono::milliseconds quiet) const {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  Json before = stats();
  while (std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(quiet);  // waiting for a process outside the test, not timing one
    Json now = stats();
    if (now == before)
      return;
    before = std::move(now);
  }
}

EnvironmentMap SandboxEnvironment::environment(const EnvironmentMap& overrides) const {
  EnvironmentMap env;
  for (const auto& [name, value] : m_exports) {
    if (name.starts_with("AWS_"))
      env[name] = value;
  }
  env["HOME"] = m_home;
  const char* path = std::getenv("PATH");
  env["PATH"] = path != nullptr ? path : "/usr/bin:/bin";
  for (const auto& [name, value] : overrides) {
    if (value.empty()) {
      env.erase(name);
    } else {
      env[name] = value;
    }
  }
  return env;
}

aws::ResolvedConfig SandboxEnvironment::resolve(const EnvironmentMap& overrides,
                                                const aws::ConfigInputs& inputs) const {
  const EnvironmentMap env = environment(overrides);
  aws::Getenv getenv = [env](std::string_view name) -> std::optional<std::string> {
    auto it = env.find(std::string(name));
    if (it == env.end())
      return std::nullopt;
    return it->second;
  };
  auto config = aws::resolve_config(inputs, getenv, std::make_shared<SystemClock>());
  if (!config) {
    ADD_FAILURE() << "resolve_config for the sandbox failed: " << config.error().message;
    throw std::runtime_error("resolve_config failed: " + config.error().message);
  }
  return std::move(*config);
}

migrate::Clients SandboxEnvironment::make_clients(const EnvironmentMap& overrides,
                                                  const migrate::ClientOptions& options) const {
  return migrate::make_clients(resolve(overrides), options);
}

RunResult SandboxEnvironment::run_ddbmv(const std::vector<std::string>& args, const EnvironmentMap& env,
                                        const std::optional<std::string>& cwd,
                                        const std::string& stdin_text) const {
  std::vector<std::string> argv{DDBMV_BINARY};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_program(argv, env, cwd, stdin_text);
}

RunResult SandboxEnvironment::run_program(const std::vector<std::string>& argv, const EnvironmentMap& env,
                                          const std::optional<std::string>& cwd,
                                          const std::string& stdin_text) const {
  const std::string dir = make_temp_dir("run");
  const std::string stdin_path = dir + "/stdin";
  {
    std::ofstream in(stdin_path, std::ios::binary);
    in << stdin_text;
  }
  const EnvironmentMap child_env = environment(env);
  RunResult result;
  result.exit_code =
      run_process(argv, &child_env, cwd.value_or(dir), stdin_path, dir + "/stdout", dir + "/stderr");
  result.out = read_file(dir + "/stdout");
  result.err = read_file(dir + "/stderr");
  return result;
}

}  // namespace ddbmv::testing
