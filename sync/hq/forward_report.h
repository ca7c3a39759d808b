#pragma once
// What the provincial forwarding did, day by day (`hqd forwards`): per hall day of the ratings, how many were sent,
// are held, failed or wait — the report the bureau holds against the platform's own counts, where the platform
// offers no query to reconcile with.
#include <cstdint>
#include <string>
#include <vector>

#include "sync/hq/hq_store.h"
#include "sync/hq/sheet.h"

namespace hq {

// One hall day's ratings by the state of their forward.
struct ForwardDay {
  std::string date;  // YYYY-MM-DD in the hall
  std::int64_t sent = 0, held = 0, failed = 0, pending = 0;
};

// The days from `from` to `to` (YYYY-MM-DD, both included; "" unbounded) that have forwards, oldest first.
std::vector<ForwardDay> forward_days(HqStore& store, const std::string& from, const std::string& to);
// The same as the sheet the console downloads (CSV), its title naming the period.
Sheet forward_days_sheet(const std::vector<ForwardDay>& days, const std::string& from, const std::string& to);

}  // namespace hq
