// The PIN pad, for an official or for the operator: dots, never digits; a lockout after repeated failures that grows
// (5 minutes, 30, then until the bureau resets it: core::PinGate).
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
  if (s.pin.size() < core::kMinPinDigits) {
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
  // The keypad where every keypad screen has it; who is signing in above it (portrait) or beside it.
  const KeypadLayout l = keypad_layout(ui, origin.y);
  const float m = l.info_min.x;
  const float info_w = l.info_max.x - l.info_min.x;
  float y = l.info_min.y + ui.px(8);
  if (!s.for_operator) {
    if (const auto o = ui.store().official(s.official_id)) {
      const float r = std::min(ui.px(56), (l.info_max.y - y) / 2);
      ui.avatar(*o, ImVec2(m + r, y + r), r);
      ui.text_in(FontRole::title, o->name, ImVec2(m + 2 * r + ui.px(24), y), ImVec2(m + info_w, y + 2 * r), t.text);
    }
  }
  const std::int64_t locked = ui.pins().locked_for(s.for_operator ? kOperator : s.official_id, ui.clock().now());
  std::string message;
  if (locked > 0 && ui.pins().locked_until_reset(s.for_operator ? kOperator : s.official_id)) {
    message = ui.tr("pin.locked_reset");
  } else if (locked > 0) {
    message = fill(ui.tr("pin.locked"), {{"n", std::to_string((locked + 59) / 60)}});
  } else if (s.message_key == "pin.wrong") {
    message = fill(ui.tr("pin.wrong"), {{"n", std::to_string(s.attempts_left)}});
  } else if (!s.message_key.empty() && s.message_key != "pin.locked") {
    message = ui.tr(s.message_key.c_str());
  }
  keypad_frame(ui, l, ui.tr("pin.prompt"), message, t.accent);

  // The dots: one per digit typed, out of at least six.
  const std::size_t slots = std::max<std::size_t>(6, s.pin.size());
  const float dot = ui.px(22);
  const float step = std::min(ui.px(64), (l.display_max.x - l.display_min.x - ui.px(48)) / static_cast<float>(slots));
  const float dots_w = static_cast<float>(slots) * step;
  float dx = (l.display_min.x + l.display_max.x - dots_w) / 2 + step / 2;
  const float cy = (l.display_min.y + l.display_max.y) / 2;
  for (std::size_t i = 0; i < slots; ++i, dx += step) {
    const ImVec2 c(dx, cy);
    if (i < s.pin.size())
      ui.dl()->AddCircleFilled(c, dot, t.text, 24);
    else
      ui.dl()->AddCircle(c, dot, t.border, 24, 3.0f);
  }

  if (locked > 0) return;  // no keys while locked out; the back button still works
  if (keypad(ui, "pin.pad", s.pin, core::kMaxPinDigits, l.pad_min, l.pad_max, ui.tr("pin.ok"))) check_pin(ui);
}

const ScreenDef screens::staff_pin{
    .name = "staff_pin", .draw = draw_staff_pin, .on_leave = forget_staff_message};
const ScreenDef screens::operator_pin{
    .name = "operator_pin", .draw = draw_staff_pin, .on_leave = forget_staff_message};

}  // namespace ui
