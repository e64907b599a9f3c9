#include "migrate/plan/plan_writer.h"

#include <fmt/core.h>

#include <vector>

#include "migrate/plan/plan_markdown.h"
#include "util/atomic_file.h"

namespace ddbmv::migrate {

Result<void> write_plan_directory(const std::filesystem::path& dir, const Plan& plan, bool overwrite) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (fs::exists(dir / "plan.json", error) && !overwrite) {
    return fail("PlanExists", fmt::format("{} already holds a plan", (dir / "plan.json").string()),
                "choose another --out directory, or pass --force to replace it");
  }
  bool created_dir = !fs::exists(dir, error);
  fs::create_directories(dir / "specs", error);
  if (error) {
    return fail("FileWriteFailed",
                fmt::format("cannot create directory {}: {}", (dir / "specs").string(), error.message()),
                "check the --out path and its permissions");
  }
  std::vector<std::pair<fs::path, std::string>> files;
  for (const auto& table : plan.tables) {
    files.emplace_back(dir / "specs" / (table.target + ".json"), table.spec.dump(2) + "\n");
  }
  files.emplace_back(dir / "plan.md", render_plan_markdown(plan, dir.string()));
  files.emplace_back(dir / "plan.json", to_json(plan).dump(2) + "\n");
  std::vector<fs::path> written;
  for (const auto& [path, contents] : files) {
    bool existed = fs::exists(path, error);
    auto result = write_file_atomically(path, contents);
    if (!result) {
      for (const auto& done : written) {
        fs::remove(done, error);
      }
      if (created_dir) {
        fs::remove_all(dir, error);
      }
      return result;
    }
    if (!existed) {
      written.push_back(path);
    }
  }
  return {};
}

}  // namespace ddbmv::migrate
