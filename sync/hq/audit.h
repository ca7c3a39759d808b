#pragma once
// The audit log: every change made through the console, the admin API or the casework CLI, and every reveal of
// personal data (who, when, what, before → after), kept forever in its own table.
#include <string>

#include "sync/common/sqlite_db.h"
#include "sync/hq/hall_clock.h"
#include "sync/hq/hq_store.h"
#include "sync/hq/principal.h"

namespace hq {

// Writes one entry (takes the store's lock; use the Db& form inside store.locked).
void audit(HqStore& store, const Principal& who, const std::string& action, const std::string& object,
           const std::string& before, const std::string& after);
// The same within a transaction already holding the store's lock, so the entry commits with the change.
void audit(sync_db::Db& db, const HallClock& clock, const Principal& who, const std::string& action,
           const std::string& object, const std::string& before, const std::string& after);

}  // namespace hq
