#pragma once
/// What the migration tests share: the seed's account migrated with the ddbmv binary (a fresh plan,
/// apply, rollback), and reading back what a run left in the account (items, function configurations,
/// whether a run made a mutating call).

#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "integration/sandbox_environment.h"
#include "migrate/control/clients.h"
#include "migrate/journal/journal.h"

namespace ddbmv::testing {

inline constexpr const char* kSeedRule = "ai-nexus-dev-stripe-*=diatonic-ai-stripe-*";
inline constexpr const char* kWebhook = "ai-nexus-dev-stripe-stripe-webhook-handler";
inline constexpr const char* kCheckout = "ai-nexus-dev-stripe-create-checkout-session";
inline constexpr const char* kCancel = "ai-nexus-dev-stripe-cancel-subscription";
inline constexpr const char* kSetupIntent = "ai-nexus-dev-stripe-create-setup-intent";
inline constexpr const char* kListInvoices = "ai-nexus-dev-stripe-list-invoices";

/// The seed's four old tables, sorted.
const std::vector<std::string>& seed_old_tables();
/// "ai-nexus-dev-stripe-X" -> "diatonic-ai-stripe-X".
std::string seed_new_name(const std::string& old);
/// sandbox/scenarios/ai-nexus-dev-events: one test event per seed function.
std::string seed_events_dir();
std::string read_text_file(const std::filesystem::path& path);

/// Resets the sandbox to the seed (plus `extra_tables`, a scenario's "tables") and writes a plan
/// with the seed's rename rule into a fresh directory; returns DIR/plan.json.
std::string fresh_seed_plan(const Json& extra_tables = Json::array());
/// `ddbmv apply PLAN --yes --test-events <seed events> --live-quiet 0.2` plus `extra`.
RunResult apply_seed_plan(const std::string& plan, const EnvironmentMap& env = {},
                          const std::vector<std::string>& extra = {});

/// Every item of `table`, as canonical JSON text (keys sorted by nlohmann).
std::multiset<std::string> items_of(const migrate::Clients& clients, const std::string& table);
/// The primary keys of every item of `table`.
std::set<std::string> keys_of(const migrate::Clients& clients, const std::string& table);
/// Every function's configuration, without what changes on any update (RevisionId, LastModified,
/// LastUpdateStatus*, State*).
std::map<std::string, Json> function_configurations(const migrate::Clients& clients);

/// Whether `table` holds an item with `key` (consistent read).
bool has_item(const migrate::Clients& clients, const std::string& table, const Json& key);
/// The key of customer `user` of tenant-acme.
Json customer_key(const std::string& user);
/// The value of `function`'s environment variable `name`.
std::string variable_of(const migrate::Clients& clients, const std::string& function,
                        const std::string& name);
/// PointInTimeRecoveryStatus of `table`.
std::string pitr_of(const migrate::Clients& clients, const std::string& table);
bool stream_enabled(const migrate::Clients& clients, const std::string& table);
/// After a rollback of a migration whose every function was cut over: every function as in
/// `functions_before`, every old table holding exactly its new table's items, PITR off and no stream
/// left on a new table.
void expect_rolled_back(const migrate::Clients& clients, const std::map<std::string, Json>& functions_before);

/// Turns `table`'s stream off (as someone might by hand) and waits until it is.
void turn_stream_off(const migrate::Clients& clients, const std::string& table);

/// The position of `step`'s done record among the journal's records (records.size() when none).
std::ptrdiff_t done_position(const migrate::JournalState& journal, const std::string& step);

/// Whether a sandbox stats operation ("DynamoDB.DescribeTable") only reads.
bool is_read(const std::string& operation);
/// The mutating operations in sandbox().stats() since the last reset ("DynamoDB.PutItem x2").
std::vector<std::string> mutating_calls();

/// The seed's webhook event (invoice.paid) with a new event id and invoice id: a write the webhook
/// makes to the idempotency and invoices tables its environment names.
std::string webhook_event(const std::string& id);

}  // namespace ddbmv::testing
