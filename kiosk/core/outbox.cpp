#include "kiosk/core/outbox.h"

#include "sync/protocol/record_bodies.h"
#include "sync/protocol/records.h"

namespace core {

using sync_db::Stmt;
using sync_db::Transaction;

namespace {

// This database's copies of a record's personal fields, beside the outbox payload (which the body type scrubs).
void forget_personal_columns(protocol::RecordKind kind, sync_db::Db& db, const std::string& uuid) {
  switch (kind) {
    case protocol::RecordKind::rating: Stmt(db, "UPDATE ratings SET phone=NULL WHERE uuid=?").bind(1, uuid).run(); break;
    case protocol::RecordKind::report:
      Stmt(db, "UPDATE reports SET phone=NULL, name=NULL WHERE uuid=?").bind(1, uuid).run();
      break;
    case protocol::RecordKind::checkin:
    case protocol::RecordKind::checkout:
    case protocol::RecordKind::pin_attempt:
    case protocol::RecordKind::walk: break;
  }
}

// The SQL condition of a pending row due at ?1 (unix ms): its time has come, or it lies further ahead than any wait
// the client asks for (a minute's slack for the rounding of a wait of exactly kLongestWaitSeconds).
const std::string kDueNow = "(next_attempt_at * 1000 <= ?1 OR next_attempt_at * 1000 > ?1 + " +
                            std::to_string((kLongestWaitSeconds + 60) * 1000) + ")";

}  // namespace

std::vector<OutboxRow> Outbox::due(std::int64_t now_ms, int limit) {
  Stmt s(db_, "SELECT uuid, kind, created_at, payload, attempts, seq FROM outbox WHERE state='pending' AND " + kDueNow +
                  " ORDER BY created_at, rowid LIMIT ?2");
  s.bind(1, now_ms).bind(2, limit);
  std::vector<OutboxRow> out;
  while (s.step())
    out.push_back({s.text(0), s.text(1), s.integer(2), s.text(3), static_cast<int>(s.integer(4)), s.opt_integer(5)});
  return out;
}

std::optional<std::int64_t> Outbox::next_attempt_at() {
  Stmt s(db_, "SELECT min(next_attempt_at) FROM outbox WHERE state='pending'");
  if (!s.step() || !s.opt_text(0)) return std::nullopt;
  return s.integer(0);
}

void Outbox::mark_sent(const std::vector<std::string>& uuids, std::int64_t now) {
  if (uuids.empty()) return;
  Transaction t(db_);
  Stmt s(db_,
         "UPDATE outbox SET state='sent', sent_at=?, last_error=NULL, attempts=attempts+1 WHERE uuid=? AND "
         "state='pending'");
  Stmt read(db_, "SELECT kind, payload FROM outbox WHERE uuid=?");
  Stmt scrub(db_, "UPDATE outbox SET payload=? WHERE uuid=?");
  for (const auto& u : uuids) {
    s.bind(1, now).bind(2, u).run();
    if (db_.changes() == 0) continue;
    // Personal fields leave the kiosk once HQ holds them, in the ack's transaction; which fields are personal
    // is the body type's business (protocol::forget_personal).
    read.bind(1, u);
    if (read.step()) {
      const auto kind = protocol::from_string<protocol::RecordKind>(read.text(0));
      const std::string payload = read.text(1);
      if (kind) {
        const std::string kept = protocol::without_personal(*kind, payload);
        if (kept != payload) {
          scrub.bind(1, kept).bind(2, u).run();
          forget_personal_columns(*kind, db_, u);
        }
      }
    }
    read.reset();
  }
  t.commit();
}

void Outbox::park(const std::string& uuid, const std::string& reason) {
  Stmt(db_, "UPDATE outbox SET state='parked', attempts=attempts+1, last_error=? WHERE uuid=? AND state='pending'")
      .bind(1, reason).bind(2, uuid).run();
}

void Outbox::defer(const std::vector<std::pair<std::string, std::int64_t>>& next_at, const std::string& error) {
  if (next_at.empty()) return;
  Transaction t(db_);
  Stmt s(db_,
         "UPDATE outbox SET attempts=attempts+1, next_attempt_at=?, last_error=? WHERE uuid=? AND state='pending'");
  for (const auto& [u, at] : next_at) s.bind(1, at).bind(2, error).bind(3, u).run();
  t.commit();
}

void Outbox::hold_all(std::int64_t until) {
  Stmt(db_, "UPDATE outbox SET next_attempt_at=? WHERE state='pending' AND next_attempt_at < ?")
      .bind(1, until).bind(2, until).run();
}

void Outbox::note_error(const std::vector<std::string>& uuids, const std::string& error) {
  Transaction t(db_);
  Stmt s(db_, "UPDATE outbox SET last_error=? WHERE uuid=? AND state='pending'");
  for (const auto& u : uuids) s.bind(1, error).bind(2, u).run();
  t.commit();
}

std::map<std::string, std::vector<std::string>> Outbox::uuids_by_day() {
  std::map<std::string, std::vector<std::string>> out;
  Stmt s(db_, "SELECT created_at, uuid FROM outbox WHERE state IN ('pending','sent')");
  while (s.step()) out[protocol::utc_date(s.integer(0))].push_back(s.text(1));
  return out;
}

int Outbox::resend(const std::vector<std::string>& uuids) {
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

int Outbox::unpark(std::int64_t now) {
  Transaction t(db_);
  Stmt(db_, "UPDATE outbox SET state='pending', attempts=0, next_attempt_at=0 WHERE state='parked'").run();
  const auto parked = db_.changes();
  Stmt(db_, "UPDATE outbox SET next_attempt_at=0 WHERE state='pending' AND next_attempt_at > ?").bind(1, now).run();
  const auto held = db_.changes();
  t.commit();
  return static_cast<int>(parked + held);
}

OutboxCounts Outbox::counts(std::int64_t now_ms) {
  OutboxCounts c;
  Stmt s(db_,
         "SELECT count(*) FILTER (WHERE state='pending'), count(*) FILTER (WHERE state='sent'), "
         "count(*) FILTER (WHERE state='parked'), count(*) FILTER (WHERE state='pending' AND " + kDueNow +
             "), min(created_at) FILTER (WHERE state='pending') FROM outbox");
  s.bind(1, now_ms);
  s.step();
  c.pending = s.integer(0);
  c.sent = s.integer(1);
  c.parked = s.integer(2);
  c.due = s.integer(3);
  if (c.pending > 0) c.oldest_pending_at = s.integer(4);
  Stmt e(db_, "SELECT last_error FROM outbox WHERE state='pending' AND last_error IS NOT NULL ORDER BY rowid DESC LIMIT 1");
  if (e.step()) c.last_error = e.opt_text(0);
  return c;
}

}  // namespace sync_client
