#pragma once
// The hall's time at HQ: hqd's injected Clock read at the hall's UTC offset (a setting of the hall kept in
// hqd's database, `hqd set-hall --utc-offset`; Beijing time, +08:00, until set).
#include <cstdint>
#include <memory>
#include <string>

#include "sync/common/clock.h"

namespace hq {

inline constexpr int kDefaultHallOffsetMinutes = 8 * 60;

// Now, today and the local dates of moments, as the hall's clock on the wall shows them.
class HallClock {
 public:
  HallClock(const common::Clock& clock, int utc_offset_minutes)
      : clock_(&clock), offset_(utc_offset_minutes) {}
  std::int64_t now() const { return clock_->now(); }     // unix seconds
  std::string now_iso() const;                           // as HQ stamps its rows: ISO 8601 UTC
  std::string today() const;                             // YYYY-MM-DD in the hall
  std::string date(std::int64_t unix_seconds) const;     // the hall's date of a moment
  std::string date(const std::string& timestamp) const;  // of a timestamp HQ stamped; "" when it is not one
  std::string hhmm(std::int64_t unix_seconds) const;     // "10:20", the hall's time of day of a moment
  std::string minute(std::int64_t unix_seconds) const;   // "2026-11-27 10:20"
  int utc_offset_minutes() const { return offset_; }

 private:
  const common::Clock* clock_;
  int offset_;
};

// hqd's clock: the system's, or with `--now ISO-TIME` one that starts there and runs on (tests, rehearsals).
// Throws std::invalid_argument for a time that is not ISO 8601 with a zone.
std::unique_ptr<common::Clock> make_clock(const std::string& now_option);

}  // namespace hq
