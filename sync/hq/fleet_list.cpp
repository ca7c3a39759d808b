#include "sync/hq/fleet_list.h"

#include <nlohmann/json.hpp>

#include "sync/common/civil_time.h"

namespace hq {
namespace {

std::string when(std::int64_t t) { return t > 0 ? common::format_timestamp_utc(t) : std::string("never"); }

}  // namespace

std::string fleet_list(HqStore& store, bool json) {
  const auto kiosks = store.kiosk_states();
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& k : kiosks) {
      nlohmann::json gaps = nlohmann::json::array();
      for (const auto& g : k.sequence.gaps) gaps.push_back({g.first, g.last});
      nlohmann::json events = nlohmann::json::array();
      for (const auto& e : k.events)
        events.push_back({{"at", when(e.at)}, {"kind", protocol::to_string(e.kind)}, {"file", e.file}, {"detail", e.detail}});
      out.push_back({{"device", k.device_id},
                     {"reported_at", k.reported_at > 0 ? nlohmann::json(when(k.reported_at)) : nlohmann::json()},
                     {"storage", k.storage.empty() ? nlohmann::json() : nlohmann::json(k.storage)},
                     {"storage_since", k.storage_since > 0 ? nlohmann::json(when(k.storage_since)) : nlohmann::json()},
                     {"records", k.records},
                     {"last_seq", k.sequence.last_seq},
                     {"gaps", std::move(gaps)},
                     {"events", std::move(events)}});
    }
    return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  }
  std::string out;
  for (const auto& k : kiosks) {
    out += k.device_id + ": last report " + when(k.reported_at) + ", storage " +
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

}  // namespace hq
