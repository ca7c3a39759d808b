// The PIN pad, for an official or for the operator: dots, never digits; a lockout after repeated failures.
#include <algorithm>
#include <cmath>

#include "kiosk/ui/screens/home.h"
#include "kiosk/ui/screens/staff.h"
#include "kiosk/ui/ui.h"

namespace ui {
namespace {

constexpr const char* kOperator = "@operator";

void check_pin(Ui& ui) {
  StaffFlow& s = staff(ui);
  const std::string who = s.for_operator ? kOperator : s.official_id;
  std::string hash = ui.config().operator_pin_hash;
  if (!s.for_operator) {
    const auto o = ui.store().official(s.official_id);
    hash = o && o->pin_hash ? *o->pin_hash : "";
  }
  if (s.pin.size() < 4) {
    s.message_key = "pin.short";
    core::wipe(s.pin);
    return;
  }
  const auto r = ui.pins().check(who, hash, s.pin, ui.clock().now());
  core::wipe(s.pin);
  s.attempts_left = r.attempts_left;
  s.locked_until = r.locked_until;
  switch (r.result) {
    case core::PinGate::Result::ok:
      s.message_key.clear();
      s.verified = true;
      ui.go(s.for_operator ? screens::operator_panel : screens::staff_menu);
      break;
    case core::PinGate::Result::wrong: s.message_key = "pin.wrong"; break;
    case core::PinGate::Result::locked: s.message_key = "pin.locked"; break;
    case core::PinGate::Result::no_pin: s.message_key = "pin.none"; break;
  }
}

}  // namespace

void draw_staff_pin(Ui& ui) {
  const Theme& t = ui.theme();
  StaffFlow& s = staff(ui);
  const ImVec2 origin = ui.header(ui.tr(s.for_operator ? "pin.operator_title" : "pin.title"),
                                  s.for_operator ? screens::home : screens::staff_pick);
  const float m = ui.px(32);
  const bool wide = ui.landscape();
  const float bottom = ui.footer_top() - ui.px(24);

  // Who, and what happened last.
  float y = origin.y + ui.px(8);
  const float info_w = wide ? ui.width() * 0.45f - m : ui.width() - 2 * m;
  if (!s.for_operator) {
    if (const auto o = ui.store().official(s.official_id)) {
      const float r = ui.px(56);
      ui.avatar(*o, ImVec2(m + r, y + r), r);
      ui.text_in(FontRole::title, o->name, ImVec2(m + 2 * r + ui.px(24), y), ImVec2(m + info_w, y + 2 * r), t.text);
      y += 2 * r + ui.px(24);
    }
  }
  const std::int64_t locked = ui.pins().locked_for(s.for_operator ? kOperator : s.official_id, ui.clock().now());
  std::string message = ui.tr("pin.prompt");
  ImU32 message_col = t.text2;
  if (locked > 0) {
    message = fill(ui.tr("pin.locked"), {{"n", std::to_string((locked + 59) / 60)}});
    message_col = t.accent;
  } else if (s.message_key == "pin.wrong") {
    message = fill(ui.tr("pin.wrong"), {{"n", std::to_string(s.attempts_left)}});
    message_col = t.accent;
  } else if (!s.message_key.empty() && s.message_key != "pin.locked") {
    message = ui.tr(s.message_key.c_str());
    message_col = t.accent;
  }
  y += ui.text_wrapped(FontRole::body, message, ImVec2(m, y), info_w, message_col) + ui.px(20);

  // The dots: one per digit typed, out of at least six.
  const std::size_t slots = std::max<std::size_t>(6, s.pin.size());
  const float dot = ui.px(22), step = ui.px(64);
  const float dots_w = static_cast<float>(slots) * step;
  float dx = m + (info_w - dots_w) / 2 + step / 2;
  for (std::size_t i = 0; i < slots; ++i, dx += step) {
    const ImVec2 c(dx, y + dot + ui.px(8));
    if (i < s.pin.size())
      ui.dl()->AddCircleFilled(c, dot, t.text, 24);
    else
      ui.dl()->AddCircle(c, dot, t.border, 24, 3.0f);
  }
  y += 2 * dot + ui.px(48);

  // The keypad.
  ImVec2 ka, kb;
  if (wide) {
    ka = ImVec2(ui.width() * 0.5f, origin.y);
    kb = ImVec2(ui.width() - m, bottom);
  } else {
    const float kw = std::min(ui.width() - 2 * m, ui.px(720));
    ka = ImVec2((ui.width() - kw) / 2, y);
    kb = ImVec2(ka.x + kw, std::min(bottom, y + ui.px(620)));
  }
  if (locked > 0) return;  // no keys while locked out; the back button still works
  if (keypad(ui, "pin.pad", s.pin, 8, ka, kb, ui.tr("pin.ok"))) check_pin(ui);
}

const ScreenDef screens::staff_pin{
    .name = "staff_pin", .draw = draw_staff_pin, .on_leave = forget_staff_message};
const ScreenDef screens::operator_pin{
    .name = "operator_pin", .draw = draw_staff_pin, .on_leave = forget_staff_message};

}  // namespace ui
