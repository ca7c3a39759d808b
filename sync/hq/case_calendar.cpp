#include "sync/hq/case_calendar.h"

#include <utility>
#include <vector>

#include "sync/common/installed_assets.h"
#include "sync/common/read_text.h"
#include "sync/protocol/reference_json.h"

namespace hq {

using sync_db::Db;
using sync_db::Stmt;

namespace {

constexpr std::pair<const char*, int CaseDeadlines::*> kKeys[] = {
    {"case_days.to_verify", &CaseDeadlines::to_verify},
    {"case_days.rectifying", &CaseDeadlines::rectifying},
    {"case_days.answered", &CaseDeadlines::answered}};

// The seq of HQ's calendar row (0 when none is published).
std::int64_t calendar_seq(Db& db) {
  Stmt s(db, "SELECT seq FROM reference WHERE tbl='calendar' AND id='current' AND body IS NOT NULL");
  return s.step() ? s.integer(0) : 0;
}

void recount_open_deadlines(Db& db) {
  const protocol::WorkCalendar cal = case_calendar(db);
  const CaseDeadlines d = case_deadlines(db);
  std::vector<std::pair<std::int64_t, std::optional<std::string>>> changed;
  {
    Stmt s(db, "SELECT id, state, hall_date, state_since, deadline FROM rating_cases WHERE deadline IS NOT NULL");
    while (s.step()) {
      const auto state = protocol::from_string<protocol::CaseState>(s.text(1));
      if (!state) continue;
      auto due = case_deadline(cal, d, *state, s.text(2), s.text(3));
      if (due != s.opt_text(4)) changed.emplace_back(s.integer(0), std::move(due));
    }
  }
  Stmt set(db, "UPDATE rating_cases SET deadline=? WHERE id=?");
  for (const auto& [id, due] : changed) set.bind(1, due).bind(2, id).run();
  Stmt(db, "INSERT INTO meta(key, value) VALUES('case_calendar_seq', ?) ON CONFLICT(key) DO UPDATE SET "
           "value=excluded.value")
      .bind(1, calendar_seq(db)).run();
}

}  // namespace

CaseDeadlines case_deadlines(Db& db) {
  CaseDeadlines d;
  Stmt s(db, "SELECT key, value FROM meta WHERE key LIKE 'case_days.%'");
  while (s.step())
    for (const auto& [key, member] : kKeys)
      if (s.text(0) == key) d.*member = static_cast<int>(s.integer(1));
  return d;
}

void store_case_deadlines(Db& db, const CaseDeadlines& d) {
  Stmt set(db, "INSERT INTO meta(key, value) VALUES(?, ?) ON CONFLICT(key) DO UPDATE SET value=excluded.value");
  for (const auto& [key, member] : kKeys) set.bind(1, key).bind(2, d.*member).run();
  recount_open_deadlines(db);
}

protocol::WorkCalendar case_calendar(Db& db) {
  protocol::WorkCalendar cal;
  Stmt s(db, "SELECT body FROM reference WHERE tbl='calendar' AND id='current' AND body IS NOT NULL");
  if (s.step()) {
    try {
      cal.load_json(s.text(0));
      return cal;
    } catch (const std::exception&) {
      cal = {};  // an unreadable calendar: the shipped one, as the exports' notes say for none
    }
  }
  // The kiosks' shipped calendar (read once: it changes only with an upgrade).
  static const std::optional<std::string> shipped =
      common::read_text(common::installed_assets("hall-hqd", HQD_ASSETS_DIR) + "/calendar/workdays.json");
  if (shipped) {
    try {
      cal.load_json(*shipped);
    } catch (const std::exception&) {
      cal = {};
    }
  }
  return cal;
}

std::optional<std::string> case_deadline(const protocol::WorkCalendar& cal, const CaseDeadlines& d,
                                         protocol::CaseState state, const std::string& given,
                                         const std::string& since) {
  switch (state) {
    case protocol::CaseState::to_verify:
      if (protocol::valid_date(given)) return cal.add_working_days(given, d.to_verify);
      break;
    case protocol::CaseState::rectifying:
      if (protocol::valid_date(since)) return cal.add_working_days(since, d.rectifying);
      break;
    case protocol::CaseState::answered:
      if (protocol::valid_date(given)) return cal.add_working_days(given, d.answered);
      break;
    case protocol::CaseState::revisited: break;
  }
  return std::nullopt;
}

void refresh_deadlines_after_calendar_change(Db& db) {
  Stmt s(db, "SELECT value FROM meta WHERE key='case_calendar_seq'");
  const std::int64_t counted = s.step() ? s.integer(0) : 0;
  if (counted != calendar_seq(db)) recount_open_deadlines(db);
}

}  // namespace hq
