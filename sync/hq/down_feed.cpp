#include "sync/hq/down_feed.h"

#include <nlohmann/json.hpp>

#include "sync/common/civil_time.h"
#include "sync/protocol/enums.h"
#include "sync/protocol/reference_json.h"

namespace hq {
namespace {

using nlohmann::json;
using sync_db::Stmt;

// The schedule rows of the days in (?1, ?2] stored by change ?3 at the latest.
constexpr const char* kScheduleDays =
    "SELECT tbl, id, body FROM reference WHERE tbl='schedule' AND body IS NOT NULL AND "
    "json_extract(body, '$.date') > ?1 AND json_extract(body, '$.date') <= ?2 AND seq <= ?3 ORDER BY seq, id";

std::string compact_day(const std::string& day) {
  return day.substr(0, 4) + day.substr(5, 2) + day.substr(8, 2);
}

}  // namespace

FeedCursor parse_feed_cursor(const std::string& text, std::int64_t current) {
  const std::string seq = text.substr(0, text.find('.'));
  const std::string day = seq.size() < text.size() ? text.substr(seq.size() + 1) : "";
  const std::string horizon = day.size() == 8 && day.find_first_not_of("0123456789") == std::string::npos
                                  ? day.substr(0, 4) + "-" + day.substr(4, 2) + "-" + day.substr(6, 2)
                                  : "";
  FeedCursor c;
  if (seq.empty() || seq.find_first_not_of("0123456789") != std::string::npos || seq.size() >= 18) return c;
  if (seq != text && (horizon.empty() || !common::valid_date(horizon))) return c;
  c.after = std::stoll(seq);
  c.horizon = horizon;
  // A cursor from HQ's future (HQ restored from a backup) gets a full snapshot.
  if (c.after == 0 || c.after > current) return FeedCursor{};
  c.full = false;
  return c;
}

// A full snapshot is bounded whatever HQ holds: the reference data, the schedule from kFeedDaysBack days ago
// to kFeedDaysAhead days ahead, the sittings of the last kFeedDaysBack days (and the report answers of the
// last kFeedReportDays). An incremental message brings every change after its cursor (a schedule row for a
// day beyond the horizon as a deletion: the kiosk holds none), and the schedule rows published earlier for
// the days that came within the horizon since the cursor's. So each row reaches a kiosk once, as its day
// comes near.
protocol::ReferenceData feed_rows(sync_db::Db& db, const FeedCursor& c, std::int64_t current,
                                  const std::string& today) {
  const std::string since = common::add_days(today, -kFeedDaysBack);
  const std::string until = common::add_days(today, kFeedDaysAhead);
  json root = {{"protocol", protocol::kProtocolVersion},
               {"cursor", std::to_string(current) + "." + compact_day(until)},
               {"full", c.full}};
  for (const char* tbl : kRowTables) root[tbl] = json::array();
  json deleted = json::object();
  const auto take = [&](Stmt& s) {
    while (s.step()) {
      const std::string tbl = s.text(0);
      if (auto body = s.opt_text(2)) {
        json row = json::parse(*body);
        if (tbl == "reason_list" || tbl == "calendar" || tbl == "published_results")
          root[tbl] = std::move(row);  // a document, not a row
        else if (tbl == "schedule" && row.value("date", "") > until)
          deleted[tbl].push_back(
              s.text(1));  // beyond the horizon: not kept at the kiosk until its day comes near
        else
          root[tbl].push_back(std::move(row));
      } else if (!c.full) {
        deleted[tbl].push_back(s.text(1));
      }
    }
  };
  if (c.full) {
    Stmt rest(
        db,
        "SELECT tbl, id, body FROM reference WHERE (tbl < 'schedule' OR tbl > 'schedule') AND body IS NOT "
        "NULL ORDER BY +seq, tbl, id");
    take(rest);
    Stmt schedule(db, kScheduleDays);
    schedule.bind(1, common::add_days(since, -1)).bind(2, until).bind(3, current);
    take(schedule);
  } else {
    Stmt changed(db, "SELECT tbl, id, body FROM reference WHERE seq > ? ORDER BY seq, tbl, id");
    changed.bind(1, c.after);
    take(changed);
    if (!c.horizon.empty() && c.horizon < until) {
      Stmt came_near(db, kScheduleDays);
      came_near.bind(1, c.horizon).bind(2, until).bind(3, c.after);
      take(came_near);
    }
  }
  if (!deleted.empty()) root["deleted"] = std::move(deleted);
  // The stored rows through the one decoder, so what leaves HQ is exactly the documented shape.
  protocol::ReferenceData feed = protocol::decode_reference(root.dump());
  // Only sittings whose official and window the kiosk can know; a kiosk applies a message whole or not at
  // all. (A full snapshot reads by date, an incremental one by sequence: each through its own index.)
  Stmt s(
      db,
      std::string("SELECT s.uuid, s.official_id, s.window_id, s.schedule_id, s.checkin_at, s.checkout_at "
                  "FROM sittings s WHERE ") +
          (c.full ? "s.checkin_at >= ?1" : "s.seq > ?1") +
          " AND EXISTS (SELECT 1 FROM reference WHERE tbl='officials' AND id=s.official_id AND body IS NOT "
          "NULL) AND EXISTS (SELECT 1 FROM reference WHERE tbl='windows' AND id=s.window_id AND body IS NOT "
          "NULL) ORDER BY +s.seq, s.uuid");
  if (c.full)
    s.bind(1, since);
  else
    s.bind(1, c.after);
  while (s.step())
    feed.sittings.push_back({s.text(0), s.text(1), s.text(2), s.opt_text(3), s.text(4), s.opt_text(5)});
  return feed;
}

std::vector<protocol::ReportUpdate> feed_report_updates(sync_db::Db& db, const FeedCursor& c,
                                                        const std::string& today,
                                                        const std::string& device_id) {
  Stmt s(db, std::string("SELECT u.receipt, u.status, u.reply, u.updated_at FROM report_status u WHERE ") +
                 (c.full ? "u.updated_at >= ?1" : "u.seq > ?1") +
                 " AND (?2 = '' OR (SELECT r.device_id FROM records r WHERE r.receipt=u.receipt ORDER BY "
                 "r.received_at, r.rowid LIMIT 1) = ?2) ORDER BY +u.seq, u.receipt");
  if (c.full)
    s.bind(1, common::add_days(today, -kFeedReportDays));
  else
    s.bind(1, c.after);
  s.bind(2, device_id);
  std::vector<protocol::ReportUpdate> out;
  while (s.step())
    out.push_back(
        {s.text(0),
         protocol::from_string<protocol::ReportState>(s.text(1)).value_or(protocol::ReportState::accepted),
         s.text(2), s.text(3)});
  return out;
}

}  // namespace hq
