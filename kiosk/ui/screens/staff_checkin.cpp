// 签到: confirm the planned window, or record an unplanned sitting with its window and reason.
#include <array>

#include "kiosk/ui/screens/duty_board.h"
#include "kiosk/ui/screens/home.h"
#include "kiosk/ui/screens/staff.h"
#include "kiosk/ui/ui.h"

namespace ui {

void draw_staff_checkin(Ui& ui) {
  const Theme& t = ui.theme();
  StaffFlow& s = staff(ui);
  if (!s.verified) {
    ui.go(screens::home);
    return;
  }
  const ImVec2 origin = ui.header(ui.tr("staff.checkin"), screens::staff_menu);
  const float m = ui.px(32), gap = ui.px(16);
  float y = origin.y;
  const float full_w = ui.width() - 2 * m;
  const float chip_h = ui.px(96);

  ui.text(FontRole::title, ui.tr("checkin.planned"), ImVec2(m, y), t.text);
  y += ui.line_height(FontRole::title) + ui.px(8);
  for (const auto& row : ui.today()) {
    if (row.official.id != s.official_id || row.schedule_id.empty()) continue;
    const std::string label = ui.half_text(row.half) + " · " + fill(ui.tr("duty.window"), {{"n", row.window.number}}) +
                              " " + row.window.name;
    if (ui.chip("checkin.plan." + row.schedule_id, label, ImVec2(m, y), ImVec2(m + full_w, y + chip_h),
                s.schedule_id == row.schedule_id)) {
      s.schedule_id = row.schedule_id;
      s.window_id = row.window.id;
      s.reason_key.clear();
    }
    y += chip_h + gap;
  }
  const bool unplanned = s.schedule_id.empty() && !s.window_id.empty();
  if (ui.chip("checkin.unplanned", ui.tr("checkin.unplanned"), ImVec2(m, y), ImVec2(m + full_w, y + chip_h),
              s.schedule_id.empty() && (unplanned || !s.reason_key.empty()))) {
    s.schedule_id.clear();
    s.window_id.clear();
    s.reason_key = "checkin.reason.swap";
  }
  y += chip_h + ui.px(28);

  const float bh = ui.px(120), bottom = ui.footer_top() - ui.px(24);
  if (s.schedule_id.empty() && !s.reason_key.empty()) {
    // Which window, and why nobody planned it.
    static constexpr std::array<const char*, 4> kReasons = {"checkin.reason.swap", "checkin.reason.extra",
                                                            "checkin.reason.assigned", "checkin.reason.other"};
    ui.text(FontRole::body, ui.tr("checkin.reason"), ImVec2(m, y), t.text2);
    y += ui.line_height(FontRole::body) + ui.px(6);
    const int per_row = ui.landscape() ? 4 : 2;
    const float cw = (full_w - gap * static_cast<float>(per_row - 1)) / static_cast<float>(per_row);
    for (std::size_t i = 0; i < kReasons.size(); ++i) {
      const float cx = m + static_cast<float>(i % static_cast<std::size_t>(per_row)) * (cw + gap);
      const float cy = y + static_cast<float>(i / static_cast<std::size_t>(per_row)) * (chip_h + gap);
      if (ui.chip(kReasons[i], ui.tr(kReasons[i]), ImVec2(cx, cy), ImVec2(cx + cw, cy + chip_h), s.reason_key == kReasons[i]))
        s.reason_key = kReasons[i];
    }
    y += static_cast<float>((kReasons.size() + per_row - 1) / per_row) * (chip_h + gap) + ui.px(12);
    ui.text(FontRole::body, ui.tr("checkin.window"), ImVec2(m, y), t.text2);
    y += ui.line_height(FontRole::body) + ui.px(6);
    const auto windows = ui.store().windows();
    ui.grid("checkin.windows", ImVec2(m, y), ImVec2(ui.width() - m, bottom - bh - ui.px(24)), windows.size(),
            ui.landscape() ? 6 : 3, chip_h, [&](std::size_t i, ImVec2 a, ImVec2 b) {
              if (!ui.chip("checkin.window." + windows[i].id, windows[i].number, a, b, s.window_id == windows[i].id))
                return false;
              s.window_id = windows[i].id;
              return true;
            });
  }

  if (!s.error_key.empty())
    ui.text_in(FontRole::body, ui.tr(s.error_key.c_str()), ImVec2(m, bottom - bh - ui.px(64)),
               ImVec2(ui.width() - m, bottom - bh - ui.px(12)), t.accent, 0.5f);
  if (ui.button("checkin.confirm", ui.tr("checkin.confirm"), ImVec2(m, bottom - bh), ImVec2(ui.width() - m, bottom),
                Tone::primary)) {
    if (s.window_id.empty()) {
      s.error_key = "checkin.need_window";
      return;
    }
    const core::CivilTime now = ui.now();
    core::CheckIn c{s.official_id, s.window_id, std::nullopt, now.date(), ui.current_half(), ui.clock().now(),
                    std::nullopt};
    if (!s.schedule_id.empty()) c.schedule_id = s.schedule_id;
    else c.unscheduled_reason = ui.tr(s.reason_key.c_str());
    try {
      ui.store().check_in(c);
    } catch (const core::StoreError& e) {
      s.error_key = std::string(e.what()) == "already checked in" ? "checkin.already" : "error.save";
      return;
    }
    ui.toast(ui.tr("checkin.done"));
    ui.go(screens::home);
    ui.go(screens::duty_board);
  }
}

const ScreenDef screens::staff_checkin{
    .name = "staff_checkin", .draw = draw_staff_checkin, .on_leave = forget_staff_message};

}  // namespace ui
