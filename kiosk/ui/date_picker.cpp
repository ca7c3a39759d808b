// The month view of the 限期整改 date: weeks from Monday, rest days marked 休 and refused.
#include "kiosk/ui/date_picker.h"

#include <algorithm>
#include <array>
#include <cstdio>

#include "kiosk/ui/draw.h"

namespace ui {
namespace {

constexpr std::array<const char*, 7> kDayKeys = {"weekday.short.mon", "weekday.short.tue", "weekday.short.wed",
                                                 "weekday.short.thu", "weekday.short.fri", "weekday.short.sat",
                                                 "weekday.short.sun"};

std::string month_of(int y, int m) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d", y, m);
  return buf;
}

// "YYYY-MM" moved by `by` months.
std::string shift_month(const std::string& month, int by) {
  int y = 0, m = 0;
  if (std::sscanf(month.c_str(), "%d-%d", &y, &m) != 2) return month;
  const int k = y * 12 + (m - 1) + by;
  return month_of(k / 12, k % 12 + 1);
}

void arrow(ImDrawList* dl, ImVec2 c, float k, ImU32 col, bool left) {
  const float d = left ? k : -k;
  dl->AddPolyline(std::array<ImVec2, 3>{ImVec2(c.x + d, c.y - 2 * k), ImVec2(c.x, c.y), ImVec2(c.x + d, c.y + 2 * k)}.data(),
                  3, col, 0, k * 0.45f);
}

}  // namespace

DatePick date_picker(Ui& ui, const std::string& id, std::string& month, const std::string& first,
                     const std::string& selected, ImVec2 min, ImVec2 max) {
  const Theme& t = ui.theme();
  DatePick out;
  const std::string first_month = first.substr(0, 7);
  if (month.size() != 7 || month < first_month) month = first_month;
  // ‹ 2026年12月 ›
  const float gap = ui.px(12), bar_h = ui.px(ui.landscape() ? 84 : 100), nav_w = ui.px(150);
  const bool can_back = month > first_month;
  const bool can_fwd = month < "2099-12";  // civil dates end with 2099 (sync/common/civil_time.h)
  const ImVec2 pa(min.x, min.y), pb(min.x + nav_w, min.y + bar_h);
  const ImVec2 na(max.x - nav_w, min.y), nb(max.x, min.y + bar_h);
  if (ui.button(id + ".prev", "", pa, pb, can_back ? Tone::plain : Tone::disabled) && can_back) month = shift_month(month, -1);
  if (ui.button(id + ".next", "", na, nb, can_fwd ? Tone::plain : Tone::disabled) && can_fwd) month = shift_month(month, 1);
  const float k = ui.px(12);
  arrow(ui.dl(), ImVec2((pa.x + pb.x) / 2 - k / 2, (pa.y + pb.y) / 2), k, can_back ? t.primary : t.border, true);
  arrow(ui.dl(), ImVec2((na.x + nb.x) / 2 + k / 2, (na.y + nb.y) / 2), k, can_fwd ? t.primary : t.border, false);
  int y = 0, m = 0;
  if (std::sscanf(month.c_str(), "%d-%d", &y, &m) != 2 || m < 1 || m > 12) return out;
  ui.text_in(FontRole::title,
             ui.month_text(month),
             ImVec2(pb.x + gap, min.y), ImVec2(na.x - gap, min.y + bar_h), t.text, 0.5f);
  // The weekday names, then the weeks.
  const float head_y = min.y + bar_h + gap, head_h = ui.line_height(FontRole::body) + ui.px(8);
  const float cw = (max.x - min.x - 6 * gap) / 7;
  for (std::size_t d = 0; d < 7; ++d) {
    const float x = min.x + static_cast<float>(d) * (cw + gap);
    ui.text_in(FontRole::body, ui.tr(kDayKeys[d]), ImVec2(x, head_y), ImVec2(x + cw, head_y + head_h), t.text2,
               0.5f);
  }
  const std::string day1 = month + "-01";
  const int lead = protocol::weekday_of(day1);  // empty cells before the 1st
  if (lead < 0 || m < 1 || m > 12) return out;
  int days = 28;
  while (days < 31 && protocol::valid_date(month + "-" + std::to_string(days + 1))) ++days;
  const float grid_y = head_y + head_h + gap;
  // The month's weeks fill the height given, but a day is never much taller than it is wide.
  const int weeks = (lead + days + 6) / 7;
  const float wf = static_cast<float>(weeks);
  const float ch = std::min((max.y - grid_y - (wf - 1) * gap) / wf, std::max(cw, ui.px(96)));
  out.bottom = grid_y + wf * ch + (wf - 1) * gap;
  const protocol::WorkCalendar& cal = ui.calendar();
  for (int d = 1; d <= days; ++d) {
    const int cell = lead + d - 1;
    const float x = min.x + static_cast<float>(cell % 7) * (cw + gap);
    const float cy = grid_y + static_cast<float>(cell / 7) * (ch + gap);
    char date[16];
    std::snprintf(date, sizeof date, "%s-%02d", month.c_str(), d);
    const bool too_early = std::string(date) < first;
    const bool rest = !cal.is_working_day(date);
    const bool open = !too_early && !rest;
    const bool sel = selected == date;
    const std::string wid = id + ".day." + date;
    const bool hit = ui.tap(wid, ImVec2(x, cy), ImVec2(x + cw, cy + ch));
    const bool down = open && ui.held(wid);
    const ImU32 fill_col = sel ? t.primary : open ? (down ? t.pressed : t.surface) : t.bg;
    round_rect(ui.dl(), ImVec2(x, cy), ImVec2(x + cw, cy + ch), fill_col, ui.px(12));
    if (open && !sel) ui.dl()->AddRect(ImVec2(x, cy), ImVec2(x + cw, cy + ch), t.border, ui.px(12), 0, 2.0f);
    const ImU32 ink = sel ? t.on_primary : open ? t.text : t.text2;
    // The number (smaller and grey where it cannot be chosen) and, in a rest day's corner, the word for it:
    // not only a paler colour tells them apart.
    const FontRole nr = open || sel ? FontRole::title : FontRole::body;
    ui.text_in(nr, std::to_string(d), ImVec2(x, cy), ImVec2(x + cw, cy + ch), ink, 0.5f);
    if (rest) {
      const float sh = ui.line_height(FontRole::small);
      ui.text_in(FontRole::small, ui.tr("picker.rest"), ImVec2(x + cw / 2, cy + ui.px(2)),
                 ImVec2(x + cw - ui.px(6), cy + ui.px(2) + sh), t.accent, 1.0f);
    }
    if (!hit) continue;
    out.date = date;
    out.kind = open ? DatePick::chosen : DatePick::refused;
    out.rest = rest;
  }
  return out;
}

std::string day_text(const Ui& ui, const std::string& date) {
  return ui.date_text(date, date.substr(0, 4) != ui.now().date().substr(0, 4));
}

}  // namespace ui
