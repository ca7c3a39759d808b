#pragma once
// The fleet list: every enrolled kiosk with its number, hall, the version it last said it runs and when HQ last
// heard from it, for `hqd devices` and GET /v1/console/devices (an upgrade is seen arriving kiosk by kiosk).
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sync/hq/hq_store.h"

namespace httplib {
class Server;
}

namespace hq {

// One enrolled device as the fleet list shows it.
struct FleetDevice {
  std::string id;
  int kiosk_number = 0;
  std::string hall;
  std::string version;            // "" until it has said (a kiosk older than schema 15's hqd, or never connected)
  std::int64_t last_seen_at = 0;  // unix seconds of its last authenticated request (to a minute); 0: never
  std::int64_t enrolled_at = 0;
  bool revoked = false;
  std::int64_t records = 0;  // records HQ holds from it
};

// Every enrolled device, by kiosk number.
std::vector<FleetDevice> fleet(HqStore& store);
// {"devices": [...], "versions": {"0.1.0": 3, "": 1}}: times as UTC ISO 8601 (null for never).
nlohmann::json fleet_json(const std::vector<FleetDevice>& devices);
// The list as `hqd devices` prints it: a header line, then one tab-separated line per device, times in hall time.
std::string fleet_text(const std::vector<FleetDevice>& devices, int utc_offset_minutes);
// GET /v1/console/devices for any signed-in principal (no personal data in it).
void add_fleet_routes(httplib::Server& server, HqStore& store);

}  // namespace hq
