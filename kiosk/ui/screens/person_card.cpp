// A leader's card: who they are, where they sit today, this week's sittings, and what a citizen can do.
#include "kiosk/ui/screens/person_card.h"

#include <algorithm>

#include "kiosk/ui/draw.h"
#include "kiosk/ui/screens/duty_board.h"
#include "kiosk/ui/screens/rate.h"
#include "kiosk/ui/screens/report.h"
#include "kiosk/ui/ui.h"

namespace ui {

namespace {

// One planned sitting of the week: when on the first line, where on the second, today's status on the right.
void draw_week_row(Ui& ui, const core::DutyRow& row, ImVec2 a, ImVec2 b, bool is_today) {
  const Theme& t = ui.theme();
  ui.panel(a, b, is_today ? IM_COL32(0xEA, 0xF1, 0xFB, 0xFF) : t.surface, 14, true);
  if (is_today) round_rect(ui.dl(), a, ImVec2(a.x + ui.px(10), b.y), t.primary, ui.px(14), ImDrawFlags_RoundCornersLeft);
  const std::string when = ui.date_text(row.date, false) + " " + ui.half_text(row.half);
  const std::string where = fill(ui.tr("duty.window"), {{"n", row.window.number}}) + " " + row.window.name;
  const float lh = ui.line_height(FontRole::body), lh_s = ui.line_height(FontRole::small);
  const float ty = (a.y + b.y - lh - lh_s) / 2;
  const float badge_w = is_today ? ui.status_badge(row, ImVec2(), FontRole::small, true) : 0;
  const float text_max = b.x - ui.px(24) - (is_today ? badge_w + ui.px(16) : 0);
  ui.text_in(FontRole::body, when, ImVec2(a.x + ui.px(28), ty), ImVec2(text_max, ty + lh), t.text);
  ui.text_in(FontRole::small, where, ImVec2(a.x + ui.px(28), ty + lh), ImVec2(text_max, ty + lh + lh_s), t.text2);
  if (is_today) {
    const float bh = ui.line_height(FontRole::small) + ui.px(4);
    ui.status_badge(row, ImVec2(b.x - ui.px(24) - badge_w, (a.y + b.y - bh) / 2), FontRole::small);
  }
}

}  // namespace

void draw_person_card(Ui& ui) {
  const Theme& t = ui.theme();
  const std::string& official_id = ui.state<PersonCardState>().official_id;
  const ImVec2 origin = ui.header(ui.tr("card.title"), screens::duty_board);
  const std::vector<core::DutyRow>& week = ui.week_of(official_id);
  const core::DutyRow* today = nullptr;
  for (const auto& r : ui.today())
    if (r.official.id == official_id && (!today || r.half == ui.current_half())) today = &r;
  if (!today && week.empty()) {
    ui.go(screens::duty_board);
    return;
  }
  const core::DutyRow& who = today ? *today : week.front();
  const float m = ui.px(32);
  float y = origin.y;

  // Identity panel; today's place and status go on one line when they fit, else on two.
  const float r = ui.px(84);
  const float lh_d = ui.line_height(FontRole::display), lh_b = ui.line_height(FontRole::body);
  std::string where;
  float where_w = 0, badge_w = 0;
  if (today) {
    where = ui.tr("card.today") + " " + ui.half_text(today->half) + " · " +
            fill(ui.tr("duty.window"), {{"n", today->window.number}}) + " " + today->window.name;
    where_w = ui.measure(FontRole::body, where).x;
    badge_w = ui.status_badge(*today, ImVec2(), FontRole::body, true);
  }
  const float inner_w = ui.width() - 2 * m - ui.px(64);
  const bool one_line = where_w + ui.px(24) + badge_w <= inner_w;
  const float today_h = today ? (one_line ? lh_b + ui.px(24) : 2 * lh_b + ui.px(40)) : 0;
  const float id_h = std::max(2 * r, lh_d + 2 * lh_b) + ui.px(56) + today_h;
  const ImVec2 pa(m, y), pb(ui.width() - m, y + id_h);
  ui.panel(pa, pb, t.surface, 22, true);
  ui.avatar(who.official, ImVec2(pa.x + ui.px(32) + r, pa.y + ui.px(28) + r), r);
  const float x = pa.x + ui.px(32) + 2 * r + ui.px(36);
  float ty = pa.y + ui.px(24);
  ui.text_in(FontRole::display, who.official.name, ImVec2(x, ty), ImVec2(pb.x - ui.px(24), ty + lh_d), t.text);
  ty += lh_d;
  ui.text_in(FontRole::body, who.official.title + " · " + ui.tr(core::label_key(who.official.rank)), ImVec2(x, ty),
             ImVec2(pb.x - ui.px(24), ty + lh_b), t.text);
  ty += lh_b;
  ui.text_in(FontRole::body, who.department.name, ImVec2(x, ty), ImVec2(pb.x - ui.px(24), ty + lh_b), t.text2);
  if (today) {
    const float sy = pa.y + ui.px(28) + std::max(2 * r, lh_d + 2 * lh_b) + ui.px(20);
    ui.text_in(FontRole::body, where, ImVec2(pa.x + ui.px(32), sy + ui.px(4)), ImVec2(pb.x - ui.px(32), sy + ui.px(4) + lh_b),
               t.primary);
    if (one_line)
      ui.status_badge(*today, ImVec2(pa.x + ui.px(32) + where_w + ui.px(24), sy), FontRole::body);
    else
      ui.status_badge(*today, ImVec2(pa.x + ui.px(32), sy + lh_b + ui.px(16)), FontRole::body);
  }
  y = pb.y + ui.px(28);

  // Actions, kept at the bottom where a thumb reaches them.
  const float bh = ui.px(120), bottom = ui.footer_top() - ui.px(24);
  const float bw = (ui.width() - 2 * m - ui.px(24)) / 2;
  if (ui.button("card.rate", ui.tr("card.rate"), ImVec2(m, bottom - bh), ImVec2(m + bw, bottom), Tone::primary)) {
    RateFlow& rating = ui.state<RateFlow>();
    rating.target_kind = core::TargetKind::official;
    rating.target_id = who.official.id;
    rating.target_name = who.official.name;
    ui.go(screens::rate_form);
  }
  if (ui.button("card.report", ui.tr("card.report"), ImVec2(m + bw + ui.px(24), bottom - bh),
                ImVec2(ui.width() - m, bottom), Tone::plain)) {
    ui.state<ReportFlow>().department_id = who.official.department_id;
    ui.go(screens::report_item);
  }

  // This week's sittings.
  ui.text(FontRole::title, ui.tr("card.week"), ImVec2(m, y), t.text);
  y += ui.line_height(FontRole::title) + ui.px(12);
  const ImVec2 la(m, y), lb(ui.width() - m, bottom - bh - ui.px(24));
  if (week.empty()) {
    ui.text(FontRole::body, ui.tr("card.none_week"), la, t.text2);
    return;
  }
  const float row_h = ui.px(118), gap = ui.px(12);
  const float offset =
      ui.begin_list("card.week", la, lb, static_cast<float>(week.size()) * (row_h + gap) - gap);
  const std::string today_date = ui.now().date();
  for (std::size_t i = 0; i < week.size(); ++i) {
    const core::DutyRow& row = week[i];
    const ImVec2 a(la.x, la.y - offset + static_cast<float>(i) * (row_h + gap)), b(lb.x, a.y + row_h);
    if (b.y < la.y || a.y > lb.y) continue;
    draw_week_row(ui, row, a, b, row.date == today_date);
  }
  ui.end_list();
}

const ScreenDef screens::person_card{.name = "person_card", .draw = draw_person_card};

}  // namespace ui
