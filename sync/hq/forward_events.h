#pragma once
// The forwarding's second outbox (schema 25, table `forward_events`): what follows a rating, queued in the SAME
// transaction as the change it reports — a citizen's rating of a 办不成事's handling (kind "handling", subject the
// receipt, forwarded as an evaluation whose 办件编号 is the receipt), and a 差评's 整改 fed back ("answered") and first
// 回访 ("revisited"), subject the 差评's UUID, forwarded as results once the 差评 itself has reached the platform.
// Each is sent under a UUID derived from its kind and subject, so a retry is the same record to the platform.
#include <cstdint>
#include <string>

#include "sync/common/sqlite_db.h"

namespace hq {

// The UUID the platform knows the event `kind` of `subject` by (always the same for the same two).
std::string forward_event_id(const std::string& kind, const std::string& subject);

// Queues the event in the caller's transaction; a second one of the same kind and subject adds nothing (the first
// 回访 is the one forwarded).
void queue_forward_event(sync_db::Db& db, const std::string& kind, const std::string& subject, const std::string& note,
                         const std::string& happened_at, std::int64_t now_ms);

}  // namespace hq
