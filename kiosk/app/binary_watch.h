#pragma once
// Whether the file this process was started from has since been replaced or removed (a package upgrade).
#include <sys/types.h>

#include <ctime>
#include <string>

namespace app {

// Notes the running binary's file when made; replaced() compares the path's file with it. A package upgrade
// unpacks the new binary beside the old one and renames it over the path. The inode and its change time are
// compared, not /proc's " (deleted)" mark, which some filesystems (sandboxes, overlays) never show.
class BinaryWatch {
 public:
  BinaryWatch();
  bool replaced() const;

 private:
  std::string path_;  // empty when the running file could not be found (then never "replaced")
  dev_t dev_ = 0;
  ino_t ino_ = 0;
  timespec ctime_{};
};

}  // namespace app
