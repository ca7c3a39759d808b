#pragma once
// Talking to systemd when it runs us as a service (Type=notify, WatchdogSec=): "ready", "still alive",
// and how often it wants to hear the latter. Outside systemd every call does nothing.
namespace common {

// Tells the service manager that start-up is done (after the kiosk's first frame, when hqd listens).
void service_ready();
// The watchdog's "still alive": call it from the loop whose hang must restart the service.
void service_alive();
// Seconds between two service_alive() calls that keep the watchdog content (half its timeout), 0 when none.
double watchdog_interval();
// Whether a service manager runs us (NOTIFY_SOCKET is set): the kiosk as the hall's appliance.
bool under_service_manager();
// Tells the service manager that we are stopping on purpose.
void service_stopping();

}  // namespace common
