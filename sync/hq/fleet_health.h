#pragma once
// What HQ makes of its kiosks' reports: which kiosk is silent, holds parked records or has records waiting too long.
// The 设备 page, `hqd kiosks` and the fleet alerts (alert_raising.h) all ask here, so they never disagree.
#include <cstdint>
#include <optional>
#include <vector>

#include "sync/common/sqlite_db.h"
#include "sync/hq/hq_store.h"

namespace hq {

// A kiosk not heard from for this long is silent (it reports at least every few minutes while it runs).
inline constexpr std::int64_t kSilentSeconds = 30 * 60;
// A backlog whose oldest record has waited this long is alerted.
inline constexpr std::int64_t kBacklogSeconds = 60 * 60;

// A kiosk's troubles at a moment, each with when it began (that time names the episode: it alerts once).
struct KioskHealth {
  std::optional<std::int64_t> silent_since;   // its last report, or its enrolment when it never reported
  std::optional<std::int64_t> parked_since;   // it reports records HQ refused, since then
  std::optional<std::int64_t> backlog_since;  // its oldest record to send was made then, over kBacklogSeconds ago
  bool troubled() const { return silent_since || parked_since || backlog_since; }
};
KioskHealth health_of(const HqStore::KioskState& kiosk, std::int64_t now);

// Every enrolled kiosk (revoked ones marked) with its last report, without sequence, events or record count, on the
// caller's connection (sync/hq/fleet_status.cpp).
std::vector<HqStore::KioskState> kiosk_reports(sync_db::Db& db);

}  // namespace hq
