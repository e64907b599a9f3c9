#include "dynamodb/table_spec.h"

#include <algorithm>
#include <array>

#include "util/hash.h"

namespace ddbmv::dynamodb {

using Json = nlohmann::json;

namespace {

bool on_demand(const Json& table) {
  auto summary = table.find("BillingModeSummary");
  return summary != table.end() && summary->value("BillingMode", "") == "PAY_PER_REQUEST";
}

Json key_schema(const Json& keys) {
  Json out = Json::array();
  for (const auto& key : keys) {
    out.push_back({{"AttributeName", key.at("AttributeName")}, {"KeyType", key.at("KeyType")}});
  }
  return out;
}

Json projection(const Json& source) {
  Json out = {{"ProjectionType", source.value("ProjectionType", "ALL")}};
  if (auto attributes = source.find("NonKeyAttributes"); attributes != source.end() && !attributes->empty()) {
    out["NonKeyAttributes"] = *attributes;
  }
  return out;
}

Json provisioned_throughput(const Json& source) {
  const Json& throughput = source.at("ProvisionedThroughput");
  return {{"ReadCapacityUnits", throughput.at("ReadCapacityUnits")},
          {"WriteCapacityUnits", throughput.at("WriteCapacityUnits")}};
}

/// OnDemandThroughput's set maxima (AWS shows -1 or omits an unset one).
std::optional<Json> on_demand_throughput(const Json& source) {
  auto it = source.find("OnDemandThroughput");
  if (it == source.end() || !it->is_object()) {
    return std::nullopt;
  }
  Json out = Json::object();
  for (const char* key : {"MaxReadRequestUnits", "MaxWriteRequestUnits"}) {
    if (auto value = it->find(key);
        value != it->end() && value->is_number_integer() && value->get<long long>() > 0) {
      out[key] = *value;
    }
  }
  return out.empty() ? std::nullopt : std::optional(out);
}

Json sorted_by(Json array, const char* key) {
  std::sort(array.begin(), array.end(),
            [key](const Json& a, const Json& b) { return a.at(key) < b.at(key); });
  return array;
}

}  // namespace

Json create_table_input(const Json& table, const std::string& name, const std::vector<Tag>& tags) {
  const bool pay_per_request = on_demand(table);
  Json spec = {{"TableName", name},
               {"AttributeDefinitions", Json::array()},
               {"KeySchema", key_schema(table.at("KeySchema"))},
               {"BillingMode", pay_per_request ? "PAY_PER_REQUEST" : "PROVISIONED"}};
  for (const auto& attribute : table.at("AttributeDefinitions")) {
    spec["AttributeDefinitions"].push_back(
        {{"AttributeName", attribute.at("AttributeName")}, {"AttributeType", attribute.at("AttributeType")}});
  }
  if (!pay_per_request) {
    spec["ProvisionedThroughput"] = provisioned_throughput(table);
  } else if (auto throughput = on_demand_throughput(table)) {
    spec["OnDemandThroughput"] = *throughput;
  }
  if (auto gsis = table.find("GlobalSecondaryIndexes"); gsis != table.end() && !gsis->empty()) {
    Json out = Json::array();
    for (const auto& index : *gsis) {
      Json gsi = {{"IndexName", index.at("IndexName")},
                  {"KeySchema", key_schema(index.at("KeySchema"))},
                  {"Projection", projection(index.at("Projection"))}};
      if (!pay_per_request) {
        gsi["ProvisionedThroughput"] = provisioned_throughput(index);
      } else if (auto throughput = on_demand_throughput(index)) {
        gsi["OnDemandThroughput"] = *throughput;
      }
      out.push_back(std::move(gsi));
    }
    spec["GlobalSecondaryIndexes"] = std::move(out);
  }
  if (auto lsis = table.find("LocalSecondaryIndexes"); lsis != table.end() && !lsis->empty()) {
    Json out = Json::array();
    for (const auto& index : *lsis) {
      out.push_back({{"IndexName", index.at("IndexName")},
                     {"KeySchema", key_schema(index.at("KeySchema"))},
                     {"Projection", projection(index.at("Projection"))}});
    }
    spec["LocalSecondaryIndexes"] = std::move(out);
  }
  if (auto sse = table.find("SSEDescription"); sse != table.end()) {
    std::string status = sse->value("Status", "");
    if ((status == "ENABLED" || status == "ENABLING" || status == "UPDATING") &&
        sse->value("SSEType", "") == "KMS") {
      Json specification = {{"Enabled", true}, {"SSEType", "KMS"}};
      if (std::string key = sse->value("KMSMasterKeyArn", ""); !key.empty()) {
        specification["KMSMasterKeyId"] = key;
      }
      spec["SSESpecification"] = std::move(specification);
    }
  }
  if (auto stream = table.find("StreamSpecification");
      stream != table.end() && stream->value("StreamEnabled", false)) {
    spec["StreamSpecification"] = {{"StreamEnabled", true}, {"StreamViewType", stream->at("StreamViewType")}};
  }
  if (auto table_class = table.find("TableClassSummary");
      table_class != table.end() && table_class->contains("TableClass")) {
    spec["TableClass"] = table_class->at("TableClass");
  }
  if (!tags.empty()) {
    Json out = Json::array();
    for (const auto& tag : tags) {
      out.push_back({{"Key", tag.key}, {"Value", tag.value}});
    }
    spec["Tags"] = std::move(out);
  }
  return spec;
}

std::string schema_fingerprint(const Json& table) {
  Json schema = {{"KeySchema", key_schema(table.at("KeySchema"))},
                 {"AttributeDefinitions", sorted_by(table.at("AttributeDefinitions"), "AttributeName")}};
  for (const char* key : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
    Json indexes = Json::array();
    if (auto found = table.find(key); found != table.end()) {
      for (const auto& index : *found) {
        indexes.push_back({{"IndexName", index.at("IndexName")},
                           {"KeySchema", key_schema(index.at("KeySchema"))},
                           {"Projection", projection(index.at("Projection"))}});
      }
    }
    schema[key] = sorted_by(std::move(indexes), "IndexName");
  }
  return sha256_hex(schema.dump());
}

Json comparable_description(const Json& table) {
  Json out = table;
  for (const char* key :
       {"TableName", "TableArn", "TableId", "CreationDateTime", "TableStatus", "ItemCount", "TableSizeBytes",
        "LatestStreamArn", "LatestStreamLabel", "RestoreSummary", "ArchivalSummary", "WarmThroughput"}) {
    out.erase(key);
  }
  auto clean_throughput = [](Json& holder) {
    if (auto it = holder.find("ProvisionedThroughput"); it != holder.end()) {
      it->erase("NumberOfDecreasesToday");
      it->erase("LastIncreaseDateTime");
      it->erase("LastDecreaseDateTime");
    }
  };
  clean_throughput(out);
  if (auto it = out.find("BillingModeSummary"); it != out.end()) {
    it->erase("LastUpdateToPayPerRequestDateTime");
  }
  if (auto it = out.find("TableClassSummary"); it != out.end()) {
    it->erase("LastUpdateDateTime");
  }
  if (auto it = out.find("SSEDescription"); it != out.end()) {
    it->erase("InaccessibleEncryptionDateTime");
  }
  for (const char* key : {"GlobalSecondaryIndexes", "LocalSecondaryIndexes"}) {
    if (auto it = out.find(key); it != out.end()) {
      for (auto& index : *it) {
        for (const char* field :
             {"IndexArn", "IndexStatus", "IndexSizeBytes", "ItemCount", "Backfilling", "WarmThroughput"}) {
          index.erase(field);
        }
        clean_throughput(index);
      }
      *it = sorted_by(std::move(*it), "IndexName");
    }
  }
  if (auto it = out.find("AttributeDefinitions"); it != out.end()) {
    *it = sorted_by(std::move(*it), "AttributeName");
  }
  return out;
}

}  // namespace ddbmv::dynamodb
