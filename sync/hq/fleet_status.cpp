// What HQ knows of each kiosk: its last report of itself (storage state, events, sequence) and the gaps in the
// record numbers it has received from it, for the status answer and `hqd kiosks`.
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
  Stmt(db_,
       "INSERT INTO device_status(device_id, reported_at, storage, storage_since, next_seq, seq_confirmed, version) "
       "VALUES(?,?,?,?,?,?,?) ON CONFLICT(device_id) DO UPDATE SET reported_at=excluded.reported_at, "
       "storage=excluded.storage, storage_since=excluded.storage_since, next_seq=excluded.next_seq, "
       "seq_confirmed=excluded.seq_confirmed, version=excluded.version")
      .bind(1, device_id).bind(2, now).bind(3, protocol::to_string(st.storage)).bind(4, st.storage_since)
      .bind(5, st.next_seq).bind(6, st.seq_confirmed ? 1 : 0).bind(7, st.version)
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

std::vector<HqStore::KioskState> HqStore::kiosk_states() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<KioskState> out;
  Stmt s(db_,
         "SELECT d.id, coalesce(s.reported_at, 0), coalesce(s.storage, ''), coalesce(s.storage_since, 0), "
         "coalesce(s.next_seq, 0), (SELECT count(*) FROM records r WHERE r.device_id = d.id), "
         "coalesce(s.version, '') FROM devices d LEFT JOIN device_status s ON s.device_id = d.id ORDER BY d.id");
  while (s.step())
    out.push_back({s.text(0), s.integer(1), s.text(2), s.integer(3), s.integer(4), s.integer(5), {}, {}, s.text(6)});
  Stmt ev(db_, "SELECT at, kind, file, detail FROM storage_events WHERE device_id=? ORDER BY at, rowid");
  for (auto& k : out) {
    k.sequence = sequence_of(k.device_id);
    ev.bind(1, k.device_id);
    while (ev.step())
      if (auto kind = protocol::from_string<protocol::StorageEventKind>(ev.text(1)))
        k.events.push_back({ev.integer(0), *kind, ev.text(2), ev.text(3)});
    ev.reset();
  }
  return out;
}

}  // namespace hq
