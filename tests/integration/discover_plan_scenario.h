#pragma once
/// What the discover/plan integration tests share: the seed scenario's rules and names, a richer
/// table (every setting a spec must carry) with a function that depends on it, and the secret values
/// no output may hold.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "integration/seed_migration.h"  // kSeedRule, kWebhook

namespace ddbmv::testing {

inline constexpr const char* kLedgerRule = "ai-nexus-dev-ledger-*=diatonic-ai-ledger-*";
inline constexpr const char* kLedgerTable = "ai-nexus-dev-ledger-entries";
inline constexpr const char* kLedgerFunction = "ai-nexus-dev-ledger-poster";
inline constexpr const char* kLedgerKmsKey =
    "arn:aws:kms:us-east-1:000000000000:key/7e1c2b3a-4d5e-4f60-8a9b-0c1d2e3f4a5b";
/// A session token the sandbox accepts (it checks only the signature): it must never be printed.
inline constexpr const char* kSessionToken = "FQoGZXIvYXdzEXAMPLEsessionTOKENnotToBePrinted0001";

std::string read_text(const std::filesystem::path& path);

/// sandbox/scenarios/ai-nexus-dev.json.
nlohmann::json seed_scenario();
/// The seed scenario's table names.
std::set<std::string> seed_table_names();

/// A scenario to load on top of the seed: ai-nexus-dev-ledger-entries with an LSI, two GSIs (one with
/// an INCLUDE projection), provisioned capacity, SSE with a KMS key ARN, a stream, TTL, PITR, tags,
/// deletion protection and a table class; and ai-nexus-dev-ledger-poster, which names it by table
/// ARN and index ARN beside a secret, and whose published version 1 (alias live) is locked.
nlohmann::json ledger_scenario();

/// Every value that must never leave the account: each environment value of the seed's and the
/// ledger's functions that is not a table name or ARN (the Stripe keys, the event-bus name, the URLs,
/// the ledger's signing key), the sandbox's secret access key and kSessionToken. Values shorter than
/// 8 characters ("info", "dev") are left out: they are also words and tag values.
std::vector<std::string> secret_values();

}  // namespace ddbmv::testing
