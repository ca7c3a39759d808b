#pragma once
// Civil dates and timestamps, once for the kiosk, the sync client and hqd. Text is read strictly: real days
// only (no 2026-02-31, 2026-02-29), years 2000–2099, zones Z or ±HH:MM up to ±14:00.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace common {

inline constexpr int kFirstYear = 2000;
inline constexpr int kLastYear = 2099;

// Days since 1970-01-01 of a proleptic Gregorian date (any year; no checks).
std::int64_t days_from_civil(int year, int month, int day);
// True for a real day of a year 2000–2099.
bool is_real_day(int year, int month, int day);

// Days since 1970-01-01 of a strict "YYYY-MM-DD", or nullopt.
std::optional<std::int64_t> parse_date(std::string_view text);
bool valid_date(std::string_view text);
// "YYYY-MM-DD" of days since 1970-01-01.
std::string format_date(std::int64_t days);
// Adds days to a YYYY-MM-DD date; "" for a malformed date.
std::string add_days(const std::string& date, int days);
// Weekday of a YYYY-MM-DD date, 0 = Monday; -1 for a malformed date.
int weekday_of(const std::string& date);

// A moment broken down at a UTC offset.
struct CivilTime {
  int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  int weekday = 0;           // 0 = Monday … 6 = Sunday
  std::string date() const;  // YYYY-MM-DD
  std::string hhmm() const;  // HH:MM
  int minute_of_day() const { return hour * 60 + minute; }
};
CivilTime to_civil(std::int64_t unix_seconds, int utc_offset_minutes);
std::int64_t from_civil(int year, int month, int day, int hour, int minute, int second,
                        int utc_offset_minutes);

// A moment and the offset its text was written at (so its local date and hour can be recovered).
struct ZonedTime {
  std::int64_t unix_seconds = 0;
  int utc_offset_minutes = 0;
};

// The wire's timestamps: "YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM)", zone required.
std::optional<ZonedTime> parse_timestamp_zoned(std::string_view text);
std::optional<std::int64_t> parse_timestamp(std::string_view text);
// What people write (--now, config): seconds optional, zone optional (then `default_offset_minutes`).
std::optional<ZonedTime> parse_iso8601_zoned(std::string_view text, int default_offset_minutes);
std::optional<std::int64_t> parse_iso8601(std::string_view text, int default_offset_minutes);

// "2026-11-28T01:02:03Z"
std::string format_timestamp_utc(std::int64_t unix_seconds);
// "2026-11-28T09:02:03+08:00"
std::string to_iso8601(std::int64_t unix_seconds, int utc_offset_minutes);
// "2026-11-28": the UTC date of a moment.
std::string utc_date(std::int64_t unix_seconds);

// "+08:00", "-05:30", "Z" → minutes east of UTC (at most ±14:00), or nullopt.
std::optional<int> parse_utc_offset(std::string_view text);
std::string format_utc_offset(int minutes);  // "+08:00"
// "HH:MM" → minutes after midnight, or nullopt.
std::optional<int> parse_hhmm(std::string_view text);

}  // namespace common
