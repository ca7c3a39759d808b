// After the PIN: the official sees where they stand today and checks in or out, or records a 走流程.
#include <algorithm>

#include "kiosk/ui/screens/home.h"
#include "kiosk/ui/screens/staff.h"
#include "kiosk/ui/ui.h"

namespace ui {

void draw_staff_menu(Ui& ui) {
  const Theme& t = ui.theme();
  StaffFlow& s = staff(ui);
  const auto official = ui.store().official(s.official_id);
  if (!official || !s.verified) {
    ui.go(screens::home);
    return;
  }
  const ImVec2 origin = ui.header(ui.tr("staff.menu.title"), screens::home);
  const float m = ui.px(32);
  float y = origin.y;
  const auto open = ui.store().open_sitting(s.official_id);

  const float r = ui.px(70), lh_t = ui.line_height(FontRole::title), lh_b = ui.line_height(FontRole::body);
  const ImVec2 pa(m, y), pb(ui.width() - m, y + std::max(2 * r, lh_t + 2 * lh_b) + ui.px(48));
  ui.panel(pa, pb, t.surface, 22, true);
  ui.avatar(*official, ImVec2(pa.x + ui.px(28) + r, pa.y + ui.px(24) + r), r);
  const float x = pa.x + ui.px(28) + 2 * r + ui.px(28);
  float ty = pa.y + ui.px(24);
  ui.text_in(FontRole::title, fill(ui.tr("staff.menu.hello"), {{"name", official->name}}), ImVec2(x, ty),
             ImVec2(pb.x - ui.px(20), ty + lh_t), t.text);
  ty += lh_t;
  ui.text_in(FontRole::body, official->title, ImVec2(x, ty), ImVec2(pb.x - ui.px(20), ty + lh_b), t.text2);
  ty += lh_b;
  std::string state = ui.tr("staff.menu.not_in");
  if (open) {
    std::string window = open->window_id;
    for (const auto& w : ui.store().windows())
      if (w.id == open->window_id) window = w.number;
    state = fill(ui.tr("staff.menu.in_since"),
                 {{"time", core::to_civil(open->checkin_at, ui.config().utc_offset_minutes).hhmm()}, {"window", window}});
  }
  ui.text_in(FontRole::body, state, ImVec2(x, ty), ImVec2(pb.x - ui.px(20), ty + lh_b), open ? t.good : t.text);
  y = pb.y + ui.px(40);

  const float bh = ui.px(150), bw = std::min(ui.width() - 2 * m, ui.px(900));
  const float bx = (ui.width() - bw) / 2;
  if (open) {
    if (ui.button("staff.checkout", ui.tr("staff.checkout"), ImVec2(bx, y), ImVec2(bx + bw, y + bh), Tone::primary)) {
      s.visitors.clear();
      s.problems.clear();
      s.walking = false;
      ui.go(screens::staff_checkout);
    }
  } else {
    if (ui.button("staff.checkin", ui.tr("staff.checkin"), ImVec2(bx, y), ImVec2(bx + bw, y + bh), Tone::primary)) {
      s.schedule_id.clear();
      s.window_id.clear();
      s.reason_key.clear();
      s.error_key.clear();
      // The planned sitting of this half-day is the likely one.
      for (const auto& row : ui.today())
        if (row.official.id == s.official_id && row.half == ui.current_half() && !row.schedule_id.empty()) {
          s.schedule_id = row.schedule_id;
          s.window_id = row.window.id;
        }
      ui.go(screens::staff_checkin);
    }
  }
  y += bh + ui.px(24);
  // 干部走流程: any time, sitting or not.
  if (ui.button("staff.walk", ui.tr("staff.walk"), ImVec2(bx, y), ImVec2(bx + bw, y + ui.px(120)), Tone::plain)) {
    s.walking = true;
    s.problems.clear();
    s.walk_item_id.clear();
    s.walk_item_name.clear();
    s.walk_forms.clear();
    s.picking_item = false;
    s.item_department.clear();
    s.error_key.clear();
    ui.go(screens::staff_walk);
  }
  y += ui.px(120) + ui.px(24);
  if (ui.button("staff.leave", ui.tr("staff.leave"), ImVec2(bx, y), ImVec2(bx + bw, y + ui.px(110)), Tone::plain))
    ui.go(screens::home);
}

const ScreenDef screens::staff_menu{
    .name = "staff_menu", .draw = draw_staff_menu, .on_leave = forget_staff_message};

}  // namespace ui
