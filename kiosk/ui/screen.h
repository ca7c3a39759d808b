#pragma once
// What a screen is. Each screen file defines its own ScreenDef (name, draw, and the two optional hooks below)
// and declares it in its header under ui::screens; that definition is the screen's whole registration, so
// adding a screen touches its own files, its strings and CMake, and no list anywhere. What a screen holds
// is a state type of its own, kept by Ui::state<T>() and made afresh whenever the kiosk goes home.

namespace ui {

class Ui;

// One screen: the name scenarios and the monkey know it by ("rate_form"), how it draws a frame, and hooks.
struct ScreenDef {
  const char* name;
  void (*draw)(Ui&);
  // When the screen goes away by itself (on clock().elapsed()), for a screen with a countdown of its own:
  // the runner wakes for each second of it and shows no idle banner over it. Null for the others.
  double (*closes_at)(const Ui&) = nullptr;
  // Runs when the kiosk leaves this screen for another (e.g. a message belongs to the screen that gave it).
  void (*on_leave)(Ui&) = nullptr;
  // A step of a form that ends in a saved record: while the store cannot save, the runner shows the 暂停服务
  // notice instead (the form's state is kept), so nobody fills a form that cannot be saved.
  bool saves = false;
};

// A screen as go() takes it and Ui::screen() returns it: a handle to its ScreenDef, equal only to itself.
class Screen {
 public:
  constexpr Screen(const ScreenDef& def) : def_(&def) {}  // implicit: screens::home is a Screen
  Screen(const ScreenDef&&) = delete;                      // a copy of a ScreenDef is no screen
  const ScreenDef& def() const { return *def_; }
  const char* name() const { return def_->name; }
  friend bool operator==(Screen, Screen) = default;

 private:
  const ScreenDef* def_;
};

inline const char* screen_name(Screen s) { return s.name(); }

}  // namespace ui
