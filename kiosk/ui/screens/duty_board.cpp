// 今日坐窗口: today's schedule by half-day with live status; a tap opens the person's card.
#include "kiosk/ui/screens/duty_board.h"

#include <algorithm>
#include <optional>

#include "kiosk/ui/draw.h"
#include "kiosk/ui/screens/home.h"
#include "kiosk/ui/screens/person_card.h"
#include "kiosk/ui/screens/two_weeks.h"
#include "kiosk/ui/ui.h"

namespace ui {
namespace {

// The half-day shown: the current one when the board opens, then the tab tapped.
struct DutyBoardState {
  std::optional<core::HalfDay> half;
};

}  // namespace

void draw_duty_board(Ui& ui) {
  const Theme& t = ui.theme();
  DutyBoardState& board = ui.state<DutyBoardState>();
  if (!board.half) board.half = ui.current_half();
  const ImVec2 origin = ui.header(ui.tr("duty.title"), screens::home);
  const float m = ui.px(32);
  float y = origin.y;

  // Date and the half-day switch.
  const std::string date = ui.date_text(ui.now().date(), true);
  // Today's date, and beside it the way to the two weeks ahead.
  const float link_h = ui.px(84);
  const std::string ahead = ui.tr("duty.two_weeks");
  const float link_w = std::min(ui.measure(FontRole::body, ahead).x + ui.px(48), (ui.width() - 2 * m) * 0.55f);
  if (ui.button("duty.two_weeks", ahead, ImVec2(ui.width() - m - link_w, y), ImVec2(ui.width() - m, y + link_h), Tone::plain))
    ui.go(screens::two_weeks);
  ui.text_in(FontRole::body, date, ImVec2(m, y), ImVec2(ui.width() - m - link_w - ui.px(16), y + link_h), t.text2);
  y += link_h + ui.px(12);
  const float tab_h = ui.px(100), tab_w = (ui.width() - 2 * m) / 2;
  for (int i = 0; i < 2; ++i) {
    const core::HalfDay half = i == 0 ? core::HalfDay::am : core::HalfDay::pm;
    const ImVec2 a(m + static_cast<float>(i) * tab_w, y), b(a.x + tab_w, y + tab_h);
    const std::string id = i == 0 ? "duty.tab.am" : "duty.tab.pm";
    const bool selected = board.half == half;
    int count = 0;
    for (const auto& r : ui.today()) count += r.half == half;
    if (ui.tap(id, a, b)) board.half = half;
    const ImDrawFlags corners = i == 0 ? ImDrawFlags_RoundCornersLeft : ImDrawFlags_RoundCornersRight;
    round_rect(ui.dl(), a, b, selected ? t.primary : (ui.held(id) ? t.pressed : t.surface), ui.px(16), corners);
    ui.dl()->AddRect(a, b, t.primary, ui.px(16), corners, 2.5f);
    const std::string label = ui.half_text(half) + " (" + std::to_string(count) + ")";
    ui.text_in(FontRole::title, label, a, b, selected ? t.on_primary : t.primary, 0.5f);
    // Selection is also shown by an underline bar, not by colour alone.
    if (selected)
      round_rect(ui.dl(), ImVec2(a.x + tab_w * 0.3f, b.y - ui.px(12)), ImVec2(b.x - tab_w * 0.3f, b.y - ui.px(6)),
                             t.on_primary, 3);
  }
  y += tab_h + ui.px(20);

  std::vector<const core::DutyRow*> rows;
  for (const auto& r : ui.today())
    if (r.half == board.half) rows.push_back(&r);
  const ImVec2 la(m, y), lb(ui.width() - m, ui.footer_top() - ui.px(16));
  if (rows.empty()) {
    ui.text_in(FontRole::body, ui.tr("duty.empty"), la, ImVec2(lb.x, la.y + ui.px(200)), t.text2, 0.5f);
    return;
  }
  ui.grid("duty.list", la, lb, rows.size(), ui.landscape() ? 2 : 1, ui.px(172), [&](std::size_t i, ImVec2 a, ImVec2 b) {
    if (!ui.duty_row("duty.row." + rows[i]->official.id, *rows[i], a, b)) return false;
    ui.state<PersonCardState>().official_id = rows[i]->official.id;
    ui.go(screens::person_card);
    return true;
  });
}

const ScreenDef screens::duty_board{.name = "duty_board", .draw = draw_duty_board};

}  // namespace ui
