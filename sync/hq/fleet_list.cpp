#include "sync/hq/fleet_list.h"

#include <httplib.h>

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "sync/common/civil_time.h"
#include "sync/hq/console_api.h"
#include "sync/hq/fleet_health.h"

namespace hq {
namespace {

std::string when(std::int64_t t) { return t > 0 ? common::format_timestamp_utc(t) : std::string("never"); }

// "2026-11-27 10:20" in the hall's time, or null for never.
nlohmann::json local(std::int64_t t, int offset) {
  if (t <= 0) return nullptr;
  const auto c = common::to_civil(t, offset);
  return c.date() + " " + c.hhmm();
}

template <typename T>
nlohmann::json or_null(const std::optional<T>& v) {
  return v ? nlohmann::json(*v) : nlohmann::json();
}

// One kiosk as JSON at `now`; times as UTC timestamps, and with `offset` also in the hall's time (`…_local`).
nlohmann::json kiosk_json(const HqStore::KioskState& k, std::int64_t now, const int* offset) {
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
                        {"events", std::move(events)},
                        {"kiosk_number", k.kiosk_number},
                        {"hall", k.hall},
                        {"pending", or_null(k.pending)},
                        {"parked", or_null(k.parked)},
                        {"oldest_pending_minutes",
                         k.oldest_pending_at ? nlohmann::json(std::max<std::int64_t>(0, now - *k.oldest_pending_at) / 60)
                                             : nlohmann::json()},
                        {"free_bytes", or_null(k.free_bytes)},
                        {"last_error", k.last_error.empty() ? nlohmann::json() : nlohmann::json(k.last_error)},
                        {"orientation", k.orientation.empty() ? nlohmann::json() : nlohmann::json(k.orientation)}};
  // HQ's judgement, the same as its alerts': silent (no report for 30 minutes), parked records, an hour-old backlog.
  const KioskHealth h = health_of(k, now);
  out["silent"] = h.silent_since.has_value();
  out["parked_alert"] = h.parked_since.has_value();
  out["backlog_alert"] = h.backlog_since.has_value();
  out["troubled"] = h.troubled() || k.reported_at == 0 || !k.sequence.gaps.empty() || (!k.storage.empty() && k.storage != "ok");
  if (offset) {
    out["reported_at_local"] = local(k.reported_at, *offset);
    out["storage_since_local"] = local(k.storage_since, *offset);
    out["silent_since_local"] = h.silent_since ? local(*h.silent_since, *offset) : nlohmann::json();
  }
  return out;
}

// "12.3 GB" (decimal units, as disks are sold).
std::string bytes_text(std::int64_t b) {
  const char* units[] = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
  double v = static_cast<double>(b);
  int u = 0;
  while (v >= 1000 && u < 6) {
    v /= 1000;
    ++u;
  }
  char out[32];
  if (u == 0) std::snprintf(out, sizeof out, "%.0f %s", v, units[u]);
  else std::snprintf(out, sizeof out, "%.1f %s", v, units[u]);
  return out;
}

}  // namespace

std::string fleet_list(HqStore& store, bool json) {
  const auto kiosks = store.kiosk_states();
  const std::int64_t now = store.clock().now();
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& k : kiosks) out.push_back(kiosk_json(k, now, nullptr));
    return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  std::string out;
  for (const auto& k : kiosks) {
    out += k.device_id + ": last report " + when(k.reported_at) +
           (k.version.empty() ? "" : ", version " + k.version) + ", storage " +
           (k.storage.empty() ? std::string("unknown") : k.storage) +
           (k.storage_since > 0 && k.storage != "ok" ? " since " + when(k.storage_since) : "") + ", " +
           std::to_string(k.records) + " records, last number " + std::to_string(k.sequence.last_seq) +
           (k.sequence.gaps.empty() ? ", no gaps" : ", missing " + protocol::describe_gaps(k.sequence.gaps));
    if (k.pending)
      out += ", " + std::to_string(*k.pending) + " pending" +
             (k.oldest_pending_at ? " (oldest " + std::to_string(std::max<std::int64_t>(0, now - *k.oldest_pending_at) / 60) +
                                        " min)"
                                  : "");
    if (k.parked) out += ", " + std::to_string(*k.parked) + " parked";
    if (k.free_bytes) out += ", " + bytes_text(*k.free_bytes) + " free";
    if (!k.orientation.empty()) out += ", " + k.orientation;
    if (!k.last_error.empty()) out += ", last error: " + k.last_error;
    const KioskHealth h = health_of(k, now);
    if (h.silent_since) out += " [SILENT since " + when(*h.silent_since) + "]";
    if (h.parked_since) out += " [PARKED RECORDS]";
    if (h.backlog_since) out += " [BACKLOG over an hour]";
    out += "\n";
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
        nlohmann::json j = kiosk_json(k, now, &offset);
        j["minutes_since_report"] = k.reported_at > 0 ? nlohmann::json((now - k.reported_at) / 60) : nlohmann::json();
        list.push_back(std::move(j));
      }
      answer_json(res, 200, {{"kiosks", std::move(list)},
                             {"now_local", local(store.hall_clock().now(), offset)},
                             {"silent_minutes", kSilentSeconds / 60},
                             {"backlog_minutes", kBacklogSeconds / 60}});
    });
  });
}

}  // namespace hq
