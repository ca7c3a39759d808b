#include "sync/hq/fleet_list.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "sync/common/civil_time.h"
#include "sync/hq/console_api.h"

namespace hq {
namespace {

std::string when(std::int64_t t) { return t > 0 ? common::format_timestamp_utc(t) : std::string("never"); }

// "2026-11-27 10:20" in the hall's time, or null for never.
nlohmann::json local(std::int64_t t, int offset) {
  if (t <= 0) return nullptr;
  const auto c = common::to_civil(t, offset);
  return c.date() + " " + c.hhmm();
}

// One kiosk as JSON; times as UTC timestamps, and with `offset` also in the hall's time (`…_local`).
nlohmann::json kiosk_json(const HqStore::KioskState& k, const int* offset) {
  nlohmann::json gaps = nlohmann::json::array();
  for (const auto& g : k.sequence.gaps) gaps.push_back({g.first, g.last});
  nlohmann::json events = nlohmann::json::array();
  for (const auto& e : k.events) {
    nlohmann::json ev = {{"at", when(e.at)}, {"kind", protocol::to_string(e.kind)}, {"file", e.file},
                         {"detail", e.detail}};
    if (offset) ev["at_local"] = local(e.at, *offset);
    events.push_back(std::move(ev));
  }
  nlohmann::json out = {{"device", k.device_id},
                        {"reported_at", k.reported_at > 0 ? nlohmann::json(when(k.reported_at)) : nlohmann::json()},
                        {"version", k.version.empty() ? nlohmann::json() : nlohmann::json(k.version)},
                        {"storage", k.storage.empty() ? nlohmann::json() : nlohmann::json(k.storage)},
                        {"storage_since", k.storage_since > 0 ? nlohmann::json(when(k.storage_since)) : nlohmann::json()},
                        {"records", k.records},
                        {"last_seq", k.sequence.last_seq},
                        {"gaps", std::move(gaps)},
                        {"missing", protocol::describe_gaps(k.sequence.gaps)},
                        {"events", std::move(events)}};
  if (offset) {
    out["reported_at_local"] = local(k.reported_at, *offset);
    out["storage_since_local"] = local(k.storage_since, *offset);
  }
  return out;
}

}  // namespace

std::string fleet_list(HqStore& store, bool json) {
  const auto kiosks = store.kiosk_states();
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& k : kiosks) out.push_back(kiosk_json(k, nullptr));
    return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  std::string out;
  for (const auto& k : kiosks) {
    out += k.device_id + ": last report " + when(k.reported_at) +
           (k.version.empty() ? "" : ", version " + k.version) + ", storage " +
           (k.storage.empty() ? std::string("unknown") : k.storage) +
           (k.storage_since > 0 && k.storage != "ok" ? " since " + when(k.storage_since) : "") + ", " +
           std::to_string(k.records) + " records, last number " + std::to_string(k.sequence.last_seq) +
           (k.sequence.gaps.empty() ? ", no gaps" : ", missing " + protocol::describe_gaps(k.sequence.gaps)) + "\n";
    for (const auto& e : k.events)
      out += "  " + when(e.at) + " " + protocol::to_string(e.kind) + (e.file.empty() ? "" : " " + e.file) +
             (e.detail.empty() ? "" : ": " + e.detail) + "\n";
  }
  return out;
}

void add_fleet_routes(httplib::Server& server, HqStore& store) {
  server.Get("/v1/console/fleet", [&store](const httplib::Request& req, httplib::Response& res) {
    api_call(store, req, res, Access::read, [&](const Principal&) {
      const int offset = store.hall_clock().utc_offset_minutes();
      nlohmann::json list = nlohmann::json::array();
      const std::int64_t now = store.hall_clock().now();
      for (const auto& k : store.kiosk_states()) {
        nlohmann::json j = kiosk_json(k, &offset);
        j["minutes_since_report"] = k.reported_at > 0 ? nlohmann::json((now - k.reported_at) / 60) : nlohmann::json();
        list.push_back(std::move(j));
      }
      answer_json(res, 200, {{"kiosks", std::move(list)}, {"now_local", local(store.hall_clock().now(), offset)}});
    });
  });
}

}  // namespace hq
