#pragma once
// Pointer input for touch: events are queued and released one button change per frame, so a tap
// shorter than a frame is never lost, and movement past a slop distance turns a press into a drag.
#include <deque>
#include <string>
#include <vector>

namespace ui {

// Keys of a physical keyboard that the on-screen input understands.
enum class Key { backspace, left, right, enter };

// One mouse or finger event in window pixels; t is in seconds on the runner's clock.
struct PointerEvent {
  enum class Kind { down, move, up } kind;
  float x = 0, y = 0;
  double t = 0;
};

class Input {
 public:
  void push(const PointerEvent& e) { queue_.push_back(e); }
  // From a physical keyboard: text (UTF-8) and editing keys, delivered with the next frame.
  void push_text(const std::string& utf8) { pending_text_ += utf8; }
  void push_key(Key k) { pending_keys_.push_back(k); }
  bool pending() const { return !queue_.empty(); }
  // Consumes queued events up to and including the next button change.
  void begin_frame(float drag_slop);
  // Keeps the state but drops this frame's edges, for drawing the same moment again.
  void begin_redo() {
    pressed = released = activity = false;
    typed.clear();
    keys.clear();
  }
  // Forgets any press in progress (used when the screen changes under the finger).
  void cancel();
  // The screen changed: the rest of the current touch, and a new press near the same spot within `seconds`
  // of the last event (the second half of a double tap), fire nothing on the new screen.
  void screen_changed(float radius, double seconds);

  float x = -1, y = -1;         // current position
  float press_x = 0, press_y = 0;
  bool down = false;            // held now
  bool pressed = false;         // went down this frame
  bool released = false;        // went up this frame
  bool dragging = false;        // moved past the slop since the press (stays set on the release frame)
  bool cancelled = false;       // the current press must not fire anything
  float velocity_y = 0;         // px/s, smoothed, for kinetic scrolling
  bool activity = false;        // anything happened this frame (for the idle timer)
  std::string typed;            // physical keyboard text this frame
  std::vector<Key> keys;        // physical editing keys this frame

 private:
  std::deque<PointerEvent> queue_;
  std::string pending_text_;
  std::vector<Key> pending_keys_;
  float last_y_ = 0;
  double last_t_ = 0;
  double last_event_t_ = 0;
  float guard_x_ = 0, guard_y_ = 0, guard_radius_ = 0;
  double guard_until_ = -1;
};

}  // namespace ui
