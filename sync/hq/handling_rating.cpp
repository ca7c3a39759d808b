#include "sync/hq/handling_rating.h"

#include "sync/common/civil_time.h"
#include "sync/hq/forward_events.h"

namespace hq {

using sync_db::Db;
using sync_db::Stmt;

std::optional<HandlingRating> handling_rating(Db& db, const std::string& receipt) {
  Stmt s(db, "SELECT level, comment, rated_at FROM handling_ratings WHERE receipt=?");
  s.bind(1, receipt);
  if (!s.step()) return std::nullopt;
  const auto level = protocol::from_string<protocol::Level>(s.text(0));
  if (!level) return std::nullopt;
  return HandlingRating{*level, s.text(1), s.integer(2)};
}

RateOutcome rate_handling(HqStore& store, const std::string& receipt, protocol::Level level, const std::string& comment) {
  const std::int64_t now = store.hall_clock().now();
  return store.locked([&](Db& db) {
    sync_db::Transaction t(db);
    Stmt c(db, "SELECT state FROM report_cases WHERE receipt=?");
    c.bind(1, receipt);
    if (!c.step()) return RateOutcome::not_found;
    if (c.text(0) != protocol::to_string(protocol::ReportState::done)) return RateOutcome::not_done;
    Stmt ins(db, "INSERT OR IGNORE INTO handling_ratings(receipt, level, comment, rated_at) VALUES(?,?,?,?)");
    ins.bind(1, receipt).bind(2, protocol::to_string(level)).bind(3, comment).bind(4, now);
    ins.step();
    const bool fresh = db.changes() > 0;
    if (fresh) queue_forward_event(db, "handling", receipt, "", common::format_timestamp_utc(now), store.clock().now_ms());
    t.commit();
    return fresh ? RateOutcome::saved : RateOutcome::already_rated;
  });
}

}  // namespace hq
