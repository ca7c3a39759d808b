#include "sync/hq/forward_report.h"

#include "sync/hq/hq_words.h"

namespace hq {

std::vector<ForwardDay> forward_days(HqStore& store, const std::string& from, const std::string& to) {
  return store.locked([&](sync_db::Db& db) {
    sync_db::Stmt q(db,
                    "SELECT r.hall_date, sum(f.state='sent'), sum(f.state='held'), sum(f.state='failed'), "
                    "sum(f.state='pending') FROM forwards f JOIN records r ON r.uuid=f.rating_uuid "
                    "WHERE (?1 = '' OR r.hall_date >= ?1) AND (?2 = '' OR r.hall_date <= ?2) "
                    "GROUP BY r.hall_date ORDER BY r.hall_date");
    q.bind(1, from).bind(2, to);
    std::vector<ForwardDay> out;
    while (q.step()) out.push_back({q.text(0), q.integer(1), q.integer(2), q.integer(3), q.integer(4)});
    return out;
  });
}

Sheet forward_days_sheet(const std::vector<ForwardDay>& days, const std::string& from, const std::string& to) {
  Sheet s;
  s.name = say(phrase("export.forward_days.sheet"), Language::zh);
  s.title = say(phrase("export.forward_days.title", {{"from", from}, {"to", to}}), Language::zh);
  for (const char* k : {"export.forward_days.col.date", "export.forward_days.col.sent", "export.forward_days.col.held",
                        "export.forward_days.col.failed", "export.forward_days.col.pending"})
    s.headers.push_back(say(phrase(k), Language::zh));
  s.footer.clear();
  for (const auto& d : days)
    s.rows.push_back({d.date, std::to_string(d.sent), std::to_string(d.held), std::to_string(d.failed),
                      std::to_string(d.pending)});
  return s;
}

}  // namespace hq
