#pragma once
// The sync side of the kiosk's outbox table (the schema belongs to kiosk/core's Store): which rows are
// due, and marking them sent, parked or deferred. Its own SQLite connection, for the sync thread.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sync/common/sqlite_db.h"
#include "sync/protocol/records.h"

namespace sync_client {

// One outbox row waiting to go.
struct OutboxRow {
  std::string uuid;
  std::string kind;
  std::int64_t created_at = 0;  // unix seconds
  std::string payload;          // the record's JSON body
  int attempts = 0;
};

// How many rows are in each state, for status and tests.
struct OutboxCounts {
  std::int64_t pending = 0, sent = 0, parked = 0;
  std::int64_t due = 0;  // pending and due now
  std::optional<std::string> last_error;
};

class OutboxQueue {
 public:
  explicit OutboxQueue(const std::string& db_path);
  // Pending rows whose next attempt is due at now_ms, oldest first.
  std::vector<OutboxRow> due(std::int64_t now_ms, int limit);
  // The earliest next attempt (unix seconds) of any pending row.
  std::optional<std::int64_t> next_attempt_at();
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
  // An operator's decision: parked rows go back to the queue (e.g. after HQ learnt a new kind).
  int unpark();

 private:
  sync_db::Db db_;
};

}  // namespace sync_client
