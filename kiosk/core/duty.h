#pragma once
// Today's duty board: who is scheduled at which window, and whether they are there now.
#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/core/store.h"
#include "sync/protocol/duty_status.h"

namespace core {

using protocol::DutyStatus;

// One line of the board: a planned (or unplanned) sitting with its live status.
struct DutyRow {
  std::string schedule_id;  // empty for a sitting nobody planned
  std::string date;
  HalfDay half = HalfDay::am;
  Official official;
  Department department;
  Window window;
  DutyStatus status = DutyStatus::not_arrived;
  std::int64_t since = 0;  // check-in time when on duty, check-out time when left
};

// The board for a range of dates (one day for the board, a week for a person's card), matched as HQ matches it
// (protocol::match_duty).
std::vector<DutyRow> load_duty(Store& store, const std::string& from_date, const std::string& to_date);

// The half-day a moment falls in: morning until the afternoon starts.
HalfDay half_at(int minute_of_day, int pm_start_minutes);

// The Monday of the week a date falls in.
std::string week_start(const std::string& date);

}  // namespace core
