#pragma once
// The kiosk's outbox as the sync worker and kiosk-sync see it: which records are due, and marking them sent
// (their personal fields then leave the kiosk), parked, deferred or back in the queue. A row's state is one of
// `pending` (to send, not before next_attempt_at), `sent` (HQ has it) and `parked` (HQ refused it as invalid:
// kept for an operator, never retried until unparked); attempts, next_attempt_at and last_error are columns a
// person can query. The backoff itself is the sync client's (sync_client::backoff_ms). Reached through
// Store::outbox(), on the Store's connection. No row waits more than kLongestWaitSeconds from now: a stored wait
// beyond that (a hold written by an older kiosk that honoured any Retry-After, or a clock since set back) counts
// as due, so nothing HQ said can hold the queue for longer.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sync/common/sqlite_db.h"

namespace core {

// The longest any pending row waits: the cap on HQ's Retry-After and on the configured backoff (an hour).
inline constexpr std::int64_t kLongestWaitSeconds = 3600;

// One outbox row waiting to go.
struct OutboxRow {
  std::string uuid;
  std::string kind;
  std::int64_t created_at = 0;  // unix seconds
  std::string payload;          // the record's JSON body
  int attempts = 0;
  std::optional<std::int64_t> seq;  // the kiosk's record number (sync/protocol RecordEnvelope::seq)
};

// How many rows are in each state, for status and tests.
struct OutboxCounts {
  std::int64_t pending = 0, sent = 0, parked = 0;
  std::int64_t due = 0;  // pending and due now
  std::optional<std::int64_t> oldest_pending_at;  // created_at (unix seconds) of the oldest pending row
  std::optional<std::string> last_error;
};

class Outbox {
 public:
  explicit Outbox(sync_db::Db& db) : db_(db) {}
  // Pending rows whose next attempt is due at now_ms (or absurdly far off, see above), oldest first.
  std::vector<OutboxRow> due(std::int64_t now_ms, int limit);
  // The earliest next attempt (unix seconds) of any pending row.
  std::optional<std::int64_t> next_attempt_at();
  // HQ has these records (unix seconds): sent, and their personal fields deleted in the same transaction.
  void mark_sent(const std::vector<std::string>& uuids, std::int64_t now);
  void park(const std::string& uuid, const std::string& reason);
  // A failed attempt: attempts+1 and the next attempt at the time the caller computed per row.
  void defer(const std::vector<std::pair<std::string, std::int64_t>>& next_at, const std::string& error);
  // HQ is failing: no pending row is tried before `until` (unix seconds); attempts stay as they are.
  void hold_all(std::int64_t until);
  void note_error(const std::vector<std::string>& uuids, const std::string& error);
  // Sent or pending rows (not parked) per UTC day of created_at.
  std::map<std::string, std::vector<std::string>> uuids_by_day();
  // Puts rows HQ lacks back in the queue, due now; returns how many changed.
  int resend(const std::vector<std::string>& uuids);
  OutboxCounts counts(std::int64_t now_ms);
  // An operator's decision: parked rows go back to the queue (e.g. after HQ learnt a new kind), and rows held back
  // by a backoff or a Retry-After past `now` (unix seconds) are due now; returns how many rows that made due.
  int unpark(std::int64_t now);

 private:
  sync_db::Db& db_;
};

}  // namespace core
