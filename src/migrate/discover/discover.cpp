#include "migrate/discover/discover.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "migrate/plan/references.h"
#include "util/parallel.h"
#include "util/time_format.h"

namespace ddbmv::migrate {

namespace {

/// The user-facing error for a failed read: names the call and, when the endpoint could not be
/// reached, the endpoint.
Error read_error(const aws::AwsError& error, const std::string& what, const std::string& endpoint) {
  if (error.http_status == 0 && error.code != "CredentialsError") {
    return {error.code.empty() ? "ConnectionError" : error.code,
            fmt::format("cannot reach {} ({} for {}): {}", endpoint, error.operation, what, error.message),
            "check --endpoint-url/AWS_ENDPOINT_URL, --region and the network"};
  }
  Error out = error.to_error();
  out.message = fmt::format("{} ({})", out.message, what);
  return out;
}

/// Collects the first error any worker hits.
class FirstError {
 public:
  void set(Error error) {
    std::scoped_lock lock(m_mutex);
    if (!m_error) {
      m_error = std::move(error);
    }
  }
  bool failed() const {
    std::scoped_lock lock(m_mutex);
    return m_error.has_value();
  }
  std::optional<Error> take() {
    std::scoped_lock lock(m_mutex);
    return std::move(m_error);
  }

 private:
  mutable std::mutex m_mutex;
  std::optional<Error> m_error;
};

std::string string_of(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Result<std::int64_t> exact_count(const dynamodb::Client& client, const std::string& table) {
  std::int64_t count = 0;
  dynamodb::ScanRequest request;
  request.table = table;
  request.count_only = true;
  do {
    auto page = client.scan(request);
    if (!page) {
      return std::unexpected(read_error(page.error(), "table " + table, client.service().endpoint().url));
    }
    count += page->count;
    request.exclusive_start_key = page->last_evaluated_key;
  } while (!request.exclusive_start_key.is_null() && !request.exclusive_start_key.empty());
  return count;
}

/// Everything about one table; fails naming the table and the call.
Result<TableInventory> read_table(const Clients& clients, const std::string& name,
                                  const DiscoverOptions& options) {
  const std::string endpoint = clients.dynamodb.service().endpoint().url;
  const std::string what = "table " + name;
  TableInventory table;
  table.name = name;
  auto description = clients.dynamodb.describe_table(name);
  if (!description) {
    return std::unexpected(read_error(description.error(), what, endpoint));
  }
  table.description = std::move(*description);
  auto tags = clients.dynamodb.list_tags_of_resource(table.arn());
  if (!tags) {
    return std::unexpected(read_error(tags.error(), what, endpoint));
  }
  table.tags = std::move(*tags);
  auto ttl = clients.dynamodb.describe_time_to_live(name);
  if (!ttl) {
    return std::unexpected(read_error(ttl.error(), what, endpoint));
  }
  table.time_to_live = std::move(*ttl);
  auto backups = clients.dynamodb.describe_continuous_backups(name);
  if (!backups) {
    return std::unexpected(read_error(backups.error(), what, endpoint));
  }
  table.continuous_backups = std::move(*backups);
  auto summaries = clients.dynamodb.list_backups(name);
  if (!summaries) {
    return std::unexpected(read_error(summaries.error(), what, endpoint));
  }
  table.backups = std::move(*summaries);
  if (options.exact_count) {
    auto count = exact_count(clients.dynamodb, name);
    if (!count) {
      return std::unexpected(count.error());
    }
    table.exact_count = *count;
  }
  if (std::string stream = table.stream_arn(); !stream.empty()) {
    auto mappings = clients.lambda.list_event_source_mappings(stream);
    if (!mappings) {
      return std::unexpected(read_error(mappings.error(), what, endpoint));
    }
    table.event_source_mappings = std::move(*mappings);
  }
  return table;
}

/// Groups the ALL-versions listing into functions that refer to a selected table. The full
/// environment is kept in memory only.
std::vector<FunctionInventory> referencing_functions(const std::vector<Json>& listing,
                                                     const ReferenceIndex& index,
                                                     std::int64_t& functions_scanned) {
  std::map<std::string, FunctionInventory> by_name;
  for (const auto& configuration : listing) {
    std::string name = string_of(configuration, "FunctionName");
    std::string version = string_of(configuration, "Version");
    FunctionInventory& function = by_name[name];
    function.name = name;
    lambda::Environment environment = lambda::Client::environment_of(configuration);
    if (version == "$LATEST" || version.empty()) {
      function.arn = string_of(configuration, "FunctionArn");
      function.revision_id = string_of(configuration, "RevisionId");
      function.configuration = configuration;
      function.configuration.erase("Environment");
      function.variable_names = variable_names(environment);
      function.references = index.find(environment);
      function.environment = std::move(environment);
    } else {
      function.versions.push_back({version, variable_names(environment), index.find(environment)});
    }
  }
  functions_scanned = static_cast<std::int64_t>(by_name.size());
  std::vector<FunctionInventory> out;
  for (auto& [name, function] : by_name) {
    if (!function.references_any()) {
      continue;
    }
    std::ranges::sort(function.versions, [](const auto& a, const auto& b) {
      return a.version.size() != b.version.size() ? a.version.size() < b.version.size()
                                                  : a.version < b.version;
    });
    out.push_back(std::move(function));
  }
  return out;
}

}  // namespace

Result<Inventory> discover(const Clients& clients, const DiscoverOptions& options, const Clock& clock) {
  auto say = [&](std::string_view line) {
    if (options.progress) {
      options.progress(line);
    }
  };
  Inventory inventory;
  inventory.region = options.region;
  inventory.discovered_at = format_iso8601(clock.now());
  inventory.exact_counts = options.exact_count;

  say("listing tables");
  auto all = clients.dynamodb.list_tables();
  if (!all) {
    return std::unexpected(
        read_error(all.error(), "the table list", clients.dynamodb.service().endpoint().url));
  }
  inventory.existing_tables = *all;
  std::ranges::sort(inventory.existing_tables);
  auto selected = select_tables(inventory.existing_tables, options.selection, options.region);
  if (!selected) {
    return std::unexpected(selected.error());
  }

  // The function listing is a chain of dependent pages: run it beside the table reads.
  say(fmt::format("reading {} tables; listing Lambda functions and versions", selected->size()));
  const std::string lambda_endpoint = clients.lambda.service().endpoint().url;
  lambda::Outcome<std::vector<Json>> listing = std::vector<Json>{};
  {
    std::jthread lister([&] { listing = clients.lambda.list_all_function_versions(); });
    inventory.tables.resize(selected->size());
    FirstError first_error;
    run_parallel(selected->size(), options.concurrency, [&](std::size_t i) {
      if (first_error.failed()) {
        return;
      }
      auto table = read_table(clients, (*selected)[i], options);
      if (!table) {
        first_error.set(table.error());
        return;
      }
      inventory.tables[i] = std::move(*table);
    });
    if (auto error = first_error.take()) {
      return std::unexpected(*error);
    }
  }
  if (!listing) {
    return std::unexpected(read_error(listing.error(), "the function list", lambda_endpoint));
  }
  if (auto arn = parse_arn(inventory.tables.front().arn())) {
    inventory.account = arn->account;
  }
  ReferenceIndex index(inventory.tables);
  inventory.functions = referencing_functions(*listing, index, inventory.functions_scanned);

  // Aliases matter only where they can serve a locked environment: a published version that refers
  // to a selected table. An alias of $LATEST moves with the configuration update, so functions
  // without such a version need no ListAliases call (on a large account: most of them).
  std::vector<FunctionInventory*> with_locked_versions;
  for (auto& function : inventory.functions) {
    if (std::ranges::any_of(function.versions, [](const auto& v) { return !v.references.empty(); })) {
      with_locked_versions.push_back(&function);
    }
  }
  say(fmt::format("reading aliases of {} functions", with_locked_versions.size()));
  FirstError first_error;
  run_parallel(with_locked_versions.size(), options.concurrency, [&](std::size_t i) {
    if (first_error.failed()) {
      return;
    }
    FunctionInventory& function = *with_locked_versions[i];
    auto aliases = clients.lambda.list_aliases(function.name);
    if (!aliases) {
      first_error.set(read_error(aliases.error(), "function " + function.name, lambda_endpoint));
      return;
    }
    function.aliases = std::move(*aliases);
  });
  if (auto error = first_error.take()) {
    return std::unexpected(*error);
  }
  return inventory;
}

}  // namespace ddbmv::migrate
