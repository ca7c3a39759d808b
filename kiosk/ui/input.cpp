#include "kiosk/ui/input.h"

#include <cmath>

namespace ui {

void Input::begin_frame(float drag_slop) {
  pressed = released = activity = false;
  typed.swap(pending_text_);
  pending_text_.clear();
  keys.swap(pending_keys_);
  pending_keys_.clear();
  if (!typed.empty() || !keys.empty()) activity = true;
  if (!down) {
    dragging = false;
    cancelled = false;
  }
  while (!queue_.empty()) {
    const PointerEvent e = queue_.front();
    queue_.pop_front();
    activity = true;
    x = e.x;
    y = e.y;
    last_event_t_ = e.t;
    if (e.kind == PointerEvent::Kind::down) {
      down = pressed = true;
      dragging = false;
      cancelled = e.t <= guard_until_ && std::hypot(x - guard_x_, y - guard_y_) <= guard_radius_;
      press_x = x;
      press_y = y;
      velocity_y = 0;
      last_y_ = y;
      last_t_ = e.t;
      break;
    }
    if (down && !dragging && std::hypot(x - press_x, y - press_y) > drag_slop) dragging = true;
    if (down && e.t > last_t_) {
      const float v = static_cast<float>((y - last_y_) / (e.t - last_t_));
      velocity_y = 0.6f * v + 0.4f * velocity_y;
      last_y_ = y;
      last_t_ = e.t;
    }
    if (e.kind == PointerEvent::Kind::up) {
      down = false;
      released = true;
      // A finger that rested before lifting has no fling.
      if (e.t - last_t_ > 0.1) velocity_y = 0;
      break;
    }
  }
}

void Input::cancel() {
  cancelled = true;
  velocity_y = 0;
}

void Input::screen_changed(float radius, double seconds) {
  cancel();
  guard_x_ = x;
  guard_y_ = y;
  guard_radius_ = radius;
  guard_until_ = last_event_t_ + seconds;
}

}  // namespace ui
