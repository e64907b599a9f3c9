#pragma once
/// TableSpec: a DescribeTable `Table` turned into the CreateTable input of an identical table under
/// another name, accepted unchanged by `aws dynamodb create-table --cli-input-json file://SPEC`.
/// Pure: values in, values out.
///
/// Carried: keys and attribute definitions, GSIs and LSIs (keys, projection; a GSI's provisioned or
/// on-demand throughput), billing mode and capacity, SSE with its KMS key, stream specification, table
/// class, tags. Not carried (read-only or not CreateTable's): status, counts, sizes, ARNs, ids, dates,
/// index status/backfilling, warm throughput, the 0/0 throughput of on-demand tables. TTL, PITR and
/// deletion protection are not in the spec: the plan applies them after create (deletion protection
/// last, so a failed copy can still be undone by deleting the target).

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "dynamodb/client.h"

namespace ddbmv::dynamodb {

/// The CreateTable input for a table like `table` (DescribeTable's `Table`) named `name`, carrying
/// `tags` (which the caller assembles: the source's tags plus governance tags).
nlohmann::json create_table_input(const nlohmann::json& table, const std::string& name,
                                  const std::vector<Tag>& tags);

/// sha256 hex of what makes the schema: key schema, attribute definitions, and each index's name,
/// keys and projection (order-independent). Equal for a source and a table created from its spec.
std::string schema_fingerprint(const nlohmann::json& table);

/// The settings of a DescribeTable `Table` that a correctly created copy must share with its source:
/// the description with every read-only, per-instance field removed (name, ARNs, ids, dates, status,
/// counts, sizes, stream label/ARN, index ARNs and status, throughput history). Used to compare a
/// source and its copy.
nlohmann::json comparable_description(const nlohmann::json& table);

}  // namespace ddbmv::dynamodb
