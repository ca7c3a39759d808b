// 签到: confirm the planned window, or record an unplanned sitting with its window and reason.
#include <array>

#include "kiosk/ui/screens/duty_board.h"
#include "kiosk/ui/screens/home.h"
#include "kiosk/ui/screens/staff.h"
#include "kiosk/ui/ui.h"

namespace ui {
namespace {

// "C05 窗口 科技项目服务": the window as painted above it and what it handles.
std::string window_words(Ui& ui, const core::Window& w) {
  std::string out = fill(ui.tr("duty.window"), {{"n", w.number}});
  if (!w.name.empty()) out += " " + w.name;
  return out;
}

}  // namespace

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
  // Landscape: the sittings and reasons on the left, the windows on the right.
  const bool wide = ui.landscape();
  const float full_w = wide ? (ui.width() - 2 * m - ui.px(40)) / 2 : ui.width() - 2 * m;
  const float chip_h = ui.px(96);

  ui.text(FontRole::title, ui.tr("checkin.planned"), ImVec2(m, y), t.text);
  y += ui.line_height(FontRole::title) + ui.px(8);
  for (const auto& row : ui.today()) {
    if (row.official.id != s.official_id || row.schedule_id.empty()) continue;
    const std::string label = ui.half_text(row.half) + " · " + window_words(ui, row.window);
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
  // The window chosen, said in words above the button that confirms it.
  const auto windows = ui.store().windows();
  const core::Window* chosen = nullptr;
  for (const auto& w : windows)
    if (w.id == s.window_id) chosen = &w;
  const float chosen_h = ui.line_height(FontRole::title) + ui.px(16);
  const float wx = wide ? m + full_w + ui.px(40) : m;  // the windows, the window chosen and 确认签到
  const float err_h = ui.line_height(FontRole::body) + ui.px(16);  // kept whether or not there is a message
  if (s.schedule_id.empty() && !s.reason_key.empty()) {
    // Which window, and why nobody planned it.
    static constexpr std::array<const char*, 4> kReasons = {"checkin.reason.swap", "checkin.reason.extra",
                                                            "checkin.reason.assigned", "checkin.reason.other"};
    ui.text(FontRole::body, ui.tr("checkin.reason"), ImVec2(m, y), t.text2);
    y += ui.line_height(FontRole::body) + ui.px(6);
    const int per_row = 2;
    const float cw = (full_w - gap * static_cast<float>(per_row - 1)) / static_cast<float>(per_row);
    for (std::size_t i = 0; i < kReasons.size(); ++i) {
      const float cx = m + static_cast<float>(i % static_cast<std::size_t>(per_row)) * (cw + gap);
      const float cy = y + static_cast<float>(i / static_cast<std::size_t>(per_row)) * (chip_h + gap);
      if (ui.chip(kReasons[i], ui.tr(kReasons[i]), ImVec2(cx, cy), ImVec2(cx + cw, cy + chip_h), s.reason_key == kReasons[i]))
        s.reason_key = kReasons[i];
    }
    y += static_cast<float>((kReasons.size() + per_row - 1) / per_row) * (chip_h + gap) + ui.px(12);
    if (wide) y = origin.y;
    ui.text(FontRole::body, ui.tr("checkin.window"), ImVec2(wx, y), t.text2);
    y += ui.line_height(FontRole::body) + ui.px(6);
    ui.grid("checkin.windows", ImVec2(wx, y), ImVec2(ui.width() - m, bottom - bh - chosen_h - err_h), windows.size(), 2,
            chip_h, [&](std::size_t i, ImVec2 a, ImVec2 b) {
              if (!ui.chip("checkin.window." + windows[i].id, windows[i].number + " " + windows[i].name, a, b,
                           s.window_id == windows[i].id))
                return false;
              s.window_id = windows[i].id;
              s.error_key.clear();
              return true;
            });
  }

  const float said_y = bottom - bh - chosen_h;
  // "请选择窗口" is said once, on the line that names the window, in the warning colour after a tap on 确认.
  const bool need_window = s.error_key == "checkin.need_window";
  if (!s.error_key.empty() && !need_window)
    ui.text_in(FontRole::body, ui.tr(s.error_key.c_str()), ImVec2(wx, said_y - err_h + ui.px(4)),
               ImVec2(ui.width() - m, said_y - ui.px(4)), t.accent, 0.5f);
  const std::string where = chosen ? window_words(ui, *chosen) : std::string();
  ui.text_in(FontRole::title, chosen ? fill(ui.tr("checkin.at"), {{"window", where}}) : ui.tr("checkin.need_window"),
             ImVec2(wx, said_y), ImVec2(ui.width() - m, said_y + chosen_h - ui.px(8)),
             chosen ? t.text : need_window ? t.accent : t.text2, 0.5f);
  if (ui.button("checkin.confirm", ui.tr("checkin.confirm"), ImVec2(wx, bottom - bh), ImVec2(ui.width() - m, bottom),
                chosen ? Tone::primary : Tone::disabled)) {
    if (!chosen) {
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
    } catch (const core::AlreadyCheckedIn&) {
      s.error_key = "checkin.already";
      return;
    } catch (const core::StoreError&) {
      s.error_key = "error.save";
      return;
    }
    ui.toast(fill(ui.tr("checkin.done_at"), {{"window", where}}));
    ui.go(screens::home);  // the board opens afresh, on the current half-day
    ui.go(screens::duty_board);
  }
}

const ScreenDef screens::staff_checkin{
    .name = "staff_checkin", .draw = draw_staff_checkin, .on_leave = forget_staff_message,
    .saves = true};

}  // namespace ui
