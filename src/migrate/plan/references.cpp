#include "migrate/plan/references.h"

namespace ddbmv::migrate {

ReferenceIndex::ReferenceIndex(const std::vector<TableInventory>& tables) {
  for (const auto& table : tables) {
    m_targets.emplace(table.name, Target{table.name, ReferenceKind::kTableName});
    std::string arn = table.arn();
    if (arn.empty()) {
      continue;
    }
    m_targets.emplace(arn, Target{table.name, ReferenceKind::kTableArn});
    for (const auto& index : table.index_names()) {
      m_targets.emplace(arn + "/index/" + index, Target{table.name, ReferenceKind::kIndexArn});
    }
    if (std::string stream = table.stream_arn(); !stream.empty()) {
      m_targets.emplace(stream, Target{table.name, ReferenceKind::kStreamArn});
    }
  }
}

std::optional<Reference> ReferenceIndex::match(const std::string& variable, const std::string& value) const {
  auto it = m_targets.find(value);
  if (it == m_targets.end()) {
    return std::nullopt;
  }
  return Reference{variable, value, it->second.table, it->second.kind};
}

std::vector<Reference> ReferenceIndex::find(const lambda::Environment& environment) const {
  std::vector<Reference> out;
  for (const auto& [variable, value] : environment) {  // a std::map: already sorted by name
    if (auto reference = match(variable, value)) {
      out.push_back(std::move(*reference));
    }
  }
  return out;
}

std::vector<std::string> variable_names(const lambda::Environment& environment) {
  std::vector<std::string> out;
  out.reserve(environment.size());
  for (const auto& entry : environment) {
    out.push_back(entry.first);
  }
  return out;
}

}  // namespace ddbmv::migrate
