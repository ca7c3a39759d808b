// 本周/下周坐窗口: this week (from today) or next week, each day's 上午 and 下午 with name, title, department and
// window of whoever is planned; no phone numbers. Informs only: nothing in the list is a button.
#include "kiosk/ui/screens/two_weeks.h"

#include <algorithm>

#include "kiosk/ui/draw.h"
#include "kiosk/ui/screens/home.h"
#include "kiosk/ui/ui.h"

namespace ui {
namespace {

// The week shown: 0 this week, 1 next week.
struct TwoWeeksState {
  int week = 0;
};

// One line of the list: a day's heading, a half-day's heading, or a row of up to `cols` people.
struct Line {
  enum Kind { day_line, half_line, people_line, nobody_line } kind = day_line;
  float height = 0;
  const core::ScheduleDay* day_of = nullptr;
  core::HalfDay half = core::HalfDay::am;
  std::vector<const core::DutyRow*> rows;
};

std::vector<Line> lines_of(Ui& ui, const std::vector<const core::ScheduleDay*>& days, int cols, float row_h) {
  std::vector<Line> out;
  const float day_h = ui.line_height(FontRole::title) + ui.px(28), half_h = ui.line_height(FontRole::body) + ui.px(12);
  for (const core::ScheduleDay* d : days) {
    out.push_back({Line::day_line, day_h, d, core::HalfDay::am, {}});
    for (int h = 0; h < 2; ++h) {
      const core::HalfDay half = h == 0 ? core::HalfDay::am : core::HalfDay::pm;
      const auto& rows = d->halves[static_cast<std::size_t>(h)];
      out.push_back({rows.empty() ? Line::nobody_line : Line::half_line, half_h, d, half, {}});
      for (std::size_t i = 0; i < rows.size(); i += static_cast<std::size_t>(cols)) {
        Line l{Line::people_line, row_h + ui.px(12), d, half, {}};
        for (std::size_t j = i; j < std::min(rows.size(), i + static_cast<std::size_t>(cols)); ++j) l.rows.push_back(&rows[j]);
        out.push_back(std::move(l));
      }
    }
  }
  return out;
}

}  // namespace

void draw_two_weeks(Ui& ui) {
  const Theme& t = ui.theme();
  TwoWeeksState& st = ui.state<TwoWeeksState>();
  const ImVec2 origin = ui.header(ui.tr("weeks.title"), screens::home);
  const float m = ui.px(32), gap = ui.px(16);
  float y = origin.y;

  // The two weeks as chips, and the dates the chosen one covers (this week's from today).
  const std::string today = ui.now().date();
  const core::AheadRange range = core::two_weeks_from(today);
  const float tw = (ui.width() - 2 * m - gap) / 2, th = ui.px(100);
  for (int i = 0; i < 2; ++i) {
    const float x = m + static_cast<float>(i) * (tw + gap);
    const char* key = i == 0 ? "weeks.this" : "weeks.next";
    if (ui.chip(i == 0 ? "weeks.tab.this" : "weeks.tab.next", ui.tr(key), ImVec2(x, y), ImVec2(x + tw, y + th), st.week == i))
      st.week = i;
  }
  y += th + ui.px(12);
  const std::string next_monday = core::add_days(range.to, -6);
  const std::string from = st.week == 0 ? range.from : next_monday;
  const std::string to = st.week == 0 ? core::add_days(next_monday, -1) : range.to;
  const float lh = ui.line_height(FontRole::body);
  ui.text_in(FontRole::body, ui.date_text(from, false) + " – " + ui.date_text(to, false), ImVec2(m, y),
             ImVec2(ui.width() - m, y + lh), t.text2);
  y += lh + ui.px(16);

  std::vector<const core::ScheduleDay*> days;
  for (const auto& d : ui.two_weeks())
    if (d.week == st.week) days.push_back(&d);
  const ImVec2 la(m, y), lb(ui.width() - m, ui.footer_top() - ui.px(16));
  if (days.empty()) {
    ui.text_in(FontRole::body, ui.tr("weeks.empty"), la, ImVec2(lb.x, la.y + ui.px(200)), t.text2, 0.5f);
    return;
  }
  const int cols = ui.landscape() ? 2 : 1;
  const float row_h = ui.px(ui.large() ? 150 : 124);
  const std::vector<Line> lines = lines_of(ui, days, cols, row_h);
  float content_h = 0;
  for (const Line& l : lines) content_h += l.height;
  // Each week its own list, so that the other week opens at its top.
  const float offset = ui.begin_list("weeks.list." + std::to_string(st.week), la, lb, content_h);
  float ly = la.y - offset;
  const float col_w = (lb.x - la.x - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
  // The day, with 今天 where it is today, and a rule under it.
  const auto day_heading = [&](const core::ScheduleDay& day, float top, float height) {
    std::string words = ui.date_text(day.date, false);
    if (day.date == today) words += " · " + ui.tr("weeks.today");
    const float tl = ui.line_height(FontRole::title);
    ui.text_in(FontRole::title, words, ImVec2(la.x, top + ui.px(8)), ImVec2(lb.x, top + ui.px(8) + tl),
               day.date == today ? t.primary : t.text);
    round_rect(ui.dl(), ImVec2(la.x, top + height - ui.px(16)), ImVec2(lb.x, top + height - ui.px(13)), t.border);
  };
  const core::ScheduleDay* top_day = nullptr;  // the day of the first line in view
  bool top_day_heading_shown = false;
  for (const Line& l : lines) {
    const float top = ly;
    ly += l.height;
    if (ly < la.y || top > lb.y) continue;
    if (!top_day) {
      top_day = l.day_of;
      top_day_heading_shown = l.kind == Line::day_line && top >= la.y;
    }
    switch (l.kind) {
      case Line::day_line:
        day_heading(*l.day_of, top, l.height);
        break;
      case Line::half_line:
      case Line::nobody_line: {
        std::string words = ui.half_text(l.half);
        if (l.kind == Line::nobody_line) words += " · " + ui.tr("weeks.nobody");
        ui.text_in(FontRole::body, words, ImVec2(la.x + ui.px(8), top), ImVec2(lb.x, top + l.height), t.text2);
        break;
      }
      case Line::people_line:
        for (std::size_t i = 0; i < l.rows.size(); ++i) {
          const float x = la.x + static_cast<float>(i) * (col_w + gap);
          ui.person_row(*l.rows[i], ImVec2(x, top), ImVec2(x + col_w, top + row_h), false);
        }
        break;
    }
  }
  // Scrolled into a day, its heading stays at the top of the list, so no row is read without its day.
  if (top_day && !top_day_heading_shown) {
    const float day_h = lines.front().height;
    round_rect(ui.dl(), la, ImVec2(lb.x, la.y + day_h), t.bg);
    day_heading(*top_day, la.y, day_h);
  }
  ui.end_list();
}

const ScreenDef screens::two_weeks{.name = "two_weeks", .draw = draw_two_weeks};

}  // namespace ui
