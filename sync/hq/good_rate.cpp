#include "sync/hq/good_rate.h"

#include <cstdio>

#include "sync/common/civil_time.h"

namespace hq {

using sync_db::Db;
using sync_db::Stmt;

Tallies counted(Db& db, const Lookup& l, const std::string& from, const std::string& to, int chars) {
  Tallies out;
  Stmt s(db,
         "SELECT substr(hall_date, 1, ?3), target_kind, target_id, level, sum(n) FROM rating_day_counts WHERE "
         "hall_date BETWEEN ?1 AND ?2 GROUP BY 1, 2, 3, 4");
  s.bind(1, from).bind(2, to).bind(3, chars);
  while (s.step()) {
    const auto kind = protocol::from_string<protocol::TargetKind>(s.text(1));
    const auto level = protocol::from_string<protocol::Level>(s.text(3));
    if (kind && level) out[{s.text(0), target_department(l, *kind, s.text(2))}].add(*level, s.integer(4));
  }
  return out;
}

void subtract_voided(Db& db, const Lookup& l, const std::string& from, const std::string& to, Tallies& by_month_dept) {
  Stmt s(db,
         "SELECT substr(c.hall_date, 1, 7), r.target_kind, r.target_id, r.level FROM rating_cases c INDEXED BY "
         "rating_cases_by_appeal JOIN records r ON r.uuid=c.rating_uuid WHERE c.appeal_state='approved' AND "
         "c.hall_date BETWEEN ? AND ?");
  s.bind(1, from).bind(2, to);
  while (s.step()) {
    const auto kind = protocol::from_string<protocol::TargetKind>(s.text(1));
    const auto level = protocol::from_string<protocol::Level>(s.text(3));
    if (!kind || !level) continue;
    by_month_dept[{s.text(0), target_department(l, *kind, s.text(2))}].add(*level, -1);
  }
}

std::string month_add(const std::string& month, int n) {
  int y = std::stoi(month.substr(0, 4)), m = std::stoi(month.substr(5, 2)) - 1 + n;
  y += m >= 0 ? m / 12 : -((11 - m) / 12);
  m = ((m % 12) + 12) % 12;
  char out[8];
  std::snprintf(out, sizeof out, "%04d-%02d", y, m + 1);
  return out;
}

std::string month_end(const std::string& month) { return common::add_days(month_add(month, 1) + "-01", -1); }

}  // namespace hq
