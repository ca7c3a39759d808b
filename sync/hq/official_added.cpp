#include "sync/hq/official_added.h"

namespace hq {

using sync_db::Db;
using sync_db::Stmt;
using sync_db::Transaction;

void note_added(HqStore& store, const std::vector<std::string>& ids, const std::string& day, bool replace) {
  store.locked([&](Db& db) {
    Transaction t(db);
    Stmt s(db, replace ? "INSERT INTO official_added(id, added_on) VALUES(?,?) ON CONFLICT(id) DO UPDATE SET "
                         "added_on=excluded.added_on"
                       : "INSERT OR IGNORE INTO official_added(id, added_on) VALUES(?,?)");
    for (const auto& id : ids) s.bind(1, id).bind(2, day).run();
    t.commit();
  });
}

std::map<std::string, std::string> added_days(Db& db) {
  std::map<std::string, std::string> out;
  Stmt s(db, "SELECT id, added_on FROM official_added");
  while (s.step()) out[s.text(0)] = s.text(1);
  return out;
}

}  // namespace hq
