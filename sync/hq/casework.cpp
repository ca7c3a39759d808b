#include "sync/hq/casework.h"

#include "sync/hq/admin_error.h"
#include "sync/protocol/record_bodies.h"

namespace hq {

using sync_db::Db;
using sync_db::Stmt;
using sync_db::Transaction;

void set_report(HqStore& store, const std::string& receipt, const std::string& status,
                const std::optional<std::string>& reply) {
  const auto state = protocol::from_string<protocol::ReportState>(status);
  if (!state || *state == protocol::ReportState::submitted)
    throw AdminError("--status must be accepted, in_progress or done");
  if (reply && reply->size() > 2000) throw AdminError("the reply is longer than 2000 bytes");
  store.locked([&](Db& db) {
    Transaction t(db);
    Stmt q(db, "SELECT 1 FROM records WHERE receipt=?");
    q.bind(1, receipt);
    if (!q.step()) throw NotFound("no 办不成事 report with receipt \"" + receipt + "\" has reached HQ");
    const std::int64_t seq = store.bump_seq();
    Stmt(db,
         "INSERT INTO report_status(receipt,status,reply,updated_at,seq,done_at) VALUES(?1,?2,coalesce(?3,''),?4,?5,"
         "CASE WHEN ?2='done' THEN ?4 END) ON CONFLICT(receipt) DO UPDATE SET status=excluded.status, "
         "reply=coalesce(?3, report_status.reply), updated_at=excluded.updated_at, seq=excluded.seq, "
         "done_at=CASE WHEN excluded.status<>'done' THEN NULL ELSE coalesce(report_status.done_at, excluded.updated_at) END")
        .bind(1, receipt).bind(2, status).bind(3, reply).bind(4, store.hall_clock().now_iso()).bind(5, seq).run();
    t.commit();
  });
}

void follow_up(HqStore& store, const std::string& rating_uuid, const std::string& note) {
  if (note.empty() || note.size() > 2000) throw AdminError("--note must be 1 to 2000 bytes");
  store.locked([&](Db& db) {
    Stmt q(db, "SELECT body FROM records WHERE kind='rating' AND uuid=?");
    q.bind(1, rating_uuid);
    if (!q.step()) throw NotFound("no rating " + rating_uuid + " has reached HQ");
    const protocol::Level level = protocol::decode_body<protocol::RatingBody>(q.text(0)).level;
    if (!protocol::is_bad(level))
      throw AdminError("rating " + rating_uuid + " is not a 差评 (level " + protocol::to_string(level) + ")");
    Stmt(db,
         "INSERT INTO follow_ups(rating_uuid,note,updated_at,first_at) VALUES(?1,?2,?3,?3) ON CONFLICT(rating_uuid) "
         "DO UPDATE SET note=excluded.note, updated_at=excluded.updated_at")
        .bind(1, rating_uuid).bind(2, note).bind(3, store.hall_clock().now_iso()).run();
  });
}

}  // namespace hq
