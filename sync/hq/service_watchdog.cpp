#include "sync/hq/service_watchdog.h"

#include <httplib.h>

#include <chrono>

#include "sync/common/service_manager.h"

namespace hq {

ServiceWatchdog::ServiceWatchdog(const std::string& bind, int port) {
  const double interval = common::watchdog_interval();
  if (interval <= 0) return;
  const std::string host = bind == "0.0.0.0" || bind.empty() ? "127.0.0.1" : bind == "::" ? "::1" : bind;
  thread_ = std::thread([this, host, port, interval] {
    httplib::Client probe(host, port);
    const auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::duration<double>(interval));
    probe.set_connection_timeout(wait);
    probe.set_read_timeout(wait);
    std::unique_lock<std::mutex> lock(mutex_);
    while (!wake_.wait_for(lock, wait, [this] { return stopping_; })) {
      lock.unlock();
      const auto answer = probe.Get("/v1/health");
      if (answer && answer->status == 200) common::service_alive();
      lock.lock();
    }
  });
}

ServiceWatchdog::~ServiceWatchdog() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace hq
