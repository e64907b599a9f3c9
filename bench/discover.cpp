/// bench_discover: how long `ddbmv discover` and `ddbmv plan` take on an account with 2,000 Lambda
/// functions and 200 tables, beside how long Debian's `aws lambda list-functions` takes to page through
/// the same functions, in the same run against the same sandbox. A benchmark, not a test.
///
///   build/bench_discover [--functions N] [--tables N] [--source DIR] [--ddbmv PATH]
///
/// It starts its own sandbox (sandbox/start --port 0), loads a generated scenario through the admin
/// endpoint (/_sandbox/load), runs each command once to warm up and then --runs times, prints the
/// median wall times and the ratio, and stops the sandbox by its PID.

#include <curl/curl.h>
#include <fcntl.h>
#include <fmt/core.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using Environment = std::map<std::string, std::string>;

struct Options {
  int functions = 2000;
  int tables = 200;
  int runs = 3;
  fs::path source;
  fs::path ddbmv;
};

struct Run {
  int status = -1;
  std::string out;
  double seconds = 0;
};

/// Runs `args` with exactly `env`, capturing stdout (stderr goes to /dev/null), and times it.
Run run(const std::vector<std::string>& args, const Environment& env) {
  std::vector<std::string> env_strings;
  for (const auto& [key, value] : env) {
    env_strings.push_back(key + "=" + value);
  }
  std::vector<char*> envp;
  for (auto& entry : env_strings) {
    envp.push_back(entry.data());
  }
  envp.push_back(nullptr);
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (auto& arg : copy) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  int fds[2];
  if (pipe(fds) != 0) {
    return {};
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], 1);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), envp.data());
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  Run result;
  char buffer[65536];
  for (ssize_t n; (n = read(fds[0], buffer, sizeof buffer)) > 0;) {
    result.out.append(buffer, static_cast<std::size_t>(n));
  }
  close(fds[0]);
  if (spawned != 0) {
    return result;
  }
  int status = 0;
  waitpid(pid, &status, 0);
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::size_t collect(char* data, std::size_t size, std::size_t count, void* target) {
  static_cast<std::string*>(target)->append(data, size * count);
  return size * count;
}

/// POSTs JSON to the sandbox's admin endpoint; returns the body, or throws.
std::string admin_post(const std::string& url, const Json& body) {
  CURL* curl = curl_easy_init();
  std::string text = body.dump(), response;
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, text.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &response);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 1800L);
  CURLcode code = curl_easy_perform(curl);
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK || status / 100 != 2) {
    throw std::runtime_error(fmt::format("POST {} failed: {} {}", url, curl_easy_strerror(code), response));
  }
  return response;
}

/// A scenario of `tables` small on-demand tables and `functions` functions sharing one handler; each
/// function names one table (every tenth names two, one by ARN) beside a secret.
fs::path write_scenario(const fs::path& dir, const Options& options) {
  fs::create_directories(dir / "functions" / "tiny");
  std::ofstream(dir / "functions" / "tiny" / "index.js")
      << "exports.handler = async () => ({ statusCode: 200 });\n";
  Json scenario = {{"tables", Json::array()}, {"functions", Json::array()}};
  for (int t = 0; t < options.tables; ++t) {
    scenario["tables"].push_back(
        {{"spec",
          {{"TableName", fmt::format("bench-table-{:03}", t)},
           {"BillingMode", "PAY_PER_REQUEST"},
           {"AttributeDefinitions", Json::array({{{"AttributeName", "pk"}, {"AttributeType", "S"}}})},
           {"KeySchema", Json::array({{{"AttributeName", "pk"}, {"KeyType", "HASH"}}})}}}});
  }
  for (int f = 0; f < options.functions; ++f) {
    Json variables = {{"TABLE", fmt::format("bench-table-{:03}", f % options.tables)},
                      {"API_SECRET", fmt::format("bench-secret-{:06}", f)}};
    if (f % 10 == 0) {
      variables["OTHER_TABLE_ARN"] = fmt::format(
          "arn:aws:dynamodb:us-east-1:000000000000:table/bench-table-{:03}", (f + 1) % options.tables);
    }
    scenario["functions"].push_back({{"FunctionName", fmt::format("bench-function-{:04}", f)},
                                     {"Runtime", "nodejs20.x"},
                                     {"Handler", "index.handler"},
                                     {"Role", "arn:aws:iam::000000000000:role/bench"},
                                     {"Environment", {{"Variables", variables}}},
                                     {"source", "functions/tiny"}});
  }
  fs::path file = dir / "bench-scenario.json";
  std::ofstream(file) << scenario.dump();
  return file;
}

/// The first three fields of /proc/loadavg: other processes on a shared machine skew timings.
std::string load_average() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return one + " " + five + " " + fifteen;
}

double median(std::vector<double> values) {
  std::ranges::sort(values);
  return values[values.size() / 2];
}

Options parse(int argc, char** argv) {
  Options options;
  fs::path exe = fs::canonical("/proc/self/exe");
  options.ddbmv = exe.parent_path() / "ddbmv";
  options.source = exe.parent_path().parent_path();
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string flag = argv[i], value = argv[i + 1];
    if (flag == "--functions") {
      options.functions = std::stoi(value);
    } else if (flag == "--tables") {
      options.tables = std::stoi(value);
    } else if (flag == "--runs") {
      options.runs = std::max(1, std::stoi(value));
    } else if (flag == "--source") {
      options.source = value;
    } else if (flag == "--ddbmv") {
      options.ddbmv = value;
    }
  }
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  Options options = parse(argc, argv);
  curl_global_init(CURL_GLOBAL_DEFAULT);
  fs::path work = fs::temp_directory_path() / fmt::format("ddbmv-bench-discover-{}", getpid());
  fs::create_directories(work);
  fs::path pid_file = work / "sandbox.pid";
  Environment base = {{"PATH", "/usr/bin:/bin"}, {"HOME", work.string()}};

  fmt::print("load average (1, 5, 15 min) at the start: {} on {} cores\n", load_average(),
             std::thread::hardware_concurrency());
  fmt::print("starting the sandbox...\n");
  Run started =
      run({(options.source / "sandbox" / "start").string(), "--port", "0", "--env", "--pid-file",
           pid_file.string()},
          {{"PATH", std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin"}, {"HOME", work.string()}});
  if (started.status != 0) {
    fmt::print(stderr, "bench_discover: sandbox/start failed (status {})\n", started.status);
    return 1;
  }
  Environment env = base;
  env["AWS_PAGER"] = "";  // the AWS CLI v2 pipes output through a pager unless told not to
  std::istringstream lines(started.out);
  for (std::string line; std::getline(lines, line);) {
    if (line.starts_with("export ") && line.find('=') != std::string::npos) {
      std::size_t eq = line.find('=');
      env[line.substr(7, eq - 7)] = line.substr(eq + 1);
    }
  }
  int status = 0;
  try {
    fs::path scenario = write_scenario(work, options);
    fmt::print("loading {} tables and {} functions...\n", options.tables, options.functions);
    auto load_start = std::chrono::steady_clock::now();
    admin_post(env.at("SANDBOX_ADMIN_URL") + "/load", {{"scenario", scenario.string()}});
    fmt::print("loaded in {:.1f} s\n\n",
               std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count());

    const std::vector<std::string> list = {
        "/usr/bin/aws", "lambda",         "list-functions",          "--output",
        "json",         "--endpoint-url", env.at("AWS_ENDPOINT_URL")};
    const std::vector<std::string> discover = {options.ddbmv.string(), "discover", "--prefix",
                                               "bench-table-",         "--output", "json"};
    const std::vector<std::string> plan = {options.ddbmv.string(),        "plan",     "--rename",
                                           "bench-table-*=moved-table-*", "--output", "json"};
    std::map<std::string, std::vector<double>> times;
    for (int i = 0; i <= options.runs; ++i) {  // run 0 warms up
      for (const auto& [name, args] :
           {std::pair{"aws lambda list-functions", list}, std::pair{"ddbmv discover", discover},
            std::pair{"ddbmv plan (discover + plan)", plan}}) {
        Run r = run(args, env);
        if (r.status != 0) {
          throw std::runtime_error(fmt::format("{} exited {}", name, r.status));
        }
        if (i == 0 && name == std::string("aws lambda list-functions")) {
          std::size_t listed = Json::parse(r.out)["Functions"].size();
          fmt::print("aws lambda list-functions listed {} functions\n", listed);
        }
        if (i == 0 && name == std::string("ddbmv plan (discover + plan)")) {
          Json p = Json::parse(r.out);
          fmt::print("ddbmv plan: {} tables, {} functions to update\n\n", p["tables"].size(),
                     p["functions"].size());
        }
        if (i > 0) {
          times[name].push_back(r.seconds);
        }
      }
    }
    fmt::print("load average (1, 5, 15 min) at the end: {}\n", load_average());
    double baseline = median(times["aws lambda list-functions"]);
    fmt::print("{:<32} {:>10} {:>10}   (median of {} runs, {} functions, {} tables)\n", "command", "seconds",
               "ratio", options.runs, options.functions, options.tables);
    for (const char* name : {"aws lambda list-functions", "ddbmv discover", "ddbmv plan (discover + plan)"}) {
      double t = median(times[name]);
      fmt::print("{:<32} {:>10.2f} {:>9.2f}x\n", name, t, t / baseline);
    }
  } catch (const std::exception& error) {
    fmt::print(stderr, "bench_discover: {}\n", error.what());
    status = 1;
  }
  run({(options.source / "sandbox" / "stop").string(), "--pid-file", pid_file.string()},
      {{"PATH", std::getenv("PATH") ? std::getenv("PATH") : "/usr/bin:/bin"}, {"HOME", work.string()}});
  fs::remove_all(work);
  curl_global_cleanup();
  return status;
}
