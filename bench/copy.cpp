/// bench_copy: how fast ddbmv copies a table inside the sandbox, beside the most the sandbox allows.
///
///   bench_copy [--items N] [--ceiling-items M] [--concurrency 4,8,16,32] [--writers W[,W...]] [--segments S]
///              [--scan-threads T] [--scan-page-items P] [--catch-up-records R] [--no-catch-up]
///              [--no-verify] [--sandbox DIR]
///
/// Starts a sandbox (sandbox/start --port 0 --env), seeds a table of N generated items, then measures
/// (a) the ceiling: pre-built BatchWriteItem bodies sent through the same transport by a minimal
///     writer at several concurrencies (the best one counts), each into a fresh table;
/// (b) ddbmv's copy as `ddbmv apply` runs it: the copy engine with apply's settings (its default
///     writers, scan threads and page size, the segment count chosen from the table's size;
///     --writers (a list: one copy per count, into its own table), --scan-threads, --scan-page-items
///     and --segments override) and every segment checkpoint appended to an fsync'd
///     journal, in a child process (this binary re-executed with --child-copy) so that its peak RSS
///     (VmHWM, which the child reads itself) is the copy's alone;
/// (a') the ceiling again at its best concurrency, right after the copy, so that load from other
///     processes on a shared machine shows as a difference between the two ceilings;
/// (s) the read side alone: the copy's parallel Scan (same segments, scan threads and page size) with
///     nothing written, so that the share of the sandbox's time the copy must spend reading shows;
/// and prints items/s for both, their ratio to the higher ceiling (target >= 90%) and the copy's peak
/// RSS (target < 64 MiB);
/// (c) the live-writes catch-up: R writes to a table with a stream, applied to an empty target by the
///     stream replicator: stream records applied per second, beside the copy's items/s.
/// A benchmark, not a test: it asserts nothing.

#include <fmt/core.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "aws/config.h"
#include "aws/curl_transport.h"
#include "cli/progress.h"
#include "migrate/control/clients.h"
#include "migrate/copy/change_sink.h"
#include "migrate/copy/copy_engine.h"
#include "migrate/copy/parallel_scan.h"
#include "migrate/copy/scan_page.h"
#include "migrate/copy/table_data_plane.h"
#include "migrate/journal/journal.h"
#include "migrate/journal/journal_steps.h"
#include "migrate/journal/journal_storage.h"
#include "migrate/streams/stream_replicator.h"
#include "migrate/streams/stream_setup.h"
#include "migrate/verify/verify.h"
#include "util/raw_json.h"

namespace {

using namespace ddbmv;
using Json = nlohmann::json;
using SteadyClock = std::chrono::steady_clock;

struct BenchOptions {
  std::int64_t items = 100'000;
  std::optional<std::int64_t> ceiling_items;
  std::vector<int> concurrency{4, 8, 16, 32};
  std::vector<int> writers{migrate::CopyOptions{}.writer_threads};  // the first: what apply uses
  std::optional<int> segments;
  int scan_threads = migrate::CopyOptions{}.scan_threads;
  int scan_page_items = migrate::CopyOptions{}.scan_page_items;
  bool verify = true;
  bool catch_up = true;
  std::int64_t catch_up_records = 20'000;
  std::string sandbox_dir;
};

/// Set once the sandbox runs: stops it (die() exits without unwinding, so no destructor would).
std::function<void()> g_stop_sandbox;

[[noreturn]] void die(const std::string& message) {
  fmt::print(stderr, "bench_copy: {}\n", message);
  if (g_stop_sandbox) {
    g_stop_sandbox();
  }
  std::exit(1);
}

/// The first three fields of /proc/loadavg: other processes on a shared machine skew timings.
std::string load_average() {
  std::FILE* file = std::fopen("/proc/loadavg", "r");
  char text[64] = {};
  if (file != nullptr) {
    (void)std::fgets(text, sizeof(text), file);
    std::fclose(file);
  }
  std::string out(text);
  int fields = 0;
  std::size_t i = 0;
  while (i < out.size() && !(out[i] == ' ' && ++fields == 3)) {
    ++i;
  }
  return out.substr(0, i);
}

double seconds_since(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

std::string run_capture(const std::string& command) {
  std::FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    die("cannot run " + command);
  }
  std::string out;
  char buffer[4096];
  while (std::size_t n = std::fread(buffer, 1, sizeof(buffer), pipe)) {
    out.append(buffer, n);
  }
  if (pclose(pipe) != 0) {
    die(fmt::format("{} failed:\n{}", command, out));
  }
  return out;
}

/// The running sandbox: started in the constructor, stopped (by its pid file) in the destructor.
class Sandbox {
 public:
  Sandbox(const std::string& dir, const std::string& run_dir)
      : m_dir(dir), m_pid_file(run_dir + "/sandbox.pid") {
    const std::string out =
        run_capture(fmt::format("'{}/start' --port 0 --env --pid-file '{}'", dir, m_pid_file));
    g_stop_sandbox = [stop = stop_command()] { std::system(stop.c_str()); };
    std::size_t pos = 0;
    while (pos < out.size()) {
      const std::size_t end = out.find('\n', pos);
      std::string line = out.substr(pos, end == std::string::npos ? std::string::npos : end - pos);
      pos = end == std::string::npos ? out.size() : end + 1;
      if (line.rfind("export ", 0) != 0) {
        continue;
      }
      const std::size_t eq = line.find('=');
      const std::string name = line.substr(7, eq - 7);
      const std::string value = line.substr(eq + 1);
      setenv(name.c_str(), value.c_str(), 1);
      if (name == "SANDBOX_ADMIN_URL") {
        m_admin_url = value;
      }
    }
    if (m_admin_url.empty()) {
      die("sandbox/start printed no SANDBOX_ADMIN_URL:\n" + out);
    }
    aws::CurlTransportOptions options;
    options.total_timeout = std::chrono::hours(2);  // seeding a million items takes a while
    m_admin = std::make_unique<aws::CurlTransport>(options);
  }
  ~Sandbox() {
    g_stop_sandbox = nullptr;
    std::system(stop_command().c_str());
  }
  std::string stop_command() const {
    return fmt::format("'{}/stop' --pid-file '{}' >/dev/null 2>&1", m_dir, m_pid_file);
  }

  Json admin_post(const std::string& path, const Json& body) const {
    const std::size_t slash = m_admin_url.find('/', m_admin_url.find("//") + 2);
    aws::HttpRequest request;
    request.method = "POST";
    request.endpoint = m_admin_url.substr(0, slash);
    request.path = m_admin_url.substr(slash) + "/" + path;
    request.headers = {{"Content-Type", "application/json"}};
    request.body = body.dump();
    auto response = m_admin->send(request);
    if (!response) {
      die("admin " + path + ": " + response.error().message);
    }
    if (response->status / 100 != 2) {
      die(fmt::format("admin {}: HTTP {} {}", path, response->status, response->body));
    }
    return Json::parse(response->body, nullptr, false);
  }

 private:
  std::string m_dir;
  std::string m_pid_file;
  std::string m_admin_url;
  std::unique_ptr<aws::CurlTransport> m_admin;
};

migrate::Clients make_sandbox_clients(int max_connections) {
  auto config = aws::resolve_config({}, aws::process_environment(), std::make_shared<SystemClock>());
  if (!config) {
    die(config.error().message);
  }
  migrate::ClientOptions options;
  options.max_connections = max_connections;
  return migrate::make_clients(*config, options);
}

Json table_spec(const std::string& name) {
  return {{"TableName", name},
          {"AttributeDefinitions", {{{"AttributeName", "pk"}, {"AttributeType", "S"}}}},
          {"KeySchema", {{{"AttributeName", "pk"}, {"KeyType", "HASH"}}}},
          {"BillingMode", "PAY_PER_REQUEST"}};
}

void create_table(const migrate::Clients& clients, const std::string& name) {
  if (auto created = clients.dynamodb.create_table(table_spec(name)); !created) {
    die("CreateTable " + name + ": " + created.error().message);
  }
  for (int attempt = 0; attempt < 600; ++attempt) {
    auto table = clients.dynamodb.describe_table(name);
    if (table && table->value("TableStatus", "") == "ACTIVE") {
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  die("table " + name + " did not become ACTIVE");
}

/// The source's first `count` items, as JSON text.
std::vector<std::string> first_items(const migrate::Clients& clients, const std::string& source,
                                     std::int64_t count) {
  // In parallel and in small pages: DynamoDB Local reads one segment in 1 MB pages very slowly.
  const auto plane = migrate::make_dynamodb_data_plane(clients.dynamodb);
  std::mutex mutex;
  std::vector<std::string> items;
  auto scanned = migrate::parallel_scan(*plane, source, {8, 4, false, migrate::kScanPageItems},
                                        [&](int, const migrate::ScannedPage& page) -> Result<void> {
                                          std::lock_guard lock(mutex);
                                          for (std::size_t i = 0; i < page.size(); ++i) {
                                            items.emplace_back(page.item(i));
                                          }
                                          return {};
                                        });
  if (!scanned) {
    die("Scan: " + scanned.error().message);
  }
  if (static_cast<std::int64_t>(items.size()) > count) {
    items.resize(static_cast<std::size_t>(count));
  }
  return items;
}

/// BatchWriteItem bodies of 25 items each for `table`.
std::vector<std::string> prebuilt_bodies(const std::vector<std::string>& items, const std::string& table) {
  std::vector<std::string> bodies;
  const std::string prefix = R"({"RequestItems":{)" + Json(table).dump() + ":[";
  for (std::size_t first = 0; first < items.size(); first += 25) {
    std::string body = prefix;
    for (std::size_t i = first; i < std::min(items.size(), first + 25); ++i) {
      if (i > first) {
        body += ',';
      }
      body += R"({"PutRequest":{"Item":)" + items[i] + "}}";
    }
    bodies.push_back(body + "]}}");
  }
  return bodies;
}

/// The minimal writer: `concurrency` threads sending the bodies as fast as they are answered.
/// Returns items/s.
double ceiling_run(const migrate::Clients& clients, const std::vector<std::string>& bodies, int concurrency,
                   std::int64_t items) {
  std::atomic<std::size_t> next{0};
  std::atomic<std::int64_t> unprocessed{0};
  const auto start = SteadyClock::now();
  std::vector<std::thread> threads;
  for (int t = 0; t < concurrency; ++t) {
    threads.emplace_back([&] {
      for (std::size_t i = next++; i < bodies.size(); i = next++) {
        std::string body = bodies[i];
        while (true) {
          auto response = clients.dynamodb.batch_write_item_raw(body);
          if (!response) {
            die("BatchWriteItem: " + response.error().message);
          }
          auto left = raw_json::find_member(*response, "UnprocessedItems");
          if (!left || raw_json::is_empty_object(*left)) {
            break;
          }
          ++unprocessed;
          body = R"({"RequestItems":)" + std::string(*left) + "}";
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  const double rate = static_cast<double>(items) / seconds_since(start);
  if (unprocessed > 0) {
    fmt::print("  (ceiling at {}: {} partial batches resent)\n", concurrency, unprocessed.load());
  }
  return rate;
}

struct ChildResult {
  std::int64_t items = 0;
  double seconds = 0;
  int segments = 0;
  long max_rss_kib = 0;
};

/// Runs the copy in a child process (this binary, --child-copy) and returns its result and peak RSS.
ChildResult copy_in_child(const BenchOptions& options, int writers, const std::string& source,
                          const std::string& target, const std::string& journal_path) {
  int fds[2];
  if (pipe(fds) != 0) {
    die("pipe failed");
  }
  const pid_t pid = fork();
  if (pid == 0) {
    dup2(fds[1], STDOUT_FILENO);
    close(fds[0]);
    close(fds[1]);
    std::vector<std::string> args{"/proc/self/exe",
                                  "--child-copy",
                                  source,
                                  target,
                                  std::to_string(writers),
                                  std::to_string(options.segments.value_or(0)),
                                  std::to_string(options.scan_threads),
                                  journal_path,
                                  std::to_string(options.scan_page_items)};
    std::vector<char*> argv;
    for (auto& arg : args) {
      argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    execv("/proc/self/exe", argv.data());
    _exit(127);
  }
  close(fds[1]);
  std::string out;
  char buffer[4096];
  while (true) {
    const ssize_t n = read(fds[0], buffer, sizeof(buffer));
    if (n <= 0) {
      break;
    }
    out.append(buffer, static_cast<std::size_t>(n));
  }
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    die("the copy child failed:\n" + out);
  }
  const Json result = Json::parse(out, nullptr, false);
  if (result.is_discarded()) {
    die("the copy child printed no result:\n" + out);
  }
  return {result.value("items", std::int64_t{0}), result.value("seconds", 0.0), result.value("segments", 0),
          result.value("peak_rss_kib", -1L)};
}

/// This process's peak resident set (VmHWM), in KiB. Not wait4's ru_maxrss: exec() carries the
/// forking parent's high-water mark over into it (and this parent holds the ceiling's items and bodies,
/// about 100 MiB), so ru_maxrss reported the parent's memory, not the copy's.
long peak_rss_kib() {
  std::FILE* file = std::fopen("/proc/self/status", "r");
  long kib = -1;
  char line[256];
  while (file != nullptr && std::fgets(line, sizeof(line), file) != nullptr) {
    if (std::sscanf(line, "VmHWM: %ld kB", &kib) == 1) {
      break;
    }
  }
  if (file != nullptr) {
    std::fclose(file);
  }
  return kib;
}

/// The child: copies `source` into `target` with ddbmv's engine, each segment checkpoint appended to
/// the fsync'd journal `argv[7]` as apply's copy phase does, and prints {"items","seconds","segments"}.
int child_copy(char** argv) {
  const std::string source = argv[2];
  const std::string target = argv[3];
  const int writers = std::atoi(argv[4]);
  const int segments = std::atoi(argv[5]);
  auto journal = migrate::Journal::open(std::make_unique<migrate::FileJournalStorage>(argv[7]),
                                        {"bench", "mv-bench", "bench", "2026-01-01T00:00:00Z"},
                                        std::make_shared<SystemClock>());
  if (!journal) {
    fmt::print(stderr, "journal: {}\n", journal.error().message);
    return 1;
  }
  migrate::CopyOptions options;
  options.writer_threads = writers;
  options.scan_threads = std::atoi(argv[6]);
  options.scan_page_items = std::atoi(argv[8]);
  if (segments > 0) {
    options.segments = segments;
  }
  options.clock = std::make_shared<SystemClock>();
  auto clients = make_sandbox_clients(64);
  cli::CopyProgressDisplay display(stderr, isatty(STDERR_FILENO) != 0);
  migrate::CopyCallbacks callbacks;
  callbacks.on_progress = [&](const migrate::CopyProgress& progress) { display.update(progress); };
  callbacks.on_checkpoint = [&](const migrate::SegmentCheckpoint& checkpoint) {
    const std::string step = migrate::steps::copy_segment(source, checkpoint.segment);
    auto noted = (*journal)->checkpoint(step, migrate::to_json(checkpoint));
    if (noted && checkpoint.done) {
      noted = (*journal)->done(step, migrate::to_json(checkpoint));
    }
    if (!noted) {
      fmt::print(stderr, "journal: {}\n", noted.error().message);
      return migrate::CheckpointReply::kStop;
    }
    return migrate::CheckpointReply::kContinue;
  };
  const auto plane = migrate::make_dynamodb_data_plane(clients.dynamodb);
  const auto start = SteadyClock::now();
  auto result = migrate::copy_table(*plane, *plane, source, target, options, {}, callbacks);
  const double seconds = seconds_since(start);
  if (!result) {
    fmt::print(stderr, "copy failed: {}\n", result.error().message);
    return 1;
  }
  fmt::print("{}\n", Json{{"items", result->items_written},
                          {"seconds", seconds},
                          {"segments", result->total_segments},
                          {"peak_rss_kib", peak_rss_kib()}}
                         .dump());
  return 0;
}

/// Catch-up throughput (live writes, #7): a table with a NEW_AND_OLD_IMAGES stream takes `items` as
/// writes (pre-built batches), then ddbmv's stream replicator applies the stream to an empty target,
/// as apply's catch-up does after a copy. Returns stream records applied per second.
double measure_catch_up(const migrate::Clients& clients, const std::vector<std::string>& items) {
  const std::string source = "bench-live-source";
  const std::string target = "bench-live-target";
  auto clock = std::make_shared<SystemClock>();
  create_table(clients, source);
  auto start = migrate::prepare_source_stream(clients.dynamodb, clients.streams, source, false, *clock);
  if (!start) {
    die("enabling the stream of " + source + ": " + start.error().message);
  }
  (void)ceiling_run(clients, prebuilt_bodies(items, source), 16, static_cast<std::int64_t>(items.size()));
  create_table(clients, target);
  auto reader = migrate::make_stream_reader(clients.streams);
  auto plane = migrate::make_dynamodb_data_plane(clients.dynamodb);
  auto sink = migrate::make_batch_change_sink(*plane, target, *clock, 16);
  migrate::ReplicatorOptions options;
  options.clock = clock;
  migrate::StreamReplicator replicator(*reader, *start, target, {}, *sink, nullptr, options);
  const auto begin = SteadyClock::now();
  auto result = replicator.catch_up();
  const double seconds = seconds_since(begin);
  if (!result) {
    die("catch-up: " + result.error().message);
  }
  fmt::print("catch-up {} stream records ({} writes, {} shards) applied in {:.1f} s\n",
             cli::group_thousands(result->records_applied), cli::group_thousands(result->writes),
             result->shards_total, seconds);
  // A rate counts only if every record arrived: the target must now equal the source.
  auto report = migrate::verify_tables(*plane, *plane, source, target, {});
  if (!report || !report->equal) {
    die("catch-up: the target does not equal the source after the catch-up" +
        (report ? std::string() : ": " + report.error().message));
  }
  (void)clients.dynamodb.delete_table(source);
  (void)clients.dynamodb.delete_table(target);
  return static_cast<double>(result->records_applied) / seconds;
}

/// "4,8,16" -> {4, 8, 16}.
std::vector<int> int_list(const std::string& text) {
  std::vector<int> out;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t comma = text.find(',', pos);
    out.push_back(std::stoi(text.substr(pos, comma - pos)));
    pos = comma == std::string::npos ? text.size() : comma + 1;
  }
  if (out.empty()) {
    die("expected a comma-separated list of numbers, not '" + text + "'");
  }
  return out;
}

BenchOptions parse(int argc, char** argv) {
  BenchOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        die(arg + " needs a value");
      }
      return argv[++i];
    };
    if (arg == "--items") {
      options.items = std::stoll(value());
    } else if (arg == "--ceiling-items") {
      options.ceiling_items = std::stoll(value());
    } else if (arg == "--concurrency") {
      options.concurrency = int_list(value());
    } else if (arg == "--writers") {
      options.writers = int_list(value());
    } else if (arg == "--segments") {
      options.segments = std::stoi(value());
    } else if (arg == "--scan-threads") {
      options.scan_threads = std::stoi(value());
    } else if (arg == "--catch-up-records") {
      options.catch_up_records = std::stoll(value());
    } else if (arg == "--scan-page-items") {
      options.scan_page_items = std::stoi(value());
    } else if (arg == "--no-catch-up") {
      options.catch_up = false;
    } else if (arg == "--no-verify") {
      options.verify = false;
    } else if (arg == "--sandbox") {
      options.sandbox_dir = value();
    } else {
      die("unknown argument " + arg + " (see the comment at the top of bench/copy.cpp)");
    }
  }
  if (options.sandbox_dir.empty()) {
    // The binary lives in <worktree>/build/; the sandbox beside it, or under the current directory.
    const auto exe = std::filesystem::read_symlink("/proc/self/exe");
    for (auto dir = exe.parent_path(); !dir.empty() && dir != dir.root_path(); dir = dir.parent_path()) {
      if (std::filesystem::exists(dir / "sandbox/start")) {
        options.sandbox_dir = (dir / "sandbox").string();
        break;
      }
    }
    if (options.sandbox_dir.empty()) {
      options.sandbox_dir = "sandbox";
    }
  }
  return options;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 9 && std::string(argv[1]) == "--child-copy") {
    return child_copy(argv);
  }
  const BenchOptions options = parse(argc, argv);
  const auto run_dir = std::filesystem::temp_directory_path() / fmt::format("bench_copy.{}", getpid());
  std::filesystem::create_directories(run_dir / "home");
  setenv("HOME", (run_dir / "home").c_str(), 1);  // no ~/.aws of the machine
  unsetenv("AWS_PROFILE");

  fmt::print("bench_copy: load average (1, 5, 15 min) {} on {} cores; starting the sandbox ({})\n",
             load_average(), std::thread::hardware_concurrency(), options.sandbox_dir);
  std::optional<Sandbox> sandbox;
  sandbox.emplace(options.sandbox_dir, run_dir.string());
  auto clients = make_sandbox_clients(64);

  const std::string source = "bench-source";
  auto seed_start = SteadyClock::now();
  sandbox->admin_post("reset", Json::object());
  sandbox->admin_post(
      "load",
      {{"scenario",
        {{"tables",
          {{{"spec", table_spec(source)}, {"generate", {{"count", options.items}, {"seed", 1}}}}}}}}});
  fmt::print("seeded {} items in {:.1f} s\n", cli::group_thousands(options.items), seconds_since(seed_start));

  // (a) The ceiling.
  // As many items as the copy writes unless told otherwise: DynamoDB Local's writes slow down as a
  // table grows, so a ceiling measured on fewer items would flatter the ceiling.
  const std::int64_t ceiling_items = std::min(options.items, options.ceiling_items.value_or(options.items));
  const auto items = first_items(clients, source, ceiling_items);
  double best_rate = 0;
  int best_concurrency = 0;
  std::string trials;
  for (int concurrency : options.concurrency) {
    const std::string table = fmt::format("bench-ceiling-{}", concurrency);
    create_table(clients, table);
    const auto bodies = prebuilt_bodies(items, table);
    const double rate = ceiling_run(clients, bodies, concurrency, static_cast<std::int64_t>(items.size()));
    trials += fmt::format("{}{}: {}", trials.empty() ? "" : ", ", concurrency,
                          cli::group_thousands(std::llround(rate)));
    if (rate > best_rate) {
      best_rate = rate;
      best_concurrency = concurrency;
    }
    (void)clients.dynamodb.delete_table(table);
  }
  fmt::print("ceiling  (pre-built bodies, {} items per trial): {} items/s at concurrency {}  [{}]\n",
             cli::group_thousands(ceiling_items), cli::group_thousands(std::llround(best_rate)),
             best_concurrency, trials);

  // (b) ddbmv's copy, in a child process, once per writer count (the first: apply's default).
  struct Copied {
    int writers = 0;
    std::string target;
    ChildResult result;
    double rate = 0;
  };
  std::vector<Copied> copies;
  for (const int writers : options.writers) {
    Copied copied{writers, fmt::format("bench-target-{}", writers), {}, 0};
    create_table(clients, copied.target);
    copied.result = copy_in_child(options, writers, source, copied.target,
                                  (run_dir / fmt::format("journal-{}.jsonl", writers)).string());
    copied.rate = static_cast<double>(copied.result.items) / copied.result.seconds;
    fmt::print(
        "ddbmv    (copy as apply runs it: {} writers, {} scan threads, {} segments, pages of {} items, "
        "journaled): {} items/s ({} items in {:.1f} s), peak RSS {:.1f} MiB\n",
        writers, options.scan_threads, copied.result.segments, options.scan_page_items,
        cli::group_thousands(std::llround(copied.rate)), cli::group_thousands(copied.result.items),
        copied.result.seconds, static_cast<double>(copied.result.max_rss_kib) / 1024.0);
    copies.push_back(std::move(copied));
  }
  const Copied& copy = copies.front();

  // (a') The ceiling again, right after: the two ceilings bracket the copies.
  const std::string again_table = "bench-ceiling-again";
  create_table(clients, again_table);
  const double again_rate = ceiling_run(clients, prebuilt_bodies(items, again_table), best_concurrency,
                                        static_cast<std::int64_t>(items.size()));
  (void)clients.dynamodb.delete_table(again_table);
  const double ceiling = std::max(best_rate, again_rate);
  fmt::print("ceiling  again at concurrency {}: {} items/s (before the copy: {})\n", best_concurrency,
             cli::group_thousands(std::llround(again_rate)), cli::group_thousands(std::llround(best_rate)));
  for (const auto& copied : copies) {
    fmt::print(
        "ratio    {} writers: {:.1f}% of the higher ceiling, {:.1f}% of the lower (target >= 90%); peak RSS "
        "{:.1f} MiB {} 64 MiB\n",
        copied.writers, 100.0 * copied.rate / ceiling, 100.0 * copied.rate / std::min(best_rate, again_rate),
        static_cast<double>(copied.result.max_rss_kib) / 1024.0,
        copied.result.max_rss_kib < 64 * 1024 ? "<" : ">=");
  }

  // (s) The read side alone.
  const int segments = copy.result.segments;
  const int scan_threads = std::min(options.scan_threads, segments);
  const auto plane = migrate::make_dynamodb_data_plane(clients.dynamodb);
  std::atomic<std::int64_t> scanned{0};
  const auto scan_start = SteadyClock::now();
  auto scan = migrate::parallel_scan(*plane, source, {segments, scan_threads, false, options.scan_page_items},
                                     [&](int, const migrate::ScannedPage& page) -> Result<void> {
                                       scanned += static_cast<std::int64_t>(page.size());
                                       return {};
                                     });
  if (!scan) {
    die("scan: " + scan.error().message);
  }
  const double scan_rate = static_cast<double>(scanned.load()) / seconds_since(scan_start);
  fmt::print(
      "scan     alone ({} segments, {} threads, pages of {} items): {} items/s; writing at the higher "
      "ceiling "
      "and reading at this rate, one after the other, gives {} items/s ({:.1f}% of the higher ceiling)\n",
      segments, scan_threads, options.scan_page_items, cli::group_thousands(std::llround(scan_rate)),
      cli::group_thousands(std::llround(1.0 / (1.0 / ceiling + 1.0 / scan_rate))),
      100.0 / (1.0 + ceiling / scan_rate));
  const double copy_rate = copy.rate;
  const std::string target = copy.target;
  if (options.catch_up) {
    const std::int64_t catch_up_items =
        std::min<std::int64_t>(options.catch_up_records, static_cast<std::int64_t>(items.size()));
    const double catch_up_rate =
        measure_catch_up(clients, std::vector<std::string>(items.begin(), items.begin() + catch_up_items));
    fmt::print("catch-up {} stream records applied/s ({:.1f}% of the copy's items/s)\n",
               cli::group_thousands(std::llround(catch_up_rate)), 100.0 * catch_up_rate / copy_rate);
  }

  if (options.verify) {
    const auto verify_start = SteadyClock::now();
    auto report = migrate::verify_tables(*plane, *plane, source, target, {});
    if (!report) {
      die("verify: " + report.error().message);
    }
    fmt::print("verify   {} ({} items, digest {}) in {:.1f} s\n", report->equal ? "equal" : "DIFFERENT",
               cli::group_thousands(report->source.count), report->source.digest.substr(0, 16),
               seconds_since(verify_start));
  }
  fmt::print("load average (1, 5, 15 min) at the end: {}\n", load_average());
  sandbox.reset();
  std::filesystem::remove_all(run_dir);
  return 0;
}
