#include "sync/hq/misuse_check.h"

#include <map>

#include "sync/common/civil_time.h"
#include "sync/hq/audit.h"
#include "sync/hq/case_common.h"
#include "sync/hq/console_api.h"
#include "sync/hq/export_lookup.h"
#include "sync/hq/hq_words.h"

namespace hq {

using nlohmann::json;
using sync_db::Db;
using sync_db::Stmt;
using sync_db::Transaction;

namespace {

constexpr const char* kSameTarget =
    "FROM records INDEXED BY records_ratings_by_device_target WHERE kind='rating' AND device_id=?1 AND "
    "target_kind=?2 AND target_id=?3 AND created_at BETWEEN ?4 AND ?5";

int meta_int(Db& db, const char* key, int fallback) {
  Stmt s(db, "SELECT value FROM meta WHERE key=?");
  s.bind(1, key);
  return s.step() ? static_cast<int>(s.integer(0)) : fallback;
}

}  // namespace

MisuseRule misuse_rule(Db& db) {
  const MisuseRule d;
  return {meta_int(db, "misuse.ratings", d.ratings), meta_int(db, "misuse.seconds", d.seconds)};
}

MisuseCheck::MisuseCheck(Db& db, std::int64_t now)
    : rule_(misuse_rule(db)),
      now_(now),
      // Counted only up to one more than the rule allows: a kiosk sending a thousand at once costs no more each.
      count_(db, std::string("SELECT count(*) FROM (SELECT 1 ") + kSameTarget + " LIMIT ?6)"),
      // The one before it: flagged, and within the window?
      flagged_before_(db,
                      "SELECT EXISTS(SELECT 1 FROM rating_flags f WHERE f.rating_uuid=r.uuid), r.created_at >= ?4 "
                      "FROM records r INDEXED BY records_ratings_by_device_target WHERE r.kind='rating' AND "
                      "r.device_id=?1 AND r.target_kind=?2 AND r.target_id=?3 AND r.created_at <= ?5 AND r.uuid <> ?6 "
                      "ORDER BY r.created_at DESC, r.rowid DESC LIMIT 1"),
      flag_window_(db, std::string("INSERT OR IGNORE INTO rating_flags(rating_uuid, device_id, target_kind, target_id, "
                                   "hall_date, created_at, flagged_at) SELECT uuid, device_id, target_kind, target_id, "
                                   "hall_date, created_at, ?6 ") + kSameTarget),
      flag_one_(db,
                "INSERT OR IGNORE INTO rating_flags(rating_uuid, device_id, target_kind, target_id, hall_date, "
                "created_at, flagged_at) SELECT uuid, device_id, target_kind, target_id, hall_date, created_at, ?2 "
                "FROM records WHERE uuid=?1") {}

bool MisuseCheck::rated(const std::string& uuid, const std::string& device_id, const std::string& target_kind,
                        const std::string& target_id, std::int64_t created_at) {
  // The ratings of the window that ends with this one (a kiosk sends its records in order, so each burst is seen
  // whole by the rating that makes it too many).
  const std::int64_t from = created_at - rule_.seconds;
  count_.bind(1, device_id).bind(2, target_kind).bind(3, target_id).bind(4, from).bind(5, created_at)
      .bind(6, rule_.ratings + 1);
  const bool too_many = count_.step() && count_.integer(0) > rule_.ratings;
  count_.reset();
  if (!too_many) return false;
  // The window's ratings are flagged with the one that made it too many. When the one before this was flagged and is
  // in its window, so is every earlier one of the window (it was flagged with a window that held them all): only
  // this one is new, and a kiosk sending thousands costs one row each.
  flagged_before_.bind(1, device_id).bind(2, target_kind).bind(3, target_id).bind(4, from).bind(5, created_at)
      .bind(6, uuid);
  const bool going_on = flagged_before_.step() && flagged_before_.integer(0) != 0 && flagged_before_.integer(1) != 0;
  flagged_before_.reset();
  if (going_on)
    flag_one_.bind(1, uuid).bind(2, now_).run();
  else
    flag_window_.bind(1, device_id).bind(2, target_kind).bind(3, target_id).bind(4, from).bind(5, created_at)
        .bind(6, now_).run();
  return true;
}

json flagged_bursts(HqStore& store, const Principal& who, const std::string& assets_dir, bool reviewed) {
  const HallClock hall = store.hall_clock();
  return store.locked([&](Db& db) {
    const Lookup l = load_lookup(db, assets_dir, hall);
    const MisuseRule rule = misuse_rule(db);
    Stmt s(db,
           "SELECT f.device_id, f.target_kind, f.target_id, f.hall_date, count(*), min(f.created_at), max(f.created_at), "
           "max(r.target_name), max(f.reviewed_at), max(f.reviewed_by), max(f.note), "
           "sum(r.level IN ('dissatisfied','very_dissatisfied')), coalesce(d.kiosk_number, 0) "
           "FROM rating_flags f JOIN records r ON r.uuid=f.rating_uuid LEFT JOIN devices d ON d.id=f.device_id "
           "WHERE (f.reviewed_at IS NOT NULL) = ? "
           "GROUP BY f.device_id, f.target_kind, f.target_id, f.hall_date ORDER BY f.hall_date DESC, 6 DESC LIMIT 200");
    s.bind(1, reviewed ? 1 : 0);
    json items = json::array();
    while (s.step()) {
      const auto kind = protocol::from_string<protocol::TargetKind>(s.text(1)).value_or(protocol::TargetKind::item);
      const std::string dept = target_department(l, kind, s.text(2));
      const std::string dept_name = l.department_name(dept);
      if (!who.sees(dept_name)) continue;
      json j = {{"device", s.text(0)},
                {"kiosk_number", s.integer(12)},
                {"target_kind", s.text(1)},
                {"target_id", s.text(2)},
                {"target", s.text(7)},
                {"department", dept_name},
                {"date", s.text(3)},
                {"ratings", s.integer(4)},
                {"bad", s.integer(11)},
                {"first_local", hall.hhmm(s.integer(5))},
                {"last_local", hall.hhmm(s.integer(6))}};
      if (reviewed)
        j["review"] = {{"by", s.text(9)}, {"note", s.text(10)},
                       {"at_local", hall.minute(s.integer(8))}};
      items.push_back(std::move(j));
    }
    return json{{"items", std::move(items)}, {"rule", {{"ratings", rule.ratings}, {"seconds", rule.seconds}}}};
  });
}

void review_burst(HqStore& store, const Principal& who, const std::string& device_id, const std::string& target_kind,
                  const std::string& target_id, const std::string& hall_date, const std::string& note) {
  if (who.role != Role::admin) throw Forbidden(phrase("hq.scope.admin_only"));
  const std::string text = checked_text(note, "hq.field.review_note", true);
  const HallClock hall = store.hall_clock();
  store.locked([&](Db& db) {
    Transaction t(db);
    Stmt u(db,
           "UPDATE rating_flags SET reviewed_at=?1, reviewed_by=?2, note=?3 WHERE device_id=?4 AND target_kind=?5 AND "
           "target_id=?6 AND hall_date=?7 AND reviewed_at IS NULL");
    u.bind(1, hall.now()).bind(2, who.login).bind(3, text).bind(4, device_id).bind(5, target_kind).bind(6, target_id)
        .bind(7, hall_date).run();
    if (db.changes() == 0) throw NotFound(phrase("hq.misuse.no_burst"));
    audit(db, hall, who, "rating.flag_review", device_id + " " + target_kind + ":" + target_id + " " + hall_date, "",
          text);
    t.commit();
  });
}

void set_misuse_rule(HqStore& store, const Principal& who, const MisuseRule& rule) {
  if (who.role != Role::admin) throw Forbidden(phrase("hq.scope.admin_only"));
  if (rule.ratings < 2 || rule.ratings > 100 || rule.seconds < 10 || rule.seconds > 3600)
    throw AdminError(phrase("hq.misuse.rule_range"));
  const HallClock hall = store.hall_clock();
  store.locked([&](Db& db) {
    Transaction t(db);
    const MisuseRule before = misuse_rule(db);
    Stmt set(db, "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value");
    set.bind(1, "misuse.ratings").bind(2, rule.ratings).run();
    set.bind(1, "misuse.seconds").bind(2, rule.seconds).run();
    audit(db, hall, who, "misuse.rule", "misuse",
          std::to_string(before.ratings) + "/" + std::to_string(before.seconds) + "s",
          std::to_string(rule.ratings) + "/" + std::to_string(rule.seconds) + "s");
    t.commit();
  });
}

}  // namespace hq
