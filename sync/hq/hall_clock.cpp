#include "sync/hq/hall_clock.h"

#include <stdexcept>

#include "sync/common/civil_time.h"

namespace hq {

std::string HallClock::now_iso() const { return common::format_timestamp_utc(now()); }

std::string HallClock::today() const { return date(now()); }

std::string HallClock::date(std::int64_t unix_seconds) const {
  return common::to_civil(unix_seconds, offset_).date();
}

std::string HallClock::date(const std::string& timestamp) const {
  const auto t = common::parse_timestamp(timestamp);
  return t ? date(*t) : std::string();
}

std::string HallClock::hhmm(std::int64_t unix_seconds) const { return common::to_civil(unix_seconds, offset_).hhmm(); }

std::string HallClock::minute(std::int64_t unix_seconds) const {
  const auto c = common::to_civil(unix_seconds, offset_);
  return c.date() + " " + c.hhmm();
}

std::unique_ptr<common::Clock> make_clock(const std::string& now_option) {
  if (now_option.empty()) return std::make_unique<common::SystemClock>();
  const auto start = common::parse_timestamp(now_option);
  if (!start)
    throw std::invalid_argument("--now \"" + now_option +
                                "\" is not a time such as 2026-11-27T10:20:00+08:00");
  return std::make_unique<common::OffsetClock>(*start);
}

}  // namespace hq
