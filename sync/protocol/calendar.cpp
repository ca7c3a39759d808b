#include "sync/protocol/calendar.h"
#include "sync/common/read_text.h"

#include <algorithm>
#include <cstdint>
#include <stdexcept>

#include "sync/common/civil_time.h"

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
  holiday_days_.clear();
  workday_days_.clear();
  for (const auto& d : holidays_)
    if (const auto n = common::parse_date(d)) holiday_days_.insert(*n);
  for (const auto& d : workdays_)
    if (const auto n = common::parse_date(d)) workday_days_.insert(*n);
}

namespace {

// Monday … Sunday as 0 … 6 of days since 1970-01-01 (day 0 was a Thursday).
int weekday_of_day(std::int64_t day) { return static_cast<int>((day + 3) % 7); }

}  // namespace

bool WorkCalendar::is_working_day(std::int64_t day) const {
  if (workday_days_.count(day)) return true;
  if (holiday_days_.count(day)) return false;
  return weekday_of_day(day) < 5;
}

bool WorkCalendar::is_working_day(const std::string& date) const {
  if (workdays_.count(date)) return true;
  if (holidays_.count(date)) return false;
  return weekday_of(date) < 5;
}

std::string WorkCalendar::add_working_days(const std::string& date, int n) const {
  if (n <= 0) return date;
  auto day = common::parse_date(date);
  if (!day) return {};
  for (int guard = 0; n > 0 && guard < 3660; ++guard)
    if (is_working_day(++*day)) --n;
  return common::format_date(*day);
}

int WorkCalendar::working_days_between(const std::string& from, const std::string& to) const {
  const auto a = common::parse_date(from), b = common::parse_date(to);
  if (!a || !b || *b <= *a) return 0;
  // Monday to Friday in (a, b] by arithmetic (1970-01-01, day 0, was a Thursday: weekday 3), then the calendar's
  // exceptions within the range: a holiday on a weekday less, a 调休 working day on a weekend more.
  const auto weekdays_through = [](std::int64_t day) {
    const std::int64_t n = day + 3;  // days since the Monday before 1970-01-01
    return n / 7 * 5 + std::min<std::int64_t>(n % 7 + 1, 5);
  };
  std::int64_t n = weekdays_through(*b) - weekdays_through(*a);
  for (auto it = holiday_days_.upper_bound(*a); it != holiday_days_.end() && *it <= *b; ++it)
    if (weekday_of_day(*it) < 5 && !workday_days_.count(*it)) --n;
  for (auto it = workday_days_.upper_bound(*a); it != workday_days_.end() && *it <= *b; ++it)
    if (weekday_of_day(*it) >= 5) ++n;
  return static_cast<int>(std::min<std::int64_t>(n, 3660));
}

}  // namespace protocol
