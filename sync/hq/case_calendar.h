#pragma once
// How long a 差评 case may stay in each state, in working days of HQ's calendar, and the deadlines that follow.
#include <optional>
#include <string>

#include "sync/common/sqlite_db.h"
#include "sync/protocol/calendar.h"
#include "sync/protocol/enums.h"

namespace hq {

// Working days the bureau allows per state (hqd set-deadlines, POST /v1/console/ratings/deadlines): 核实 from the
// day of the 差评, 整改 from the day it entered 整改中, 回访 from the day of the 差评 (as the ratings export counts).
struct CaseDeadlines {
  int to_verify = 2;
  int rectifying = 5;
  int answered = 15;
};

inline constexpr int kMaxDeadlineDays = 60;

// The bureau's setting (the defaults until it sets one); within store.locked.
CaseDeadlines case_deadlines(sync_db::Db& db);
// Stores the setting and recomputes the deadline of every open case, within one transaction of the caller's.
void store_case_deadlines(sync_db::Db& db, const CaseDeadlines& d);

// HQ's published working-day calendar, else the one the kiosks ship with, else Monday to Friday.
protocol::WorkCalendar case_calendar(sync_db::Db& db);

// The last day for a case in `state` given on `given` (YYYY-MM-DD) that entered the state on `since`; nullopt for
// a closed case (已回访).
std::optional<std::string> case_deadline(const protocol::WorkCalendar& cal, const CaseDeadlines& d,
                                         protocol::CaseState state, const std::string& given, const std::string& since);

// When HQ has published another calendar since the open cases' deadlines were counted, counts them again.
void refresh_deadlines_after_calendar_change(sync_db::Db& db);

}  // namespace hq
