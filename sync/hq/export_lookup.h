#pragma once
// What the exports look up while they build rows: master data by id, reason wordings, labels, the calendar.
#include <map>
#include <string>

#include "sync/hq/export.h"
#include "sync/hq/hall_clock.h"
#include "sync/protocol/calendar.h"
#include "sync/protocol/model.h"
#include "sync/protocol/record_bodies.h"
#include "sync/protocol/string_table.h"

namespace hq {

// Master data by id, as the exports need it.
struct Lookup {
  explicit Lookup(const HallClock& hall_clock) : today(hall_clock.today()), hall(hall_clock) {}
  std::map<std::string, protocol::Department> departments;
  std::map<std::string, protocol::Window> windows;
  std::map<std::string, protocol::Official> officials;
  std::map<std::string, protocol::ServiceItem> items;
  std::map<std::string, std::string> reasons;  // reason id → 中文 label
  std::map<std::string, std::string> added;    // official id → the day they were added (official_added.h)
  protocol::StringTable labels;                // assets/i18n/zh-CN.json: the words the kiosks' screens show
  protocol::WorkCalendar calendar;             // HQ's published calendar, the kiosks' shipped one, or Mon–Fri
  enum class CalendarSource { none, shipped, hq } calendar_source = CalendarSource::none;
  std::string today;  // in the hall, when the export is made
  HallClock hall;     // for the hall's dates of HQ's stamps
  std::string department_name(const std::string& id) const;
  int department_sort(const std::string& id) const;
};

// Whether a row of department `dept` belongs in the export (every department, or the one asked for).
inline bool in_scope(const ExportOptions& o, const std::string& dept) {
  return o.department_id.empty() || dept == o.department_id;
}

// Runs `sql`, whose two ? are the export's first and last day, and calls `each` with the statement at every row.
template <typename F>
void each_in_period(sync_db::Db& db, const char* sql, const ExportOptions& o, F&& each) {
  sync_db::Stmt s(db, sql);
  s.bind(1, o.from).bind(2, o.to);
  while (s.step()) each(s);
}

// Only the master data (departments, windows, officials, items): enough for target_department, no assets needed.
Lookup load_master(sync_db::Db& db, const HallClock& hall);
// Everything an export looks up, read within store.locked (throws AdminError when the labels or HQ's calendar
// cannot be read).
Lookup load_lookup(sync_db::Db& db, const std::string& assets_dir, const HallClock& hall);
// Each 差评 reason id → its 中文 wording in the list the kiosks ship (assets_dir; empty when "" or unreadable).
std::map<std::string, std::string> shipped_reason_wordings(const std::string& assets_dir);
// The shipped wordings overlaid with every wording HQ published, its current list's last.
std::map<std::string, std::string> reason_wordings(sync_db::Db& db, std::map<std::string, std::string> shipped);
// The department a rating's target belongs to ("" when HQ does not know the target).
std::string target_department(const Lookup& l, const protocol::RatingBody& r);
std::string target_department(const Lookup& l, protocol::TargetKind kind, const std::string& target_id);
// A 差评's reasons by their wording, "；"-separated.
std::string reason_text(const Lookup& l, const protocol::RatingBody& r);
// The last day for a 差评's 回访: follow_up_days working days after the day it was given.
std::string follow_up_deadline(const Lookup& l, const protocol::RatingBody& r, const ExportOptions& o);

}  // namespace hq
