#include "sync/client/outbox_queue.h"

#include <array>
#include <utility>

namespace sync_client {

using sync_db::Stmt;
using sync_db::Transaction;

namespace {

// The personal-data hook: per record kind, statements that delete personal fields after HQ acked the
// record (each takes the record's UUID as ?1; they run in the ack's transaction). checkin and checkout
// carry none; a rating's call-back phone and a report's name and phone leave the kiosk here.
constexpr std::array<std::pair<const char*, const char*>, 4> kScrubAfterAck = {{
    {"rating", "UPDATE ratings SET phone=NULL WHERE uuid=?1"},
    {"rating", "UPDATE outbox SET payload=json_remove(payload,'$.phone') WHERE uuid=?1"},
    {"report", "UPDATE reports SET phone=NULL, name=NULL WHERE uuid=?1"},
    {"report", "UPDATE outbox SET payload=json_remove(payload,'$.phone','$.name') WHERE uuid=?1"},
}};

}  // namespace

OutboxQueue::OutboxQueue(const std::string& db_path) : db_(db_path) {
  // The kiosk creates the table; a file without it is not a kiosk database.
  Stmt s(db_, "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='outbox'");
  if (!s.step() || s.integer(0) == 0)
    throw sync_db::DbError(db_path + " is not a kiosk database (no outbox table); start the kiosk once first");
}

std::vector<OutboxRow> OutboxQueue::due(std::int64_t now_ms, int limit) {
  Stmt s(db_,
         "SELECT uuid, kind, created_at, payload, attempts FROM outbox WHERE state='pending' AND "
         "next_attempt_at * 1000 <= ? ORDER BY created_at, rowid LIMIT ?");
  s.bind(1, now_ms).bind(2, limit);
  std::vector<OutboxRow> out;
  while (s.step()) out.push_back({s.text(0), s.text(1), s.integer(2), s.text(3), static_cast<int>(s.integer(4))});
  return out;
}

std::optional<std::int64_t> OutboxQueue::next_attempt_at() {
  Stmt s(db_, "SELECT min(next_attempt_at) FROM outbox WHERE state='pending'");
  if (!s.step() || !s.opt_text(0)) return std::nullopt;
  return s.integer(0);
}

void OutboxQueue::mark_sent(const std::vector<std::string>& uuids, std::int64_t now) {
  if (uuids.empty()) return;
  Transaction t(db_);
  Stmt s(db_,
         "UPDATE outbox SET state='sent', sent_at=?, last_error=NULL, attempts=attempts+1 WHERE uuid=? AND "
         "state='pending'");
  for (const auto& u : uuids) {
    s.bind(1, now).bind(2, u).run();
    if (db_.changes() == 0 || kScrubAfterAck.empty()) continue;
    // Personal fields leave the kiosk once HQ holds them: the kind's scrub statements run in the same
    // transaction as the ack (each takes the record's UUID as ?1).
    Stmt kind(db_, "SELECT kind FROM outbox WHERE uuid=?");
    kind.bind(1, u);
    if (!kind.step()) continue;
    for (const auto& [k, sql] : kScrubAfterAck)
      if (kind.text(0) == k) Stmt(db_, sql).bind(1, u).run();
  }
  t.commit();
}

void OutboxQueue::park(const std::string& uuid, const std::string& reason) {
  Stmt(db_, "UPDATE outbox SET state='parked', attempts=attempts+1, last_error=? WHERE uuid=? AND state='pending'")
      .bind(1, reason).bind(2, uuid).run();
}

void OutboxQueue::defer(const std::vector<std::pair<std::string, std::int64_t>>& next_at, const std::string& error) {
  if (next_at.empty()) return;
  Transaction t(db_);
  Stmt s(db_,
         "UPDATE outbox SET attempts=attempts+1, next_attempt_at=?, last_error=? WHERE uuid=? AND state='pending'");
  for (const auto& [u, at] : next_at) s.bind(1, at).bind(2, error).bind(3, u).run();
  t.commit();
}

void OutboxQueue::hold_all(std::int64_t until) {
  Stmt(db_, "UPDATE outbox SET next_attempt_at=? WHERE state='pending' AND next_attempt_at < ?")
      .bind(1, until).bind(2, until).run();
}

void OutboxQueue::note_error(const std::vector<std::string>& uuids, const std::string& error) {
  Transaction t(db_);
  Stmt s(db_, "UPDATE outbox SET last_error=? WHERE uuid=? AND state='pending'");
  for (const auto& u : uuids) s.bind(1, error).bind(2, u).run();
  t.commit();
}

std::map<std::string, std::vector<std::string>> OutboxQueue::uuids_by_day() {
  std::map<std::string, std::vector<std::string>> out;
  Stmt s(db_, "SELECT created_at, uuid FROM outbox WHERE state IN ('pending','sent')");
  while (s.step()) out[protocol::utc_date(s.integer(0))].push_back(s.text(1));
  return out;
}

int OutboxQueue::resend(const std::vector<std::string>& uuids) {
  Transaction t(db_);
  Stmt s(db_,
         "UPDATE outbox SET state='pending', next_attempt_at=0, sent_at=NULL, last_error='HQ lacked it at "
         "reconciliation' WHERE uuid=? AND state IN ('pending','sent')");
  int n = 0;
  for (const auto& u : uuids) {
    s.bind(1, u).run();
    n += static_cast<int>(db_.changes());
  }
  t.commit();
  return n;
}

int OutboxQueue::unpark() {
  Stmt(db_, "UPDATE outbox SET state='pending', attempts=0, next_attempt_at=0 WHERE state='parked'").run();
  return static_cast<int>(db_.changes());
}

OutboxCounts OutboxQueue::counts(std::int64_t now_ms) {
  OutboxCounts c;
  Stmt s(db_,
         "SELECT count(*) FILTER (WHERE state='pending'), count(*) FILTER (WHERE state='sent'), "
         "count(*) FILTER (WHERE state='parked'), count(*) FILTER (WHERE state='pending' AND next_attempt_at*1000 <= ?) "
         "FROM outbox");
  s.bind(1, now_ms);
  s.step();
  c.pending = s.integer(0);
  c.sent = s.integer(1);
  c.parked = s.integer(2);
  c.due = s.integer(3);
  Stmt e(db_, "SELECT last_error FROM outbox WHERE state='pending' AND last_error IS NOT NULL ORDER BY rowid DESC LIMIT 1");
  if (e.step()) c.last_error = e.opt_text(0);
  return c;
}

}  // namespace sync_client
