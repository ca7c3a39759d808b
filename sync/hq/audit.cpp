#include "sync/hq/audit.h"

namespace hq {

namespace {

const char* role_word(Role r) {
  switch (r) {
    case Role::admin: return "admin";
    case Role::liaison: return "liaison";
    case Role::viewer: return "viewer";
  }
  return "viewer";
}

}  // namespace

void audit(sync_db::Db& db, const HallClock& clock, const Principal& who, const std::string& action,
           const std::string& object, const std::string& before, const std::string& after) {
  sync_db::Stmt(db,
                "INSERT INTO casework_audit(at, login, role, department, action, object, before, after) "
                "VALUES(?,?,?,?,?,?,?,?)")
      .bind(1, clock.now_iso()).bind(2, who.login).bind(3, role_word(who.role)).bind(4, who.department)
      .bind(5, action).bind(6, object).bind(7, before).bind(8, after).run();
}

void audit(HqStore& store, const Principal& who, const std::string& action, const std::string& object,
           const std::string& before, const std::string& after) {
  const HallClock clock = store.hall_clock();
  store.locked([&](sync_db::Db& db) { audit(db, clock, who, action, object, before, after); });
}

}  // namespace hq
