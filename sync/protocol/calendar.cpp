#include "sync/protocol/calendar.h"
#include "sync/common/read_text.h"

#include <stdexcept>

#include "sync/protocol/reference_json.h"

namespace protocol {

void WorkCalendar::load(const std::string& path) {
  const auto text = common::read_text(path);
  if (!text) throw std::runtime_error("cannot read working-day calendar " + path);
  try {
    load_json(*text);
  } catch (const DecodeError& e) {
    throw std::runtime_error("working-day calendar " + path + ": " + e.what());
  }
}

void WorkCalendar::load_json(const std::string& text) {
  const CalendarData c = decode_calendar(text);
  set({c.holidays.begin(), c.holidays.end()}, {c.workdays.begin(), c.workdays.end()}, c.version);
}

void WorkCalendar::set(std::set<std::string> holidays, std::set<std::string> workdays, std::string version) {
  holidays_ = std::move(holidays);
  workdays_ = std::move(workdays);
  version_ = std::move(version);
}

bool WorkCalendar::is_working_day(const std::string& date) const {
  if (workdays_.count(date)) return true;
  if (holidays_.count(date)) return false;
  return weekday_of(date) < 5;
}

std::string WorkCalendar::add_working_days(const std::string& date, int n) const {
  std::string d = date;
  for (int guard = 0; n > 0 && guard < 3660; ++guard) {
    d = add_days(d, 1);
    if (d.empty()) return {};
    if (is_working_day(d)) --n;
  }
  return d;
}

int WorkCalendar::working_days_between(const std::string& from, const std::string& to) const {
  int n = 0;
  for (std::string d = add_days(from, 1); !d.empty() && d <= to && n < 3660; d = add_days(d, 1))
    if (is_working_day(d)) ++n;
  return n;
}

}  // namespace protocol
