#include "sync/protocol/duty_status.h"

namespace protocol {

std::vector<DutyLine> match_duty(const std::vector<PlannedSitting>& planned, const std::vector<SittingTimes>& sittings) {
  std::vector<DutyLine> lines;
  lines.reserve(planned.size());
  for (const auto& p : planned) lines.push_back({p.schedule_id, p.date, p.official_id, p.window_id, p.half});
  for (const auto& s : sittings) {
    DutyLine* match = nullptr;
    for (auto& l : lines) {
      const bool same = s.schedule_id ? l.schedule_id == *s.schedule_id
                                      : (l.official_id == s.official_id && l.date == s.date && l.half == s.half);
      if (same) match = &l;
    }
    if (!match) {
      lines.push_back({{}, s.date, s.official_id, s.window_id, s.half});
      match = &lines.back();
    }
    if (s.checkout_at) {
      // A later open sitting wins over an earlier closed one.
      if (match->status != DutyStatus::on_duty) {
        match->status = DutyStatus::left;
        match->since = *s.checkout_at;
      }
    } else {
      match->status = DutyStatus::on_duty;
      match->since = s.checkin_at;
    }
  }
  return lines;
}

}  // namespace protocol
