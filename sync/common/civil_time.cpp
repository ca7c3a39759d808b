#include "sync/common/civil_time.h"

#include <cstdio>

namespace common {
namespace {

// Reads `n` digits at s[pos]; -1 if any is missing or not a digit.
int digits(std::string_view s, std::size_t pos, std::size_t n) {
  if (pos + n > s.size()) return -1;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

int days_in_month(int y, int m) {
  static constexpr int kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

void civil_from_days(std::int64_t z, int& y, int& m, int& d) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<int>(z - era * 146097);
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp + (mp < 10 ? 3 : -9);
  y = static_cast<int>(yoe + era * 400) + (m <= 2 ? 1 : 0);
}

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}

// Parses "YYYY-MM-DDTHH:MM[:SS[.fff]][zone]"; seconds and zone are required when `wire`.
std::optional<ZonedTime> parse_moment(std::string_view s, bool wire, int default_offset) {
  if (s.size() < 16 || !parse_date(s.substr(0, 10)) || s[10] != 'T' || s[13] != ':') return std::nullopt;
  const int hh = digits(s, 11, 2), mi = digits(s, 14, 2);
  int ss = 0;
  std::size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    ss = digits(s, pos + 1, 2);
    if (ss < 0) return std::nullopt;
    pos += 3;
    if (pos < s.size() && s[pos] == '.') {
      std::size_t n = 0;
      while (pos + 1 < s.size() && s[pos + 1] >= '0' && s[pos + 1] <= '9' && n < 9) ++pos, ++n;
      if (n == 0) return std::nullopt;
      ++pos;
    }
  } else if (wire) {
    return std::nullopt;
  }
  if (hh < 0 || hh > 23 || mi < 0 || mi > 59 || ss > 59) return std::nullopt;
  int offset = default_offset;
  if (pos < s.size()) {
    const auto zone = parse_utc_offset(s.substr(pos));
    if (!zone) return std::nullopt;
    offset = *zone;
  } else if (wire) {
    return std::nullopt;
  }
  return ZonedTime{from_civil(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2), hh, mi, ss, offset), offset};
}

}  // namespace

std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<std::int64_t>(era) * 146097 + doe - 719468;
}

bool is_real_day(int y, int m, int d) {
  return y >= kFirstYear && y <= kLastYear && m >= 1 && m <= 12 && d >= 1 && d <= days_in_month(y, m);
}

std::optional<std::int64_t> parse_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  const int y = digits(s, 0, 4), m = digits(s, 5, 2), d = digits(s, 8, 2);
  if (!is_real_day(y, m, d)) return std::nullopt;
  return days_from_civil(y, m, d);
}

bool valid_date(std::string_view s) { return parse_date(s).has_value(); }

std::string format_date(std::int64_t days) {
  int y = 0, m = 0, d = 0;
  civil_from_days(days, y, m, d);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
  return buf;
}

std::string add_days(const std::string& date, int days) {
  const auto p = parse_date(date);
  return p ? format_date(*p + days) : std::string();
}

int weekday_of(const std::string& date) {
  const auto p = parse_date(date);
  if (!p) return -1;
  return static_cast<int>(*p + 3 - floor_div(*p + 3, 7) * 7);  // 1970-01-01 was a Thursday (3)
}

std::string CivilTime::date() const {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return buf;
}

std::string CivilTime::hhmm() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", hour, minute);
  return buf;
}

CivilTime to_civil(std::int64_t unix_seconds, int utc_offset_minutes) {
  const std::int64_t local = unix_seconds + std::int64_t{utc_offset_minutes} * 60;
  const std::int64_t days = floor_div(local, 86400);
  const auto sec = static_cast<int>(local - days * 86400);
  CivilTime c;
  civil_from_days(days, c.year, c.month, c.day);
  c.hour = sec / 3600;
  c.minute = sec / 60 % 60;
  c.second = sec % 60;
  c.weekday = static_cast<int>(days + 3 - floor_div(days + 3, 7) * 7);
  return c;
}

std::int64_t from_civil(int y, int m, int d, int hh, int mm, int ss, int utc_offset_minutes) {
  return days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss - std::int64_t{utc_offset_minutes} * 60;
}

std::optional<ZonedTime> parse_timestamp_zoned(std::string_view text) { return parse_moment(text, true, 0); }

std::optional<std::int64_t> parse_timestamp(std::string_view text) {
  const auto t = parse_moment(text, true, 0);
  if (!t) return std::nullopt;
  return t->unix_seconds;
}

std::optional<ZonedTime> parse_iso8601_zoned(std::string_view text, int default_offset_minutes) {
  return parse_moment(text, false, default_offset_minutes);
}

std::optional<std::int64_t> parse_iso8601(std::string_view text, int default_offset_minutes) {
  const auto t = parse_moment(text, false, default_offset_minutes);
  if (!t) return std::nullopt;
  return t->unix_seconds;
}

std::string format_timestamp_utc(std::int64_t unix_seconds) {
  const CivilTime c = to_civil(unix_seconds, 0);
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year, c.month, c.day, c.hour, c.minute,
                c.second);
  return buf;
}

std::string to_iso8601(std::int64_t unix_seconds, int utc_offset_minutes) {
  const CivilTime c = to_civil(unix_seconds, utc_offset_minutes);
  char buf[80];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d", c.year, c.month, c.day, c.hour, c.minute,
                c.second);
  return buf + format_utc_offset(utc_offset_minutes);
}

std::string utc_date(std::int64_t unix_seconds) { return format_date(floor_div(unix_seconds, 86400)); }

std::optional<int> parse_utc_offset(std::string_view s) {
  if (s == "Z") return 0;
  if (s.size() != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':') return std::nullopt;
  const int h = digits(s, 1, 2), m = digits(s, 4, 2);
  if (h < 0 || m < 0 || m > 59 || h * 60 + m > 14 * 60) return std::nullopt;
  return (s[0] == '-' ? -1 : 1) * (h * 60 + m);
}

std::string format_utc_offset(int minutes) {
  const int a = minutes < 0 ? -minutes : minutes;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", minutes < 0 ? '-' : '+', a / 60, a % 60);
  return buf;
}

std::optional<int> parse_hhmm(std::string_view s) {
  if (s.size() != 5 || s[2] != ':') return std::nullopt;
  const int h = digits(s, 0, 2), m = digits(s, 3, 2);
  if (h < 0 || h > 23 || m < 0 || m > 59) return std::nullopt;
  return h * 60 + m;
}

}  // namespace common
