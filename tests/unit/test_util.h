#pragma once
// Small helpers shared by the unit tests: a fresh temporary folder per test.
#include <filesystem>
#include <string>

#include <unistd.h>

namespace testutil {

// A new empty folder under /tmp, removed when the object goes away.
class TempDir {
 public:
  TempDir() {
    std::string tpl = (std::filesystem::temp_directory_path() / "kiosk-test-XXXXXX").string();
    path_ = mkdtemp(tpl.data());
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace testutil
