#pragma once
// Reads command lines from standard input on a thread of its own and hands each to a callback (which
// posts it to the UI queue): how the real-loop tests tap the running kiosk (`kiosk --headless --control`).
#include <poll.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <string>
#include <thread>

namespace app {

class StdinControl {
 public:
  explicit StdinControl(std::function<void(std::string)> on_line) : on_line_(std::move(on_line)) {
    thread_ = std::thread([this] {
      std::string line;
      while (!stop_) {
        pollfd p{STDIN_FILENO, POLLIN, 0};
        if (poll(&p, 1, 100) <= 0) continue;  // wakes to look at stop_ ten times a second
        char buf[256];
        const ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
        if (n <= 0) return;  // end of input: the kiosk goes on by itself
        for (ssize_t i = 0; i < n; ++i) {
          if (buf[i] != '\n') {
            line += buf[i];
          } else {
            on_line_(line);
            line.clear();
          }
        }
      }
    });
  }
  ~StdinControl() {
    stop_ = true;
    thread_.join();
  }
  StdinControl(const StdinControl&) = delete;
  StdinControl& operator=(const StdinControl&) = delete;

 private:
  std::function<void(std::string)> on_line_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace app
