// 签退: the rest of the 附件3 row — visitors received and the problems found — then close the sitting.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "kiosk/ui/date_picker.h"
#include "kiosk/ui/screens/duty_board.h"
#include "kiosk/ui/screens/home.h"
#include "kiosk/ui/screens/staff.h"
#include "kiosk/ui/ui.h"

namespace ui {

void draw_staff_checkout(Ui& ui) {
  const Theme& t = ui.theme();
  StaffFlow& s = staff(ui);
  const auto open = ui.store().open_sitting(s.official_id);
  if (!s.verified || !open) {
    ui.go(screens::home);
    return;
  }
  const ImVec2 origin = ui.header(ui.tr("checkout.title"), screens::staff_menu);
  const float gap = ui.px(16), bh = ui.px(120);

  // Visitors received, typed on the keypad, which sits where every keypad screen has it (keypad_layout);
  // the problems found take the room above it (portrait) or beside it (landscape). No OK key: the one
  // confirmation is 确认签退, after the problems.
  const KeypadLayout l = keypad_layout(ui, origin.y);
  keypad_frame(ui, l, ui.tr("checkout.visitors"), {}, t.accent);
  keypad_number(ui, l, s.visitors.empty() ? "0" : s.visitors, "0");
  keypad(ui, "checkout.pad", s.visitors, 4, l.pad_min, l.pad_max, "");
  while (s.visitors.size() > 1 && s.visitors[0] == '0') s.visitors.erase(0, 1);

  // Problems found.
  const float px0 = l.info_min.x;
  float py = l.info_min.y;
  const float pw = l.info_max.x - l.info_min.x;
  const float bottom = l.info_max.y;
  const std::string heading = fill(ui.tr("checkout.problems"), {{"n", std::to_string(s.problems.size())}});
  const float add_w = ui.px(240);
  ui.text_in(FontRole::title, heading, ImVec2(px0, py), ImVec2(px0 + pw - add_w - gap, py + ui.px(90)), t.text);
  if (ui.button("checkout.add", ui.tr("checkout.add"), ImVec2(px0 + pw - add_w, py), ImVec2(px0 + pw, py + ui.px(90)),
                Tone::plain))
    open_problem_draft(ui);
  py += ui.px(90) + gap;
  // How long this sitting has lasted, and, while it is shorter than half a working day, that checking out now
  // means it does not count: said here, before the official decides, not only after.
  const std::int64_t now_s = ui.clock().now();
  const std::int64_t sat = std::max<std::int64_t>(0, now_s - open->checkin_at) / 60;
  const bool short_sitting = static_cast<double>(now_s - open->checkin_at) < ui.config().min_sitting_hours * 3600.0;
  std::string note = fill(ui.tr("checkout.sitting"),
                          {{"time", core::to_civil(open->checkin_at, ui.config().utc_offset_minutes).hhmm()},
                           {"h", std::to_string(sat / 60)},
                           {"m", std::to_string(sat % 60)}});
  if (short_sitting) {
    char hours[16];
    std::snprintf(hours, sizeof hours, "%g", ui.config().min_sitting_hours);
    note += "\n" + fill(ui.tr("checkout.short_warning"), {{"hours", hours}});
  }
  const float note_h = ui.text_wrapped(FontRole::body, note, ImVec2(), pw, 0, false);
  const float note_y = bottom - bh - ui.px(16) - note_h;
  ui.text_wrapped(FontRole::body, note, ImVec2(px0, note_y), pw, short_sitting ? t.warn : t.text2);
  const float msg_h = ui.line_height(FontRole::body) + ui.px(12);
  const ImVec2 la(px0, py), lb(px0 + pw, note_y - msg_h - ui.px(8));
  problem_list(ui, "checkout", la, lb, "checkout.no_problems");

  if (!s.error_key.empty())
    ui.text_in(FontRole::body, ui.tr(s.error_key.c_str()), ImVec2(px0, note_y - msg_h), ImVec2(px0 + pw, note_y - ui.px(4)),
               t.accent, 0.5f);
  if (ui.button("checkout.confirm", ui.tr("checkout.confirm"), ImVec2(px0, bottom - bh), ImVec2(px0 + pw, bottom),
                Tone::primary)) {
    const int visitors = s.visitors.empty() ? 0 : std::stoi(s.visitors);
    const std::int64_t now = ui.clock().now();
    try {
      ui.store().check_out(core::CheckOut{open->uuid, now, visitors, s.problems, false}, ui.config().min_sitting_hours);
    } catch (const core::StoreError&) {
      s.error_key = "error.save";
      return;
    }
    const std::int64_t minutes = (now - open->checkin_at) / 60;
    std::string msg = fill(ui.tr("checkout.done"), {{"h", std::to_string(minutes / 60)}, {"m", std::to_string(minutes % 60)}});
    if (static_cast<double>(now - open->checkin_at) < ui.config().min_sitting_hours * 3600.0)
      msg += ui.tr("checkout.short");
    ui.toast(msg);
    ui.go(screens::home);
    ui.go(screens::duty_board);
  }
}

const ScreenDef screens::staff_checkout{
    .name = "staff_checkout", .draw = draw_staff_checkout, .on_leave = forget_staff_message,
    .saves = true};

}  // namespace ui
