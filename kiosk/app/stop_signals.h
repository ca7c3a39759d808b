#pragma once
// Turns SIGTERM, SIGINT and SIGHUP into a call on a thread of its own, so a stop request reaches the
// event loop at once (through the UI queue) instead of waiting for its next timer. Create it before any
// other thread: the signals are blocked in the creating thread, and every thread started later inherits that.
#include <pthread.h>
#include <signal.h>

#include <functional>
#include <thread>

namespace app {

class StopSignals {
 public:
  explicit StopSignals(std::function<void(int)> on_stop) : on_stop_(std::move(on_stop)) {
    sigemptyset(&set_);
    for (int s : {SIGTERM, SIGINT, SIGHUP, kWake}) sigaddset(&set_, s);
    pthread_sigmask(SIG_BLOCK, &set_, &previous_);
    thread_ = std::thread([this] {
      for (;;) {
        int s = 0;
        if (sigwait(&set_, &s) != 0 || s == kWake) return;
        on_stop_(s);
      }
    });
  }
  ~StopSignals() {
    pthread_kill(thread_.native_handle(), kWake);
    thread_.join();
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

 private:
  static constexpr int kWake = SIGUSR2;  // ends the waiting thread
  std::function<void(int)> on_stop_;
  sigset_t set_{}, previous_{};
  std::thread thread_;
};

}  // namespace app
