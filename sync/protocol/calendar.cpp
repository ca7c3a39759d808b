#include "sync/protocol/calendar.h"

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "sync/protocol/reference_json.h"

namespace protocol {
namespace {
using namespace std::chrono;

std::optional<sys_days> parse_date(const std::string& s) {
  int y = 0, m = 0, d = 0;
  if (s.size() != 10 || s[4] != '-' || s[7] != '-' || std::sscanf(s.c_str(), "%4d-%2d-%2d", &y, &m, &d) != 3)
    return std::nullopt;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(m)}, day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return sys_days{ymd};
}
}  // namespace

std::string add_days(const std::string& date, int days_to_add) {
  const auto p = parse_date(date);
  if (!p) return {};
  const year_month_day ymd{*p + days{days_to_add}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()));
  return buf;
}

int weekday_of(const std::string& date) {
  const auto p = parse_date(date);
  return p ? static_cast<int>(weekday{*p}.iso_encoding()) - 1 : -1;
}

bool valid_date(const std::string& date) { return parse_date(date).has_value(); }

void WorkCalendar::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read working-day calendar " + path);
  std::stringstream buf;
  buf << in.rdbuf();
  try {
    load_json(buf.str());
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
