#pragma once
// Ui: what every screen draws with and on. Its members are implemented by job: the widget kit
// (widgets.cpp), the frame runner (frame_runner.cpp), the data cache (data_cache.cpp) and the shared editors
// (editors.cpp). Screens read core data and call core; the runner feeds input, calls frame(), and asks
// animating()/next_timer() to decide when to draw again.
// kiosk/ui includes kiosk/core only, never sync/ (tests/layer_rules.py checks).
#include <imgui.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <typeindex>
#include <typeinfo>
#include <vector>

#include "kiosk/core/citizen.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/config.h"
#include "kiosk/core/duty.h"
#include "kiosk/core/pin.h"
#include "kiosk/core/pinyin.h"
#include "kiosk/core/store.h"
#include "kiosk/core/strings.h"
#include "kiosk/core/two_weeks.h"
#include "kiosk/ui/fonts.h"
#include "kiosk/ui/input.h"
#include "kiosk/ui/keyboard.h"
#include "kiosk/ui/screen.h"

namespace ui {

// Replaces {name} placeholders in a string-table template.
std::string fill(std::string tpl, std::initializer_list<std::pair<const char*, std::string>> args);

// Colours and spacing for the current mode (大字模式 enlarges and darkens).
struct Theme {
  float s = 1;  // spacing scale
  ImU32 bg, surface, border, text, text2, primary, primary_dark, on_primary, accent, good, warn, idle, pressed;
};

// A tappable thing drawn this frame, by stable id, for the scenario driver.
struct Widget {
  std::string id;
  ImVec2 min, max;
};

// A text drawn this frame (for "expect text" in scenarios).
struct DrawnText {
  std::string text;
  ImVec2 min, max;
};

// primary: the step forward; plain: outlined; quiet: minor; disabled: looks unavailable (a tap still says why).
enum class Tone { primary, plain, quiet, disabled };

using core::Reason;
using core::ReasonGroup;

class Ui {
 public:
  Ui(core::Store& store, const core::Clock& clock, const core::Config& config, Fonts& fonts,
     const std::string& assets_dir);

  // Builds one frame into ImGui's draw lists; dt is the time since the last frame in seconds.
  // A redo pass draws the same moment again (after an atlas rebuild) without consuming input.
  void frame(float width, float height, float dt, bool redo = false);
  bool animating() const { return animating_; }
  // True when this frame changed what is shown (screen, language, mode, tab): draw again before presenting.
  bool wants_redo() const { return wants_redo_; }
  // Seconds until something on screen changes by itself (clock minute, idle countdown).
  double next_timer() const;
  // clock().elapsed() when this frame began: what every countdown drawn in it is reckoned from.
  double frame_time() const { return frame_time_; }
  // Seconds since the last touch or key, as of this frame.
  double idle_for() const { return frame_time_ - last_activity_; }
  void reload_data() {
    data_revision_ = 0;
    week_key_.clear();
    two_weeks_key_.clear();
  }

  Input& input() { return input_; }
  Screen screen() const { return screen_; }
  const std::vector<Widget>& widgets() const { return widgets_; }
  const std::vector<DrawnText>& texts() const { return texts_; }
  const std::string& language() const { return language_; }
  // Keys the screens asked for that a string table lacks.
  std::size_t missing_strings() const { return zh_.missing().size() + en_.missing().size(); }
  bool large() const { return large_; }
  void set_language(const std::string& lang);
  void set_large(bool on);
  void go(Screen s);

  // --- for the screens ---
  const std::string& tr(const char* key) const;
  const std::string& tr(const std::string& key) const;
  const Theme& theme() const { return theme_; }
  float px(float v) const { return v * theme_.s; }
  ImVec2 measure(FontRole r, std::string_view text);
  void text(FontRole r, std::string_view text, ImVec2 pos, ImU32 col);
  // Draws text aligned in a box (align 0 = start, 0.5 = centre, 1 = end); shrinks to the next smaller
  // role, then wraps into lines if the box is tall enough, then ends with "…", rather than spill out.
  void text_in(FontRole r, std::string_view text, ImVec2 min, ImVec2 max, ImU32 col, float align_x = 0,
               float align_y = 0.5f);
  // Wrapped text from pos within width; returns the height used (draw = false only measures).
  float text_wrapped(FontRole r, std::string_view text, ImVec2 pos, float width, ImU32 col, bool draw = true);
  float line_height(FontRole r) const;

  bool tap(const std::string& id, ImVec2 min, ImVec2 max);
  bool held(const std::string& id) const { return held_id_ == id; }
  bool button(const std::string& id, std::string_view label, ImVec2 min, ImVec2 max, Tone tone);
  void panel(ImVec2 min, ImVec2 max, ImU32 fill, float rounding = 18, bool outline = true);
  void avatar(const core::Official& o, ImVec2 centre, float radius);
  // The status badge: shape, word and colour together. Returns its width.
  float status_badge(const core::DutyRow& row, ImVec2 pos, FontRole r, bool measure_only = false, bool brief = false);
  // "在岗 · 08:45 起"; brief: the status word alone, where room is short.
  std::string status_text(const core::DutyRow& row, bool brief = false) const;
  // A person's row: avatar, name, department and title, window and (optionally) status. True when tapped.
  bool duty_row(const std::string& id, const core::DutyRow& row, ImVec2 a, ImVec2 b, bool show_status = true);
  // The same row drawn without a tap, for lists that only inform (the two weeks' schedule); `pressed` shades it.
  void person_row(const core::DutyRow& row, ImVec2 a, ImVec2 b, bool show_status, bool pressed = false);
  // Held for a second without moving: fires once per press.
  bool long_press(const std::string& id, ImVec2 min, ImVec2 max);
  // A choice chip: selected ones are filled and ticked. True when tapped.
  bool chip(const std::string& id, std::string_view label, ImVec2 min, ImVec2 max, bool selected);
  // A tick box with its label (the box shows before it is ticked). True when tapped.
  bool checkbox(const std::string& id, std::string_view label, ImVec2 min, ImVec2 max, bool checked);
  // A box showing a field's text (with a caret while it is edited). True when tapped.
  bool field_box(const std::string& id, const TextField& f, ImVec2 min, ImVec2 max, std::string_view placeholder,
                 bool editing);
  std::string date_text(const std::string& date, bool with_weekday) const;
  std::string half_text(core::HalfDay h) const;
  // "2026年10月" / "October 2026" of a month YYYY-MM.
  std::string month_text(const std::string& month) const;

  // A scrolling grid of n cells, cols across, each item_h high: calls cell(i, min, max) for the visible ones.
  template <typename F>
  void grid(const std::string& id, ImVec2 min, ImVec2 max, std::size_t n, int cols, float item_h, F&& cell) {
    const float gap = px(16);
    const float w = (max.x - min.x - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols);
    const std::size_t c = static_cast<std::size_t>(cols);
    const float offset = begin_list(id, min, max, static_cast<float>((n + c - 1) / c) * (item_h + gap) - gap);
    for (std::size_t i = 0; i < n; ++i) {
      const ImVec2 a(min.x + static_cast<float>(i % c) * (w + gap), min.y - offset + static_cast<float>(i / c) * (item_h + gap));
      if (a.y + item_h < min.y || a.y > max.y) continue;
      if (cell(i, a, ImVec2(a.x + w, a.y + item_h))) break;  // a cell that acted ends the pass
    }
    end_list();
  }
  // Kinetic list: returns the scroll offset; content is clipped to the rect until end_list().
  float begin_list(const std::string& id, ImVec2 min, ImVec2 max, float content_height);
  void end_list();

  // The frame's layout helpers shared by every screen: header with back, footer with toggles.
  // Title bar with the clock and, when `back` is set, a back button to that screen. Returns the content top-left.
  ImVec2 header(std::string_view title, std::optional<Screen> back);
  // The same with a back button that leaves an editor on this screen: sets `cancelled` when tapped.
  ImVec2 header_cancel(std::string_view title, bool& cancelled);
  float footer_top() const { return height_ - px(118); }
  float width() const { return width_; }
  float height() const { return height_; }
  bool landscape() const { return width_ > height_; }
  ImDrawList* dl() const { return dl_; }

  // Data the screens show, reloaded when the store changes.
  const std::vector<core::DutyRow>& today() const { return today_; }
  core::CivilTime now() const { return core::to_civil(clock_.now(), config_.utc_offset_minutes); }
  core::HalfDay current_half() const;
  const std::vector<core::DutyRow>& week_of(const std::string& official_id);
  // This week and next from today, by day and half-day (core::two_weeks), read once per day and store change.
  const std::vector<core::ScheduleDay>& two_weeks();
  const core::Config& config() const { return config_; }

  // A short message shown over the next screens for a few seconds (e.g. 签到成功).
  void toast(const std::string& text);
  core::Store& store() { return store_; }
  const core::Clock& clock() const { return clock_; }
  core::PinGate& pins() { return pins_; }
  Keyboard& keyboard() { return keyboard_; }
  // The operator's "sync now" and "leave the kiosk"; the app wires them.
  std::function<void()> on_sync_now;
  // Last successful sync (unix seconds, 0 = never) and last error, when a sync worker runs.
  std::function<std::pair<std::int64_t, std::string>()> sync_status;
  bool quit_requested = false;
  // The seconds a countdown (idle banner, thank-you) showed in the last frame, -1 for none: for the runner's trace.
  int shown_countdown = -1;
  // The state of a screen, or of a flow of screens, of type T (declared by its file): made on first use, and
  // made afresh, in place (references to it stay valid), whenever the kiosk goes home; T's destructor wipes
  // what was typed into it.
  template <typename T>
  T& state() {
    return state_of<T>();
  }
  template <typename T>
  const T& state() const {
    return state_of<T>();
  }
  // Makes one state afresh now (e.g. once its record is saved), as going home does for all of them.
  template <typename T>
  void reset_state() {
    state<T>();
    states_.at(std::type_index(typeid(T)))->renew();
  }
  // The 差评 reasons: HQ's latest list, else the default in assets/reasons/.
  const std::vector<ReasonGroup>& reason_groups() const { return reasons_.groups; }
  const std::string& reason_version() const { return reasons_.version; }
  const core::WorkCalendar& calendar() const { return calendar_; }
  // The full-screen text editor (title, text, count, keyboard); true when 完成 is tapped, or when 返回 is
  // (then the text is as it was before the editor opened). With `back`, 返回 goes to that screen instead.
  bool text_editor(const std::string& title, TextField& field, std::optional<Screen> back = std::nullopt);
  // Phone entry with the personal-data notice and consent; true when a valid number was confirmed, or when
  // 返回 was tapped (then the number and consent are as they were before).
  bool phone_editor(std::string& digits, bool& consent, std::string& error_key, const char* purpose_key);
  // One of the five 好差评 faces: the mouth's shape (not only the colour) tells them apart.
  bool face_button(const std::string& id, core::Level level, std::string_view label, ImVec2 a, ImVec2 b, bool selected);
  void qr_code(const std::string& text, ImVec2 pos, float size);

 private:
  void refresh_data();
  void draw_footer();
  void draw_idle_banner(double left);
  // A store (or other) error thrown while a screen drew: logged, shown as a message, and after a few frames in a
  // row the kiosk goes home rather than keep a broken screen up. Never ends the kiosk.
  void screen_failed(const char* where, const std::exception& e);
  ImVec2 header_bar(std::string_view title, bool with_back, bool& back_tapped);
  // An editor remembers what its field held when it opened, so that 返回 puts it back.
  bool open_editor(const void* field);
  const void* editor_open_ = nullptr;
  std::string editor_before_;
  bool consent_before_ = false;
  void apply_theme();
  void load_documents();

  core::Store& store_;
  const core::Clock& clock_;
  core::Config config_;
  Fonts& fonts_;
  core::Strings zh_, en_;
  std::string language_;
  bool large_ = false;
  Theme theme_{};
  Screen screen_;
  Input input_;
  ImDrawList* dl_ = nullptr;
  float width_ = 0, height_ = 0;
  float dt_ = 0;
  bool animating_ = false;
  bool keyboard_up_ = false;  // the on-screen keyboard owns the bottom of the screen this frame
  bool wants_redo_ = false;
  std::string state_key() const;

  std::vector<Widget> widgets_;
  std::vector<DrawnText> texts_;
  std::vector<ImVec4> clip_stack_;
  std::string active_id_, held_id_;
  float held_time_ = 0;
  bool long_fired_ = false;

  struct Scroll {
    float offset = 0, velocity = 0, start_offset = 0, max = 0;
    bool grabbed = false;
  };
  std::map<std::string, Scroll> scrolls_;
  std::vector<std::string> list_stack_;

  std::uint64_t data_revision_ = 0;
  std::string data_date_;
  std::vector<core::DutyRow> today_;
  std::vector<core::DutyRow> week_;
  std::string week_key_;
  std::vector<core::ScheduleDay> two_weeks_;
  std::string two_weeks_key_;
  double last_activity_ = 0;  // clock_.elapsed() of the last touch or key
  double frame_time_ = 0;
  core::PinGate pins_;
  core::Pinyin pinyin_;
  Keyboard keyboard_;
  std::string toast_;
  double toast_until_ = 0;  // on clock_.elapsed()
  int failed_frames_ = 0;   // frames in a row whose screen threw
  core::ReasonList reasons_;
  core::WorkCalendar calendar_;
  std::string assets_dir_;

  // Screen states by type, each in a box that can make it afresh in place.
  struct StateBox {
    virtual ~StateBox() = default;
    virtual void renew() = 0;
  };
  template <typename T>
  struct StateOf final : StateBox {
    T value{};
    void renew() override {
      std::destroy_at(&value);
      std::construct_at(&value);
    }
  };
  mutable std::map<std::type_index, std::unique_ptr<StateBox>> states_;
  template <typename T>
  T& state_of() const {
    auto& box = states_[std::type_index(typeid(T))];
    if (!box) box = std::make_unique<StateOf<T>>();
    return static_cast<StateOf<T>&>(*box).value;
  }
};

}  // namespace ui
