// What HQ knows of each kiosk: its last report of itself (storage state, events, sequence, outbox, disk, screen) and
// the gaps in the record numbers it has received from it, for the status answer, `hqd kiosks` and the fleet alerts.
#include "sync/hq/fleet_health.h"
#include "sync/hq/hq_store.h"

namespace hq {

using sync_db::Stmt;
using sync_db::Transaction;

protocol::StatusAnswer HqStore::sequence_of(const std::string& device_id) {
  protocol::StatusAnswer a;
  // Received and refused numbers together: a refused record waits parked at the kiosk, it is not lost.
  Stmt s(db_,
         "SELECT seq FROM records WHERE device_id=?1 AND seq IS NOT NULL UNION "
         "SELECT seq FROM refused_records WHERE device_id=?1 AND seq IS NOT NULL ORDER BY 1");
  s.bind(1, device_id);
  std::int64_t prev = 0;
  while (s.step()) {
    const std::int64_t seq = s.integer(0);
    if (seq > prev + 1 && a.gaps.size() < protocol::kMaxGaps) a.gaps.push_back({prev + 1, seq - 1});
    prev = seq;
  }
  a.last_seq = prev;
  return a;
}

protocol::StatusAnswer HqStore::device_status(const std::string& device_id, const protocol::DeviceStatus& st) {
  const std::int64_t now = clock_.now();
  std::lock_guard<std::mutex> lock(mutex_);
  Transaction t(db_);
  // The episodes go on from the last report: a backlog or parked records HQ heard of before keep their start.
  std::optional<std::int64_t> backlog_since, parked_since;
  {
    Stmt prev(db_, "SELECT backlog_since, parked_since FROM device_status WHERE device_id=?");
    prev.bind(1, device_id);
    if (prev.step()) {
      backlog_since = prev.opt_integer(0);
      parked_since = prev.opt_integer(1);
    }
  }
  std::optional<std::int64_t> oldest;
  if (st.pending.value_or(0) > 0) {
    oldest = now - st.oldest_pending_age.value_or(0);
    if (!backlog_since) backlog_since = oldest;
  } else {
    backlog_since.reset();
  }
  if (st.parked.value_or(0) > 0) {
    if (!parked_since) parked_since = now;
  } else {
    parked_since.reset();
  }
  const std::optional<std::string> orientation =
      st.orientation ? std::optional<std::string>(protocol::to_string(*st.orientation)) : std::nullopt;
  Stmt(db_,
       "INSERT INTO device_status(device_id, reported_at, storage, storage_since, next_seq, seq_confirmed, version, "
       "pending, parked, oldest_pending_at, last_error, free_bytes, orientation, backlog_since, parked_since) "
       "VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) ON CONFLICT(device_id) DO UPDATE SET reported_at=excluded.reported_at, "
       "storage=excluded.storage, storage_since=excluded.storage_since, next_seq=excluded.next_seq, "
       "seq_confirmed=excluded.seq_confirmed, version=excluded.version, pending=excluded.pending, "
       "parked=excluded.parked, oldest_pending_at=excluded.oldest_pending_at, last_error=excluded.last_error, "
       "free_bytes=excluded.free_bytes, orientation=excluded.orientation, backlog_since=excluded.backlog_since, "
       "parked_since=excluded.parked_since")
      .bind(1, device_id).bind(2, now).bind(3, protocol::to_string(st.storage)).bind(4, st.storage_since)
      .bind(5, st.next_seq).bind(6, st.seq_confirmed ? 1 : 0).bind(7, st.version)
      .bind(8, st.pending).bind(9, st.parked).bind(10, oldest).bind(11, st.last_error).bind(12, st.free_bytes)
      .bind(13, orientation).bind(14, backlog_since).bind(15, parked_since)
      .run();
  Stmt ev(db_,
          "INSERT OR IGNORE INTO storage_events(device_id, at, kind, file, detail, received_at) VALUES(?,?,?,?,?,?)");
  for (const auto& e : st.events)
    ev.bind(1, device_id).bind(2, e.at).bind(3, protocol::to_string(e.kind)).bind(4, e.file).bind(5, e.detail)
        .bind(6, now).run();
  protocol::StatusAnswer a = sequence_of(device_id);
  t.commit();
  return a;
}

std::vector<HqStore::KioskState> kiosk_reports(sync_db::Db& db) {
  std::vector<HqStore::KioskState> out;
  Stmt s(db,
         "SELECT d.id, coalesce(s.reported_at, 0), coalesce(s.storage, ''), coalesce(s.storage_since, 0), "
         "coalesce(s.next_seq, 0), coalesce(s.version, ''), coalesce(d.kiosk_number, 0), d.hall, d.enrolled_at, "
         "d.revoked, s.pending, s.parked, s.free_bytes, s.oldest_pending_at, coalesce(s.last_error, ''), "
         "coalesce(s.orientation, ''), s.backlog_since, s.parked_since "
         "FROM devices d LEFT JOIN device_status s ON s.device_id = d.id ORDER BY d.id");
  while (s.step()) {
    HqStore::KioskState k;
    k.device_id = s.text(0);
    k.reported_at = s.integer(1);
    k.storage = s.text(2);
    k.storage_since = s.integer(3);
    k.next_seq = s.integer(4);
    k.version = s.text(5);
    k.kiosk_number = static_cast<int>(s.integer(6));
    k.hall = s.text(7);
    k.enrolled_at = s.integer(8);
    k.revoked = s.integer(9) != 0;
    k.pending = s.opt_integer(10);
    k.parked = s.opt_integer(11);
    k.free_bytes = s.opt_integer(12);
    k.oldest_pending_at = s.opt_integer(13);
    k.last_error = s.text(14);
    k.orientation = s.text(15);
    k.backlog_since = s.opt_integer(16);
    k.parked_since = s.opt_integer(17);
    out.push_back(std::move(k));
  }
  return out;
}

std::vector<HqStore::KioskState> HqStore::kiosk_states() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<KioskState> out = kiosk_reports(db_);
  Stmt records(db_, "SELECT count(*) FROM records WHERE device_id=?");
  Stmt ev(db_, "SELECT at, kind, file, detail FROM storage_events WHERE device_id=? ORDER BY at, rowid");
  for (auto& k : out) {
    k.sequence = sequence_of(k.device_id);
    records.bind(1, k.device_id);
    if (records.step()) k.records = records.integer(0);
    records.reset();
    ev.bind(1, k.device_id);
    while (ev.step())
      if (auto kind = protocol::from_string<protocol::StorageEventKind>(ev.text(1)))
        k.events.push_back({ev.integer(0), *kind, ev.text(2), ev.text(3)});
    ev.reset();
  }
  return out;
}

}  // namespace hq
