#include "migrate/copy/change_sink.h"

#include <algorithm>
#include <future>
#include <vector>

namespace ddbmv::migrate {
namespace {

class BatchChangeSink final : public ChangeSink {
 public:
  BatchChangeSink(const TableDataPlane& plane, std::string table, const Clock& clock, int parallel_batches)
      : m_writer(plane, std::move(table), clock, nullptr), m_parallel(std::max(1, parallel_batches)) {}

  Result<void> write(std::span<const WriteRequest> requests) override {
    std::vector<std::span<const WriteRequest>> batches;
    for (std::size_t at = 0; at < requests.size(); at += kMaxBatchItems) {
      batches.push_back(requests.subspan(at, std::min(kMaxBatchItems, requests.size() - at)));
    }
    // Waves of up to m_parallel batches; every batch is written (or failed) before returning.
    for (std::size_t wave = 0; wave < batches.size(); wave += static_cast<std::size_t>(m_parallel)) {
      std::size_t end = std::min(batches.size(), wave + static_cast<std::size_t>(m_parallel));
      if (end - wave == 1) {
        if (auto written = m_writer.write(batches[wave]); !written) {
          return written;
        }
        continue;
      }
      std::vector<std::future<Result<void>>> pending;
      for (std::size_t i = wave; i < end; ++i) {
        pending.push_back(
            std::async(std::launch::async, [this, batch = batches[i]] { return m_writer.write(batch); }));
      }
      Result<void> outcome;
      for (auto& future : pending) {
        auto written = future.get();
        if (!written && outcome) {
          outcome = std::move(written);
        }
      }
      if (!outcome) {
        return outcome;
      }
    }
    return {};
  }

 private:
  BatchWriter m_writer;
  int m_parallel;
};

class ClientItemReader final : public SourceItemReader {
 public:
  ClientItemReader(const dynamodb::Client& client, std::string table)
      : m_client(client), m_table(std::move(table)) {}

  Result<std::optional<nlohmann::json>> get_item(const nlohmann::json& key) override {
    auto item = m_client.get_item(m_table, key, true);
    if (!item) {
      return std::unexpected(item.error().to_error());
    }
    return *item;
  }

 private:
  const dynamodb::Client& m_client;
  std::string m_table;
};

}  // namespace

std::unique_ptr<ChangeSink> make_batch_change_sink(const TableDataPlane& plane, std::string table,
                                                   const Clock& clock, int parallel_batches) {
  return std::make_unique<BatchChangeSink>(plane, std::move(table), clock, parallel_batches);
}

std::unique_ptr<SourceItemReader> make_source_item_reader(const dynamodb::Client& client, std::string table) {
  return std::make_unique<ClientItemReader>(client, std::move(table));
}

}  // namespace ddbmv::migrate
