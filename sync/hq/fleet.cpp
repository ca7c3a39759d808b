#include "sync/hq/fleet.h"

#include <httplib.h>

#include <map>

#include "sync/common/civil_time.h"
#include "sync/hq/console_api.h"

namespace hq {

using nlohmann::json;
using sync_db::Stmt;

std::vector<FleetDevice> fleet(HqStore& store) {
  return store.locked([](sync_db::Db& db) {
    std::vector<FleetDevice> out;
    Stmt s(db,
           "SELECT id, coalesce(kiosk_number, 0), coalesce(hall, ''), app_version, last_seen_at, enrolled_at, revoked, "
           "(SELECT count(*) FROM records r WHERE r.device_id = devices.id) FROM devices "
           "ORDER BY coalesce(kiosk_number, 1000), id");
    while (s.step())
      out.push_back({s.text(0), static_cast<int>(s.integer(1)), s.text(2), s.text(3), s.integer(4), s.integer(5),
                     s.integer(6) != 0, s.integer(7)});
    return out;
  });
}

json fleet_json(const std::vector<FleetDevice>& devices) {
  auto when = [](std::int64_t t) { return t ? json(common::format_timestamp_utc(t)) : json(); };
  json list = json::array();
  std::map<std::string, int> versions;
  for (const auto& d : devices) {
    list.push_back({{"id", d.id}, {"kiosk_number", d.kiosk_number}, {"hall", d.hall}, {"version", d.version},
                    {"last_seen_at", when(d.last_seen_at)}, {"enrolled_at", when(d.enrolled_at)},
                    {"revoked", d.revoked}, {"records", d.records}});
    if (!d.revoked) ++versions[d.version];
  }
  return {{"devices", list}, {"versions", versions}};
}

std::string fleet_text(const std::vector<FleetDevice>& devices, int utc_offset_minutes) {
  std::string out = "device\tkiosk number\thall\tversion\tlast seen\trecords\tstate\n";
  for (const auto& d : devices) {
    const auto seen = common::to_civil(d.last_seen_at, utc_offset_minutes);
    out += d.id + "\t" + std::to_string(d.kiosk_number) + "\t" + (d.hall.empty() ? "-" : d.hall) + "\t" +
           (d.version.empty() ? "?" : d.version) + "\t" + (d.last_seen_at ? seen.date() + " " + seen.hhmm() : "never") +
           "\t" + std::to_string(d.records) + "\t" + (d.revoked ? "revoked" : "enrolled") + "\n";
  }
  return out;
}

void add_fleet_routes(httplib::Server& server, HqStore& store) {
  server.Get("/v1/console/devices", [&](const httplib::Request& req, httplib::Response& res) {
    api_call(store, req, res, Access::read, [&](const Principal&) { answer_json(res, 200, fleet_json(fleet(store))); });
  });
}

}  // namespace hq
