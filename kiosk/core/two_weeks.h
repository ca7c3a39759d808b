#pragma once
// 本周/下周坐窗口: the planned sittings from today to the end of next week, by day and half-day, with who and where
// (the rule of sync/protocol/schedule_ahead.h, which HQ's public page follows too).
#include <string>
#include <vector>

#include "kiosk/core/duty.h"
#include "sync/protocol/schedule_ahead.h"

namespace core {

using protocol::AheadRange;
using protocol::two_weeks_from;

// One day of the two weeks: its date, week (0 this week, 1 next) and each half-day's planned rows by window.
using ScheduleDay = protocol::AheadDay<DutyRow>;

// The days of this week and next, from `today` on, that have planned sittings.
std::vector<ScheduleDay> two_weeks(Store& store, const std::string& today);

}  // namespace core
