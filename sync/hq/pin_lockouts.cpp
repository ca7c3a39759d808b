#include "sync/hq/pin_lockouts.h"

#include "sync/hq/admin_error.h"
#include "sync/protocol/pin_lockout.h"
#include "sync/protocol/record_bodies.h"
#include "sync/protocol/reference_json.h"

namespace hq {

using sync_db::Db;
using sync_db::Stmt;
using sync_db::Transaction;

namespace {

// The official's last reset: the last record received before it (rowid), and how many resets so far.
std::pair<std::int64_t, int> last_reset(Db& db, const std::string& official_id) {
  Stmt s(db, "SELECT after_rowid, resets FROM pin_resets WHERE official_id=?");
  s.bind(1, official_id);
  if (!s.step()) return {0, 0};
  return {s.integer(0), static_cast<int>(s.integer(1))};
}

void put_row(Db& db, const protocol::PinLockRow& row, std::int64_t seq) {
  Stmt(db,
       "INSERT INTO reference(tbl,id,body,seq) VALUES('pin_locks',?,?,?) ON CONFLICT(tbl,id) DO UPDATE SET "
       "body=excluded.body, seq=excluded.seq WHERE reference.body IS NOT excluded.body")
      .bind(1, row.official_id).bind(2, protocol::encode_pin_lock(row)).bind(3, seq).run();
}

}  // namespace

void count_pin_attempts(Db& db, const std::string& official_id, std::int64_t seq) {
  const auto [after_rowid, resets] = last_reset(db, official_id);
  // Those received since the reset (by HQ's order, so a kiosk's clock cannot hide a guess), in the order they
  // were made, whichever kiosk made them.
  Stmt s(db,
         "SELECT created_at, body FROM records WHERE kind='pin_attempt' AND subject=? AND rowid > ? "
         "ORDER BY created_at, rowid");
  s.bind(1, official_id).bind(2, after_rowid);
  protocol::PinLock lock;
  while (s.step()) {
    const auto attempt = protocol::decode_body<protocol::PinAttemptBody>(s.text(1));
    lock = attempt.ok ? protocol::PinLock{} : protocol::after_wrong_pin(lock, s.integer(0));
  }
  put_row(db, {official_id, lock.failures, lock.locked_until, resets}, seq);
}

void reset_pin_lock(Db& db, const std::string& official_id, std::int64_t now, std::int64_t seq) {
  const int resets = last_reset(db, official_id).second + 1;
  Stmt(db,
       "INSERT INTO pin_resets(official_id, reset_at, after_rowid, resets) VALUES(?, ?, "
       "(SELECT coalesce(max(rowid), 0) FROM records), ?) ON CONFLICT(official_id) DO UPDATE SET "
       "reset_at=excluded.reset_at, after_rowid=excluded.after_rowid, resets=excluded.resets")
      .bind(1, official_id).bind(2, now).bind(3, resets).run();
  put_row(db, {official_id, 0, 0, resets}, seq);
}

void reset_pin_lock(HqStore& store, const std::string& official_id) {
  const std::int64_t now = store.hall_clock().now();
  store.locked([&](Db& db) {
    Transaction t(db);
    Stmt q(db, "SELECT 1 FROM reference WHERE tbl='officials' AND id=? AND body IS NOT NULL");
    q.bind(1, official_id);
    if (!q.step()) throw NotFound("no official with id \"" + official_id + "\"");
    reset_pin_lock(db, official_id, now, store.bump_seq());
    t.commit();
  });
}

std::vector<protocol::PinLockRow> pin_locks(HqStore& store) {
  return store.locked([&](Db& db) {
    std::vector<protocol::PinLockRow> out;
    Stmt s(db, "SELECT body FROM reference WHERE tbl='pin_locks' AND body IS NOT NULL ORDER BY id");
    while (s.step()) {
      const auto d = protocol::decode_reference(R"({"protocol":1,"pin_locks":[)" + s.text(0) + "]}");
      for (const auto& row : d.pin_locks)
        if (row.failures > 0 || row.locked_until > 0) out.push_back(row);
    }
    return out;
  });
}

}  // namespace hq
