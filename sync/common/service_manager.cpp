#include "sync/common/service_manager.h"

#include <systemd/sd-daemon.h>

#include <cstdint>
#include <cstdlib>

namespace common {

void service_ready() { sd_notify(0, "READY=1"); }

void service_alive() { sd_notify(0, "WATCHDOG=1"); }

void service_stopping() { sd_notify(0, "STOPPING=1"); }

bool under_service_manager() {
  const char* socket = std::getenv("NOTIFY_SOCKET");
  return socket && *socket;
}

double watchdog_interval() {
  std::uint64_t usec = 0;
  if (sd_watchdog_enabled(0, &usec) <= 0 || usec == 0) return 0;
  return static_cast<double>(usec) / 2e6;
}

}  // namespace common
