#include "sync/hq/published_results.h"

#include <algorithm>

#include "sync/hq/good_rate.h"
#include "sync/protocol/reference_json.h"

namespace hq {

using sync_db::Db;
using sync_db::Stmt;

protocol::PublishedResults last_month_results(Db& db, const HallClock& hall) {
  const Lookup l = load_master(db, hall);
  const std::string month = month_add(hall.today().substr(0, 7), -1);
  const std::string from = month + "-01", to = month_end(month);
  Tallies by_dept = counted(db, l, from, to, 7);
  subtract_voided(db, l, from, to, by_dept);
  std::vector<std::pair<int, std::string>> depts;  // in the hall's order
  for (const auto& [id, d] : l.departments) depts.push_back({l.department_sort(id), id});
  std::sort(depts.begin(), depts.end());
  protocol::PublishedResults out{month, {}};
  for (const auto& [sort, id] : depts) {
    const auto it = by_dept.find({month, id});
    const Tally t = it == by_dept.end() ? Tally{} : it->second;
    out.departments.push_back({id, t.total(), good_rate(t)});
  }
  return out;
}

bool publish_results(HqStore& store) {
  const HallClock hall = store.hall_clock();
  return store.locked([&](Db& db) {
    const std::string body = protocol::encode_published_results(last_month_results(db, hall));
    {
      Stmt have(db, "SELECT body FROM reference WHERE tbl='published_results' AND id='current'");
      if (have.step() && have.opt_text(0) == body) return false;
    }
    sync_db::Transaction t(db);  // written only when they changed: a pull is otherwise read-only
    Stmt(db,
         "INSERT INTO reference(tbl,id,body,seq) VALUES('published_results','current',?,?) ON CONFLICT(tbl,id) DO "
         "UPDATE SET body=excluded.body, seq=excluded.seq")
        .bind(1, body).bind(2, store.bump_seq()).run();
    t.commit();
    return true;
  });
}

}  // namespace hq
