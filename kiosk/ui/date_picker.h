#pragma once
// A month of days to choose a working day from, reaching any month with ‹ and ›: days before the first
// allowed one and the work calendar's rest days are shown but cannot be chosen.
#include <string>

#include "kiosk/ui/ui.h"

namespace ui {

// What a tap on the month did this frame.
struct DatePick {
  enum Kind { none, chosen, refused } kind = none;
  std::string date;   // the day tapped (YYYY-MM-DD)
  bool rest = false;  // refused because it is a rest day (else: before the first allowed day)
  float bottom = 0;   // where the month's last row ends
};

// Draws the month `month` ("YYYY-MM", moved by ‹ ›, never before `first`'s month) within min..max; `selected`
// is ticked. Widgets: ID.prev, ID.next, ID.day.YYYY-MM-DD.
DatePick date_picker(Ui& ui, const std::string& id, std::string& month, const std::string& first,
                     const std::string& selected, ImVec2 min, ImVec2 max);

// A day as the screens write it, 12月4日 星期五, with the year (2027年6月15日 星期二) when it is not this year's.
std::string day_text(const Ui& ui, const std::string& date);

}  // namespace ui
