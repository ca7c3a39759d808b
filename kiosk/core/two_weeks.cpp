#include "kiosk/core/two_weeks.h"

#include <algorithm>
#include <tuple>

namespace core {

std::vector<ScheduleDay> two_weeks(Store& store, const std::string& today) {
  const protocol::AheadRange range = protocol::two_weeks_from(today);
  if (range.from.empty()) return {};
  std::vector<DutyRow> planned;
  for (auto& r : load_duty(store, range.from, range.to))
    if (!r.schedule_id.empty()) planned.push_back(std::move(r));  // what was published, not who came unplanned
  std::stable_sort(planned.begin(), planned.end(), [](const DutyRow& a, const DutyRow& b) {
    return std::tie(a.date, a.half, a.window.number, a.official.name) <
           std::tie(b.date, b.half, b.window.number, b.official.name);
  });
  return protocol::by_day_and_half(planned, today);
}

}  // namespace core
