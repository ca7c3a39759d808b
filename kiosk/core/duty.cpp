#include "kiosk/core/duty.h"

#include <map>

#include "kiosk/core/clock.h"

namespace core {

std::vector<DutyRow> load_duty(Store& store, const std::string& from_date, const std::string& to_date) {
  std::map<std::string, Official> officials;
  for (auto& o : store.officials()) officials.emplace(o.id, std::move(o));
  std::map<std::string, Department> departments;
  for (auto& d : store.departments()) departments.emplace(d.id, std::move(d));
  std::map<std::string, Window> windows;
  for (auto& w : store.windows()) windows.emplace(w.id, std::move(w));

  std::vector<protocol::PlannedSitting> planned;
  for (const auto& e : store.schedule(from_date, to_date))
    planned.push_back({e.id, e.date, e.official_id, e.window_id, e.half});
  std::vector<protocol::SittingTimes> sittings;
  for (const auto& s : store.sittings(from_date, to_date))
    sittings.push_back({s.schedule_id, s.date, s.official_id, s.window_id, s.half, s.checkin_at, s.checkout_at});

  std::vector<DutyRow> rows;
  for (const auto& l : protocol::match_duty(planned, sittings)) {
    DutyRow r;
    r.schedule_id = l.schedule_id;
    r.date = l.date;
    r.half = l.half;
    r.status = l.status;
    r.since = l.since;
    if (auto it = officials.find(l.official_id); it != officials.end()) r.official = it->second;
    if (auto it = windows.find(l.window_id); it != windows.end()) r.window = it->second;
    if (auto it = departments.find(r.official.department_id); it != departments.end()) r.department = it->second;
    rows.push_back(std::move(r));
  }
  return rows;
}

HalfDay half_at(int minute_of_day, int pm_start_minutes) {
  // Lunch belongs to the afternoon once the morning has ended an hour before it starts.
  return minute_of_day < pm_start_minutes - 60 ? HalfDay::am : HalfDay::pm;
}

std::string week_start(const std::string& date) {
  const int wd = weekday_of(date);
  return wd < 0 ? std::string() : add_days(date, -wd);
}

}  // namespace core
