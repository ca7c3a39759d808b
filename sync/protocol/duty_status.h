#pragma once
// Whether the officials planned for a half-day are at their windows: the kiosk's duty board and HQ's dashboard
// match sittings to the schedule by this one rule.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sync/protocol/enums.h"

namespace protocol {

// A planned half-day at a window (a schedule entry).
struct PlannedSitting {
  std::string schedule_id, date, official_id, window_id;
  HalfDay half = HalfDay::am;
};

// A check-in as either end knows it: unix seconds, the check-out absent while the official is still there.
struct SittingTimes {
  std::optional<std::string> schedule_id;  // nullopt: nobody planned it
  std::string date, official_id, window_id;
  HalfDay half = HalfDay::am;
  std::int64_t checkin_at = 0;
  std::optional<std::int64_t> checkout_at;
};

// One line of a duty board: a planned sitting (or one nobody planned) with its live status.
struct DutyLine {
  std::string schedule_id;  // empty for a sitting nobody planned
  std::string date, official_id, window_id;
  HalfDay half = HalfDay::am;
  DutyStatus status = DutyStatus::not_arrived;
  std::int64_t since = 0;  // check-in time when on duty, check-out time when left
};

// The planned sittings in their order, each with the sittings that match it (by schedule id, else by official, date
// and half-day), then the sittings nobody planned; an open sitting wins over a closed one.
std::vector<DutyLine> match_duty(const std::vector<PlannedSitting>& planned, const std::vector<SittingTimes>& sittings);

}  // namespace protocol
