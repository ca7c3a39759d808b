// 工作人员: an official picks themselves from today's schedule (or from everyone, for an unplanned sitting).
#include "kiosk/ui/ui.h"

namespace ui {

void draw_staff_pick(Ui& ui) {
  const Theme& t = ui.theme();
  const ImVec2 origin = ui.header(ui.tr("staff.pick.title"), Screen::home);
  const float m = ui.px(32);
  float y = origin.y;
  ui.text(FontRole::body, ui.tr(ui.staff.pick_all ? "staff.pick.all_hint" : "staff.pick.hint"), ImVec2(m, y), t.text2);
  y += ui.line_height(FontRole::body) + ui.px(16);

  // The rows: today's planned sittings, or every official.
  std::vector<core::DutyRow> rows;
  if (ui.staff.pick_all) {
    const auto departments = ui.store().departments();
    for (const auto& o : ui.store().officials()) {
      core::DutyRow r;
      r.official = o;
      for (const auto& d : departments)
        if (d.id == o.department_id) r.department = d;
      rows.push_back(r);
    }
  } else {
    for (const auto& r : ui.today()) {
      bool seen = false;
      for (const auto& x : rows) seen = seen || x.official.id == r.official.id;
      if (!seen) rows.push_back(r);
    }
  }
  const float bh = ui.px(110), bottom = ui.footer_top() - ui.px(24);
  const float bw = (ui.width() - 2 * m - ui.px(24)) / 2;
  if (ui.button("staff.pick.toggle", ui.tr(ui.staff.pick_all ? "staff.pick.today" : "staff.pick.others"),
                ImVec2(m, bottom - bh), ImVec2(m + bw, bottom), Tone::plain))
    ui.staff.pick_all = !ui.staff.pick_all;
  if (ui.button("staff.operator", ui.tr("staff.operator"), ImVec2(ui.width() - m - bw, bottom - bh),
                ImVec2(ui.width() - m, bottom), Tone::quiet)) {
    ui.staff.for_operator = true;
    ui.go(Screen::operator_pin);
  }
  const ImVec2 la(m, y), lb(ui.width() - m, bottom - bh - ui.px(24));
  if (rows.empty()) {
    ui.text_in(FontRole::body, ui.tr("staff.pick.none"), la, ImVec2(lb.x, la.y + ui.px(160)), t.text2, 0.5f);
    return;
  }
  const int cols = ui.landscape() ? 2 : 1;
  const float row_h = ui.px(150), gap = ui.px(14);
  const float col_w = (lb.x - la.x - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
  const int n_rows = (static_cast<int>(rows.size()) + cols - 1) / cols;
  const float offset = ui.begin_list("staff.pick.list", la, lb, static_cast<float>(n_rows) * (row_h + gap) - gap);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const float x = la.x + static_cast<float>(i % static_cast<std::size_t>(cols)) * (col_w + gap);
    const float ry = la.y - offset + static_cast<float>(i / static_cast<std::size_t>(cols)) * (row_h + gap);
    if (ry + row_h < la.y || ry > lb.y) continue;
    if (ui.duty_row("staff.pick." + rows[i].official.id, rows[i], ImVec2(x, ry), ImVec2(x + col_w, ry + row_h),
                    !ui.staff.pick_all)) {
      ui.staff.official_id = rows[i].official.id;
      ui.staff.for_operator = false;
      ui.go(Screen::staff_pin);
    }
  }
  ui.end_list();
}

}  // namespace ui
