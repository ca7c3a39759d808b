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

  auto make_row = [&](const std::string& schedule_id, const std::string& date, HalfDay half,
                      const std::string& official_id, const std::string& window_id) {
    DutyRow r;
    r.schedule_id = schedule_id;
    r.date = date;
    r.half = half;
    if (auto it = officials.find(official_id); it != officials.end()) r.official = it->second;
    if (auto it = windows.find(window_id); it != windows.end()) r.window = it->second;
    if (auto it = departments.find(r.official.department_id); it != departments.end()) r.department = it->second;
    return r;
  };

  std::vector<DutyRow> rows;
  for (const auto& e : store.schedule(from_date, to_date))
    rows.push_back(make_row(e.id, e.date, e.half, e.official_id, e.window_id));

  // Attach sittings: by schedule id first, else by official, date and half-day; the rest are unplanned.
  for (const auto& s : store.sittings(from_date, to_date)) {
    DutyRow* match = nullptr;
    for (auto& r : rows) {
      const bool same = s.schedule_id ? r.schedule_id == *s.schedule_id
                                      : (r.official.id == s.official_id && r.date == s.date && r.half == s.half);
      if (same) match = &r;
    }
    if (!match) {
      rows.push_back(make_row({}, s.date, s.half, s.official_id, s.window_id));
      match = &rows.back();
    }
    if (s.checkout_at) {
      // A later open sitting wins over an earlier closed one.
      if (match->status != DutyStatus::on_duty) {
        match->status = DutyStatus::left;
        match->since = *s.checkout_at;
      }
    } else {
      match->status = DutyStatus::on_duty;
      match->since = s.checkin_at;
    }
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
