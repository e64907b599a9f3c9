/// The folders of src/ include only from the folders their library may use (CMakeLists.txt writes
/// the layers to layers.txt): the linker alone misses an upward include of an inline function or a type.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

namespace ddbmv {
namespace {

using Layers = std::map<std::string, std::set<std::string>>;  ///< folder → folders it may include from

Layers read_layers() {
  Layers layers;
  std::ifstream in(DDBMV_LAYERS_FILE);
  for (std::string line; std::getline(in, line);) {
    const auto colon = line.find(':');
    if (colon == std::string::npos)
      continue;
    std::istringstream deps(line.substr(colon + 1));
    auto& allowed = layers[line.substr(0, colon)];
    for (std::string dep; deps >> dep;)
      allowed.insert(dep);
  }
  return layers;
}

/// Every folder `folder` may include from, directly or through the folders it uses.
std::set<std::string> reachable(const Layers& layers, const std::string& folder) {
  std::set<std::string> seen;
  std::vector<std::string> next{folder};
  while (!next.empty()) {
    const std::string at = next.back();
    next.pop_back();
    if (auto found = layers.find(at); found != layers.end()) {
      for (const auto& dep : found->second) {
        if (seen.insert(dep).second)
          next.push_back(dep);
      }
    }
  }
  return seen;
}

TEST(Layers, EveryFolderIsALibraryWithItsLayers) {
  const Layers layers = read_layers();
  ASSERT_FALSE(layers.empty()) << "no layers in " << DDBMV_LAYERS_FILE;
  EXPECT_TRUE(layers.contains("util"));
  EXPECT_TRUE(layers.contains("migrate/plan"));
  const std::filesystem::path src = std::filesystem::path(DDBMV_SOURCE_DIR) / "src";
  for (const auto& entry : std::filesystem::recursive_directory_iterator(src)) {
    if (entry.path().extension() != ".cpp")
      continue;
    const std::string folder = entry.path().parent_path().lexically_relative(src).generic_string();
    if (folder != "cli") {  // cli is the top: the executable's library, not a layer
      EXPECT_TRUE(layers.contains(folder)) << folder << " holds sources but is no library in CMakeLists.txt";
    }
  }
}

TEST(Layers, NoFolderIncludesFromAFolderAboveIt) {
  const Layers layers = read_layers();
  const std::filesystem::path src = std::filesystem::path(DDBMV_SOURCE_DIR) / "src";
  const std::regex include(R"re(^#include "(.+)/[^/]+\.h")re");
  int checked = 0;
  for (const auto& [folder, deps] : layers) {
    const std::set<std::string> allowed = reachable(layers, folder);
    for (const auto& entry : std::filesystem::directory_iterator(src / folder)) {
      std::ifstream in(entry.path());
      for (std::string line; std::getline(in, line);) {
        std::smatch match;
        if (!std::regex_search(line, match, include))
          continue;
        const std::string from = match[1];
        ++checked;
        EXPECT_TRUE(from == folder || allowed.contains(from))
            << entry.path().lexically_relative(src).generic_string() << " includes from " << from
            << ", which " << folder << " does not use (its layers: CMakeLists.txt)";
      }
    }
  }
  EXPECT_GT(checked, 100);
}

}  // namespace
}  // namespace ddbmv
