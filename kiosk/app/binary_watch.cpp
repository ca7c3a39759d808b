#include "kiosk/app/binary_watch.h"

#include <sys/stat.h>

#include <filesystem>

namespace app {

BinaryWatch::BinaryWatch() {
  std::error_code ec;
  path_ = std::filesystem::read_symlink("/proc/self/exe", ec).string();
  struct stat st {};
  if (ec || ::stat(path_.c_str(), &st) != 0) {
    path_.clear();
    return;
  }
  dev_ = st.st_dev;
  ino_ = st.st_ino;
  ctime_ = st.st_ctim;
}

bool BinaryWatch::replaced() const {
  if (path_.empty()) return false;
  struct stat st {};
  if (::stat(path_.c_str(), &st) != 0) return true;
  return st.st_dev != dev_ || st.st_ino != ino_ || st.st_ctim.tv_sec != ctime_.tv_sec ||
         st.st_ctim.tv_nsec != ctime_.tv_nsec;
}

}  // namespace app
