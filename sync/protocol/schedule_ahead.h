#pragma once
// The 坐窗口 schedule published ahead (提前发布): this week and next, from today on, by day and half-day. One rule for
// the kiosk's 本周/下周坐窗口 and HQ's public page and calendar feed, over whatever rows each of them holds.
#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "sync/common/civil_time.h"
#include "sync/protocol/enums.h"

namespace protocol {

// The hall's half-days, minutes after midnight in the hall: when the kiosk closes a forgotten sitting, and the hours
// HQ's page and calendar feed give each half-day (kiosk [hours]; hqd serve --morning / --afternoon).
struct HalfDayHours {
  int am_start = 9 * 60, am_end = 12 * 60;
  int pm_start = 13 * 60, pm_end = 17 * 60;
};

// The days shown: today through the Sunday of next week (dates YYYY-MM-DD); both "" for a malformed today.
struct AheadRange {
  std::string from, to;
};
inline AheadRange two_weeks_from(const std::string& today) {
  const int wd = common::weekday_of(today);
  if (wd < 0) return {};
  return {today, common::add_days(today, 13 - wd)};
}

// One day of the range with its sittings: week 0 is this week, 1 next week; halves[0] the morning, [1] the afternoon.
template <typename Row>
struct AheadDay {
  std::string date;
  int week = 0;
  std::array<std::vector<Row>, 2> halves;
};

// Rows (anything with `date` and `half`) grouped by day and half-day within two_weeks_from(today), days in order and
// each half's rows in the order given; rows outside the range are left out, and so are days without any.
template <typename Row>
std::vector<AheadDay<Row>> by_day_and_half(const std::vector<Row>& rows, const std::string& today) {
  const AheadRange range = two_weeks_from(today);
  std::vector<AheadDay<Row>> days;
  if (range.from.empty()) return days;
  const std::string next_monday = common::add_days(range.to, -6);
  for (const Row& r : rows) {
    if (r.date < range.from || r.date > range.to) continue;
    auto it = std::lower_bound(days.begin(), days.end(), r.date,
                               [](const AheadDay<Row>& d, const std::string& date) { return d.date < date; });
    if (it == days.end() || it->date != r.date) it = days.insert(it, AheadDay<Row>{r.date, r.date >= next_monday ? 1 : 0, {}});
    it->halves[r.half == HalfDay::am ? 0 : 1].push_back(r);
  }
  return days;
}

}  // namespace protocol
