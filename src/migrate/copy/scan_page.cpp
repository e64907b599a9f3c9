#include "migrate/copy/scan_page.h"

#include "migrate/copy/batch_writer.h"
#include "util/raw_json.h"

namespace ddbmv::migrate {
namespace {

constexpr std::string_view kBodyPrefix = R"({"RequestItems":{)";
constexpr std::string_view kPutPrefix = R"({"PutRequest":{"Item":)";
constexpr std::size_t kPerItemOverhead = kPutPrefix.size() + 3;  // "}}" and ','

}  // namespace

std::string build_scan_body(const ScanInput& input) {
  nlohmann::json body = {{"TableName", input.table},
                         {"Segment", input.segment},
                         {"TotalSegments", input.total_segments},
                         {"ConsistentRead", input.consistent_read}};
  if (!input.exclusive_start_key.is_null()) {
    body["ExclusiveStartKey"] = input.exclusive_start_key;
  }
  if (input.limit) {
    body["Limit"] = *input.limit;
  }
  return body.dump();
}

Result<ScannedPage> ScannedPage::parse(std::string body) {
  ScannedPage page;
  page.m_body = std::move(body);
  const std::string_view text(page.m_body);
  auto items = raw_json::find_member(text, "Items");
  if (!items) {
    return fail("InvalidResponse", "a Scan response has no readable Items");
  }
  auto elements = raw_json::elements(*items);
  if (!elements) {
    return fail("InvalidResponse", "a Scan response's Items is not an array");
  }
  page.m_items.reserve(elements->size());
  for (auto element : *elements) {
    page.m_items.emplace_back(static_cast<std::size_t>(element.data() - text.data()), element.size());
  }
  if (auto key = raw_json::find_member(text, "LastEvaluatedKey")) {
    page.m_last_evaluated_key = nlohmann::json::parse(*key, nullptr, false);
    if (page.m_last_evaluated_key.is_discarded() || !page.m_last_evaluated_key.is_object()) {
      return fail("InvalidResponse", "a Scan response's LastEvaluatedKey is not an object");
    }
  }
  return page;
}

std::vector<std::pair<std::size_t, std::size_t>> plan_batches(const ScannedPage& page) {
  std::vector<std::pair<std::size_t, std::size_t>> batches;
  const std::size_t budget = kMaxBatchBytes - 1024;  // room for the envelope and table name
  std::size_t first = 0;
  std::size_t bytes = 0;
  for (std::size_t i = 0; i < page.size(); ++i) {
    const std::size_t item_bytes = page.item(i).size() + kPerItemOverhead;
    if (i > first && (i - first == kMaxBatchItems || bytes + item_bytes > budget)) {
      batches.emplace_back(first, i);
      first = i;
      bytes = 0;
    }
    bytes += item_bytes;
  }
  if (first < page.size()) {
    batches.emplace_back(first, page.size());
  }
  return batches;
}

std::string build_put_body(std::string_view table_json, const ScannedPage& page, std::size_t first,
                           std::size_t last) {
  std::size_t size = kBodyPrefix.size() + table_json.size() + 8;
  for (std::size_t i = first; i < last; ++i) {
    size += page.item(i).size() + kPerItemOverhead;
  }
  std::string body;
  body.reserve(size);
  body += kBodyPrefix;
  body += table_json;
  body += ":[";
  for (std::size_t i = first; i < last; ++i) {
    if (i > first) {
      body += ',';
    }
    body += kPutPrefix;
    body += page.item(i);
    body += "}}";
  }
  body += "]}}";
  return body;
}

}  // namespace ddbmv::migrate
