#include "kiosk/core/clock.h"

#include <chrono>
#include <cstdio>

namespace core {
using namespace std::chrono;

std::int64_t SystemClock::now() const {
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

double SystemClock::elapsed() const { return duration<double>(steady_clock::now().time_since_epoch()).count(); }

std::string CivilTime::date() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::string CivilTime::hhmm() const {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", hour, minute);
  return buf;
}

CivilTime to_civil(std::int64_t unix_seconds, int utc_offset_minutes) {
  const sys_seconds t{seconds{unix_seconds + std::int64_t{utc_offset_minutes} * 60}};
  const sys_days day_point = floor<days>(t);
  const year_month_day ymd{day_point};
  const hh_mm_ss hms{t - day_point};
  CivilTime c;
  c.year = static_cast<int>(ymd.year());
  c.month = static_cast<int>(static_cast<unsigned>(ymd.month()));
  c.day = static_cast<int>(static_cast<unsigned>(ymd.day()));
  c.hour = static_cast<int>(hms.hours().count());
  c.minute = static_cast<int>(hms.minutes().count());
  c.second = static_cast<int>(hms.seconds().count());
  c.weekday = static_cast<int>(weekday{day_point}.iso_encoding()) - 1;
  return c;
}

std::int64_t from_civil(int y, int m, int d, int hh, int mm, int ss, int utc_offset_minutes) {
  const sys_days day_point{year{y} / month{static_cast<unsigned>(m)} / day{static_cast<unsigned>(d)}};
  return duration_cast<seconds>(day_point.time_since_epoch()).count() + hh * 3600 + mm * 60 + ss -
         std::int64_t{utc_offset_minutes} * 60;
}

std::string to_iso8601(std::int64_t unix_seconds, int utc_offset_minutes) {
  const CivilTime c = to_civil(unix_seconds, utc_offset_minutes);
  const int off = utc_offset_minutes < 0 ? -utc_offset_minutes : utc_offset_minutes;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d%c%02d:%02d", c.year, c.month, c.day, c.hour,
                c.minute, c.second, utc_offset_minutes < 0 ? '-' : '+', off / 60, off % 60);
  return buf;
}

std::optional<std::int64_t> parse_iso8601(const std::string& text, int default_offset_minutes) {
  const auto t = parse_iso8601_zoned(text, default_offset_minutes);
  if (!t) return std::nullopt;
  return t->unix_seconds;
}

std::optional<ZonedTime> parse_iso8601_zoned(const std::string& text, int default_offset_minutes) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, n = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5) return std::nullopt;
  std::size_t pos = static_cast<std::size_t>(n);
  if (pos < text.size() && text[pos] == ':') {
    int n2 = 0;
    if (std::sscanf(text.c_str() + pos, ":%2d%n", &s, &n2) != 1) return std::nullopt;
    pos += static_cast<std::size_t>(n2);
  }
  int offset = default_offset_minutes;
  const std::string zone = text.substr(pos);
  if (zone == "Z") {
    offset = 0;
  } else if (!zone.empty()) {
    int zh = 0, zm = 0;
    if (zone.size() != 6 || (zone[0] != '+' && zone[0] != '-') ||
        std::sscanf(zone.c_str() + 1, "%2d:%2d", &zh, &zm) != 2)
      return std::nullopt;
    offset = (zone[0] == '-' ? -1 : 1) * (zh * 60 + zm);
  }
  if (!year_month_day{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}}.ok() ||
      h > 23 || mi > 59 || s > 60)
    return std::nullopt;
  return ZonedTime{from_civil(y, mo, d, h, mi, s, offset), offset};
}

std::optional<int> parse_hhmm(const std::string& text) {
  int h = 0, m = 0;
  if (text.size() != 5 || text[2] != ':' || std::sscanf(text.c_str(), "%2d:%2d", &h, &m) != 2 || h > 23 ||
      m > 59 || h < 0 || m < 0)
    return std::nullopt;
  return h * 60 + m;
}

}  // namespace core
