// A leader's card: who they are, where they sit today, this week's sittings, and what a citizen can do.
#include <algorithm>

#include "kiosk/ui/ui.h"

namespace ui {

void draw_person_card(Ui& ui) {
  const Theme& t = ui.theme();
  const ImVec2 origin = ui.header(ui.tr("card.title"), Screen::duty_board);
  const std::vector<core::DutyRow> week = ui.week_of(ui.card_official);
  const core::DutyRow* today = nullptr;
  for (const auto& r : ui.today())
    if (r.official.id == ui.card_official && (!today || r.half == ui.current_half())) today = &r;
  if (!today && week.empty()) {
    ui.go(Screen::duty_board);
    return;
  }
  const core::DutyRow& who = today ? *today : week.front();
  const float m = ui.px(32);
  float y = origin.y;

  // Identity panel.
  const float r = ui.px(84);
  const float lh_d = ui.line_height(FontRole::display), lh_b = ui.line_height(FontRole::body);
  const float id_h = std::max(2 * r, lh_d + 2 * lh_b) + ui.px(56) + (today ? lh_b + ui.px(24) : 0);
  const ImVec2 pa(m, y), pb(ui.width() - m, y + id_h);
  ui.panel(pa, pb, t.surface, 22, true);
  ui.avatar(who.official, ImVec2(pa.x + ui.px(32) + r, pa.y + ui.px(28) + r), r);
  const float x = pa.x + ui.px(32) + 2 * r + ui.px(36);
  float ty = pa.y + ui.px(24);
  ui.text_in(FontRole::display, who.official.name, ImVec2(x, ty), ImVec2(pb.x - ui.px(24), ty + lh_d), t.text);
  ty += lh_d;
  ui.text_in(FontRole::body, who.official.title + " · " + ui.tr(ui.rank_key(who.official.rank)), ImVec2(x, ty),
             ImVec2(pb.x - ui.px(24), ty + lh_b), t.text);
  ty += lh_b;
  ui.text_in(FontRole::body, who.department.name, ImVec2(x, ty), ImVec2(pb.x - ui.px(24), ty + lh_b), t.text2);
  if (today) {
    const float sy = pa.y + ui.px(28) + std::max(2 * r, lh_d + 2 * lh_b) + ui.px(20);
    const std::string where = ui.tr("card.today") + " " + ui.half_text(today->half) + " · " +
                              fill(ui.tr("duty.window"), {{"n", today->window.number}}) + " " + today->window.name;
    const ImVec2 ws = ui.measure(FontRole::body, where);
    ui.text(FontRole::body, where, ImVec2(pa.x + ui.px(32), sy + ui.px(4)), t.primary);
    ui.status_badge(*today, ImVec2(pa.x + ui.px(32) + ws.x + ui.px(24), sy), FontRole::body);
  }
  y = pb.y + ui.px(28);

  // Actions, kept at the bottom where a thumb reaches them.
  const float bh = ui.px(120), bottom = ui.footer_top() - ui.px(24);
  const float bw = (ui.width() - 2 * m - ui.px(24)) / 2;
  if (ui.button("card.rate", ui.tr("card.rate"), ImVec2(m, bottom - bh), ImVec2(m + bw, bottom), Tone::primary)) {
    ui.soon_title_key = "card.rate";
    ui.go(Screen::coming_soon);
  }
  if (ui.button("card.report", ui.tr("card.report"), ImVec2(m + bw + ui.px(24), bottom - bh),
                ImVec2(ui.width() - m, bottom), Tone::plain)) {
    ui.soon_title_key = "card.report";
    ui.go(Screen::coming_soon);
  }

  // This week's sittings.
  ui.text(FontRole::title, ui.tr("card.week"), ImVec2(m, y), t.text);
  y += ui.line_height(FontRole::title) + ui.px(12);
  const ImVec2 la(m, y), lb(ui.width() - m, bottom - bh - ui.px(24));
  if (week.empty()) {
    ui.text(FontRole::body, ui.tr("card.none_week"), la, t.text2);
    return;
  }
  const float row_h = ui.px(108), gap = ui.px(12);
  const float offset =
      ui.begin_list("card.week", la, lb, static_cast<float>(week.size()) * (row_h + gap) - gap);
  const std::string today_date = ui.now().date();
  for (std::size_t i = 0; i < week.size(); ++i) {
    const core::DutyRow& row = week[i];
    const ImVec2 a(la.x, la.y - offset + static_cast<float>(i) * (row_h + gap)), b(lb.x, a.y + row_h);
    if (b.y < la.y || a.y > lb.y) continue;
    const bool is_today = row.date == today_date;
    ui.panel(a, b, is_today ? IM_COL32(0xEA, 0xF1, 0xFB, 0xFF) : t.surface, 14, true);
    if (is_today) ui.dl()->AddRectFilled(a, ImVec2(a.x + ui.px(10), b.y), t.primary, ui.px(14), ImDrawFlags_RoundCornersLeft);
    const std::string when = ui.date_text(row.date, false) + " " + ui.half_text(row.half);
    const std::string where = fill(ui.tr("duty.window"), {{"n", row.window.number}}) + " " + row.window.name;
    const float cy = (a.y + b.y) / 2;
    const float lh = ui.line_height(FontRole::body);
    const float col2 = a.x + (b.x - a.x) * 0.36f;
    ui.text_in(FontRole::body, when, ImVec2(a.x + ui.px(28), cy - lh / 2), ImVec2(col2 - ui.px(12), cy + lh / 2), t.text);
    float badge_w = 0;
    if (is_today) badge_w = ui.status_badge(row, ImVec2(), FontRole::small, true);
    ui.text_in(FontRole::body, where, ImVec2(col2, cy - lh / 2), ImVec2(b.x - ui.px(24) - badge_w - ui.px(16), cy + lh / 2),
               t.text2);
    if (is_today) {
      const float bh2 = ui.line_height(FontRole::small) + ui.px(4);
      ui.status_badge(row, ImVec2(b.x - ui.px(24) - badge_w, cy - bh2 / 2), FontRole::small);
    }
  }
  ui.end_list();
}

}  // namespace ui
