// 工作人员: an official picks themselves from today's schedule (or from everyone, for an unplanned sitting).
#include "kiosk/ui/screens/home.h"
#include "kiosk/ui/screens/staff.h"
#include "kiosk/ui/ui.h"

namespace ui {

void draw_staff_pick(Ui& ui) {
  const Theme& t = ui.theme();
  const ImVec2 origin = ui.header(ui.tr("staff.pick.title"), screens::home);
  const float m = ui.px(32);
  float y = origin.y;
  ui.text(FontRole::body, ui.tr(staff(ui).pick_all ? "staff.pick.all_hint" : "staff.pick.hint"), ImVec2(m, y), t.text2);
  y += ui.line_height(FontRole::body) + ui.px(16);

  // The rows: today's planned sittings, or every official.
  std::vector<core::DutyRow> rows;
  if (staff(ui).pick_all) {
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
  if (ui.button("staff.pick.toggle", ui.tr(staff(ui).pick_all ? "staff.pick.today" : "staff.pick.others"),
                ImVec2(m, bottom - bh), ImVec2(m + bw, bottom), Tone::plain))
    staff(ui).pick_all = !staff(ui).pick_all;
  if (ui.button("staff.operator", ui.tr("staff.operator"), ImVec2(ui.width() - m - bw, bottom - bh),
                ImVec2(ui.width() - m, bottom), Tone::quiet)) {
    staff(ui).for_operator = true;
    ui.go(screens::operator_pin);
  }
  const ImVec2 la(m, y), lb(ui.width() - m, bottom - bh - ui.px(24));
  if (rows.empty()) {
    ui.text_in(FontRole::body, ui.tr("staff.pick.none"), la, ImVec2(lb.x, la.y + ui.px(160)), t.text2, 0.5f);
    return;
  }
  ui.grid("staff.pick.list", la, lb, rows.size(), ui.landscape() ? 2 : 1, ui.px(150), [&](std::size_t i, ImVec2 a, ImVec2 b) {
    if (!ui.duty_row("staff.pick." + rows[i].official.id, rows[i], a, b, !staff(ui).pick_all)) return false;
    staff(ui).official_id = rows[i].official.id;
    staff(ui).for_operator = false;
    ui.go(screens::staff_pin);
    return true;
  });
}

const ScreenDef screens::staff_pick{
    .name = "staff_pick", .draw = draw_staff_pick, .on_leave = forget_staff_message};

}  // namespace ui
