#pragma once
// Time for the kiosk: an injectable "now" and civil (local) dates at a fixed UTC offset.
#include <atomic>
#include <cstdint>
#include <optional>
#include <string>

#include "sync/protocol/calendar.h"

namespace core {

// Where "now" comes from; tests and the headless driver set it by hand.
// now() is the wall clock, for dates and records; elapsed() only moves forward, for timers (idle, countdowns),
// so a wall-clock jump neither strands a visitor on a screen nor sends them home early.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::int64_t now() const = 0;  // unix seconds
  virtual double elapsed() const = 0;    // seconds since an arbitrary start, never backwards
};

class SystemClock : public Clock {
 public:
  std::int64_t now() const override;
  double elapsed() const override;
};

// Real time shifted to start at a chosen moment (an interactive kiosk started with --now).
class OffsetClock : public Clock {
 public:
  explicit OffsetClock(std::int64_t start) : offset_(start - SystemClock().now()) {}
  std::int64_t now() const override { return SystemClock().now() + offset_; }
  double elapsed() const override { return SystemClock().elapsed(); }

 private:
  std::int64_t offset_;
};

// A clock that only moves when told to: advance() is time passing, set() a jump of the wall clock alone.
class ManualClock : public Clock {
 public:
  explicit ManualClock(std::int64_t start) : now_(start) {}
  std::int64_t now() const override { return now_.load(); }
  double elapsed() const override { return static_cast<double>(elapsed_.load()); }
  void set(std::int64_t t) { now_.store(t); }
  void advance(std::int64_t seconds) {
    now_.fetch_add(seconds);
    if (seconds > 0) elapsed_.fetch_add(seconds);
  }

 private:
  std::atomic<std::int64_t> now_;
  std::atomic<std::int64_t> elapsed_{0};
};

// A moment broken down at the hall's UTC offset.
struct CivilTime {
  int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  int weekday = 0;  // 0 = Monday … 6 = Sunday
  std::string date() const;  // YYYY-MM-DD
  std::string hhmm() const;  // HH:MM
  int minute_of_day() const { return hour * 60 + minute; }
};

CivilTime to_civil(std::int64_t unix_seconds, int utc_offset_minutes);
std::int64_t from_civil(int year, int month, int day, int hour, int minute, int second,
                        int utc_offset_minutes);
// "2026-11-28T09:02:00+08:00"
std::string to_iso8601(std::int64_t unix_seconds, int utc_offset_minutes);
// Accepts YYYY-MM-DDTHH:MM[:SS] with Z, ±HH:MM, or no zone (then the given offset applies).
std::optional<std::int64_t> parse_iso8601(const std::string& text, int default_offset_minutes);
// The same, also giving the offset the text was written at (so its local date and hour can be recovered).
struct ZonedTime {
  std::int64_t unix_seconds = 0;
  int utc_offset_minutes = 0;
};
std::optional<ZonedTime> parse_iso8601_zoned(const std::string& text, int default_offset_minutes);
using protocol::add_days;
using protocol::weekday_of;
// "HH:MM" to minutes after midnight; nullopt if malformed.
std::optional<int> parse_hhmm(const std::string& text);

}  // namespace core
