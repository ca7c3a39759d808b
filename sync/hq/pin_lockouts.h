#pragma once
// HQ's count of every kiosk's wrong PINs per official (records of kind pin_attempt), kept as the rows of table
// "pin_locks" beside the reference rows, so the feed carries each change to every kiosk; and the operator's reset.
#include <cstdint>
#include <string>
#include <vector>

#include "sync/common/sqlite_db.h"
#include "sync/hq/hq_store.h"
#include "sync/protocol/model.h"

namespace hq {

// Counts again the official's attempts received since their last reset (inside the caller's transaction; `seq` stamps a
// changed row for the feed).
void count_pin_attempts(sync_db::Db& db, const std::string& official_id, std::int64_t seq);
// Ends the official's lock and count at `now` (unix seconds; what was received so far no longer counts), inside the
// caller's transaction; every kiosk clears its own count when the feed brings the reset.
void reset_pin_lock(sync_db::Db& db, const std::string& official_id, std::int64_t now, std::int64_t seq);
// The same in a transaction of its own (hqd pin-reset, POST /v1/admin/pin-reset); throws NotFound for an unknown id.
void reset_pin_lock(HqStore& store, const std::string& official_id);
// Officials with wrong PINs counted or locked, for hqd pin-locks.
std::vector<protocol::PinLockRow> pin_locks(HqStore& store);

}  // namespace hq
