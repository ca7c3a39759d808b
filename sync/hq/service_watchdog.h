#pragma once
// hqd under systemd's watchdog: "still alive" only while hqd answers its own /v1/health, so a server whose
// workers are all stuck is restarted, not kept. Does nothing outside systemd (no WatchdogSec=).
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

namespace hq {

class ServiceWatchdog {
 public:
  // Probes http://127.0.0.1:port (or bind, when it is a specific address) every half watchdog period.
  ServiceWatchdog(const std::string& bind, int port);
  ~ServiceWatchdog();  // stops the probing thread
  ServiceWatchdog(const ServiceWatchdog&) = delete;
  ServiceWatchdog& operator=(const ServiceWatchdog&) = delete;

 private:
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace hq
