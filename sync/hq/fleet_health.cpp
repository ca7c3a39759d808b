// When a kiosk is silent, holds parked records or has an old backlog (fleet_health.h).
#include "sync/hq/fleet_health.h"

namespace hq {

KioskHealth health_of(const HqStore::KioskState& k, std::int64_t now) {
  KioskHealth h;
  if (k.revoked) return h;
  const std::int64_t heard = k.reported_at > 0 ? k.reported_at : k.enrolled_at;
  if (now - heard >= kSilentSeconds) h.silent_since = heard;
  if (k.parked.value_or(0) > 0 && k.parked_since) h.parked_since = k.parked_since;
  if (k.pending.value_or(0) > 0 && k.oldest_pending_at && k.backlog_since && now - *k.oldest_pending_at >= kBacklogSeconds)
    h.backlog_since = k.backlog_since;
  return h;
}

}  // namespace hq
