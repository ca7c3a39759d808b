// The layers keep their rules (README, layout): kiosk/ui includes kiosk/core and nothing from sync/, and no
// database, network or wire-JSON header; kiosk/core includes no ImGui, SDL or libcurl. Read from the sources.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <vector>

namespace {

// Each `#include` in the C++ files under `dir` whose target starts with one of `banned`, as "file:line: text".
std::vector<std::string> banned_includes(const std::string& dir, const std::vector<std::string>& banned) {
  std::vector<std::string> found;
  const std::regex include(R"re(^\s*#\s*include\s*[<"]([^>"]+)[>"])re");
  const std::string root = std::string(KIOSK_SOURCE_DIR) + "/";
  for (const auto& e : std::filesystem::recursive_directory_iterator(root + dir)) {
    const auto ext = e.path().extension();
    if (ext != ".cpp" && ext != ".h") continue;
    std::ifstream in(e.path());
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
      std::smatch m;
      if (!std::regex_search(line, m, include)) continue;
      for (const auto& b : banned)
        if (m[1].str().rfind(b, 0) == 0)
          found.push_back(std::filesystem::relative(e.path(), root).string() + ":" + std::to_string(n) + ": " +
                          line);
    }
  }
  return found;
}

std::string lines(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += s + "\n";
  return out;
}

TEST(Layers, UiIncludesOnlyKioskCoreOfOurs) {
  const auto found = banned_includes("kiosk/ui", {"sync/", "kiosk/app/", "sqlite3.h", "curl/", "httplib.h",
                                                  "nlohmann/"});
  EXPECT_TRUE(found.empty()) << "kiosk/ui must use kiosk/core only (no sync/, SQL, HTTP or wire JSON):\n"
                             << lines(found);
}

TEST(Layers, CoreIncludesNoScreenOrNetwork) {
  const auto found = banned_includes("kiosk/core", {"kiosk/ui/", "kiosk/app/", "imgui", "SDL", "curl/"});
  EXPECT_TRUE(found.empty()) << "kiosk/core must not include ImGui, SDL, libcurl or the kiosk's UI:\n"
                             << lines(found);
}

// The check itself finds an include, so an empty answer above means something.
TEST(Layers, TheCheckSeesIncludes) {
  EXPECT_FALSE(banned_includes("kiosk/ui", {"kiosk/core/"}).empty());
  EXPECT_FALSE(banned_includes("kiosk/ui", {"imgui.h"}).empty());
}

}  // namespace
