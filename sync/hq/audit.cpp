#include "sync/hq/audit.h"

namespace hq {

using sync_db::Db;
using sync_db::Stmt;

void audit(Db& db, const AuditEntry& e) {
  Stmt(db,
       "INSERT INTO audit_log(at, actor, role, department, action, object, before, after, source) "
       "VALUES(?,?,?,?,?,?,?,?,?)")
      .bind(1, e.at).bind(2, e.actor).bind(3, e.role).bind(4, e.department).bind(5, e.action).bind(6, e.object)
      .bind(7, e.before).bind(8, e.after).bind(9, e.source).run();
}

void audit(Db& db, std::int64_t at, const Principal& who, const std::string& action, const std::string& object,
           const std::string& before, const std::string& after) {
  audit(db, AuditEntry{0, at, who.login, protocol::to_string(who.role), action, object, before, after, "",
                       who.department, ""});
}

void audit(Db& db, const HallClock& clock, const Principal& who, const std::string& action, const std::string& object,
           const std::string& before, const std::string& after) {
  audit(db, clock.now(), who, action, object, before, after);
}

void audit(HqStore& store, const Principal& who, const std::string& action, const std::string& object,
           const std::string& before, const std::string& after) {
  const std::int64_t at = store.hall_clock().now();
  store.locked([&](Db& db) { audit(db, at, who, action, object, before, after); });
}

std::string phones_masked(const std::string& text) {
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t j = i;
    while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j;
    if (j == i) {
      out += text[i++];
      continue;
    }
    const std::string digits = text.substr(i, j - i);
    out += digits.size() < 7 ? digits : digits.substr(0, 3) + "****" + digits.substr(digits.size() - 4);
    i = j;
  }
  return out;
}

std::vector<AuditEntry> audit_entries(HqStore& store, const AuditFilter& f) {
  std::string sql =
      "SELECT id, at, actor, role, action, object, before, after, source, department,"
      " coalesce((SELECT name FROM users u WHERE u.login = audit_log.actor), '') FROM audit_log WHERE 1";
  if (!f.actor.empty()) sql += " AND actor = ?1";
  if (!f.action.empty())
    sql += f.action.back() == '.' ? " AND substr(action, 1, length(?2)) = ?2" : " AND action = ?2";
  if (!f.object.empty()) sql += " AND object = ?3";
  if (f.from) sql += " AND at >= ?4";
  if (f.to) sql += " AND at < ?5";
  if (f.before_id) sql += " AND id < ?6";
  if (!f.department.empty()) sql += " AND department = ?8";
  sql += " ORDER BY id DESC LIMIT ?7";
  return store.locked([&](Db& db) {
    Stmt q(db, sql);
    q.bind(1, f.actor).bind(2, f.action).bind(3, f.object).bind(4, f.from).bind(5, f.to).bind(6, f.before_id)
        .bind(7, f.limit).bind(8, f.department);
    std::vector<AuditEntry> out;
    while (q.step())
      out.push_back({q.integer(0), q.integer(1), q.text(2), q.text(3), q.text(4), q.text(5), q.text(6), q.text(7),
                     q.text(8), q.text(9), q.text(10)});
    return out;
  });
}

}  // namespace hq
