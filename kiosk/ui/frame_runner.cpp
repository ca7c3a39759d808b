// The frame runner: builds each frame (idle timeout and its banner, the screen, footer, toast), says when the
// next one is due, moves between screens, and draws the header and footer every screen shares.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>

#include "kiosk/ui/draw.h"
#include "kiosk/ui/screens/home.h"
#include "kiosk/ui/screens/paused.h"
#include "kiosk/ui/screens/staff.h"
#include "kiosk/ui/ui.h"

namespace ui {
namespace {

constexpr float kIdleWarnSeconds = 15;

}  // namespace

Ui::Ui(core::Store& store, const core::Clock& clock, const core::Config& config, Fonts& fonts,
       const std::string& assets_dir)
    : store_(store),
      clock_(clock),
      config_(config),
      fonts_(fonts),
      language_(config.language),
      screen_(screens::home),
      pins_(store),
      pinyin_(config.pinyin_dictionary),
      keyboard_(pinyin_) {
  if (!pinyin_.ok())
    std::fprintf(stderr, "kiosk: cannot open the pinyin dictionary %s; Chinese input offers no candidates\n",
                 config.pinyin_dictionary.c_str());
  zh_.load(assets_dir + "/i18n/zh-CN.json");
  en_.load(assets_dir + "/i18n/en.json");
  last_activity_ = clock_.elapsed();
  apply_theme();
  assets_dir_ = assets_dir;
  load_documents();
}

void Ui::set_language(const std::string& lang) { language_ = lang == "en" ? "en" : "zh-CN"; }

void Ui::set_large(bool on) {
  large_ = on;
  fonts_.set_scale(on ? 1.35f : 1.0f);
  apply_theme();
}

void Ui::apply_theme() {
  Theme& t = theme_;
  t.s = large_ ? 1.3f : 1.0f;
  t.bg = IM_COL32(0xF2, 0xF4, 0xF7, 0xFF);
  t.surface = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
  t.border = IM_COL32(0xD5, 0xDC, 0xE5, 0xFF);
  t.text = IM_COL32(0x17, 0x20, 0x2B, 0xFF);
  t.text2 = large_ ? IM_COL32(0x2E, 0x38, 0x46, 0xFF) : IM_COL32(0x4A, 0x55, 0x65, 0xFF);
  t.primary = IM_COL32(0x1B, 0x55, 0x9E, 0xFF);
  t.primary_dark = IM_COL32(0x12, 0x3E, 0x75, 0xFF);
  t.on_primary = IM_COL32(0xFF, 0xFF, 0xFF, 0xFF);
  t.accent = IM_COL32(0xB0, 0x24, 0x1C, 0xFF);
  t.good = IM_COL32(0x17, 0x6B, 0x3A, 0xFF);
  t.warn = IM_COL32(0x8A, 0x4B, 0x00, 0xFF);
  t.idle = IM_COL32(0x55, 0x60, 0x6E, 0xFF);
  t.pressed = IM_COL32(0xE3, 0xEB, 0xF5, 0xFF);
}

void Ui::go(Screen s) {
  if (s != screen_) {
    input_.screen_changed(px(80), 0.3);
    if (screen_.def().on_leave) screen_.def().on_leave(*this);
  }
  if (s == screens::home) {
    // The visit ends: every screen's state is made afresh (its destructor wipes what was typed), and every list
    // starts at its top again for the next visitor.
    for (auto& [type, box] : states_) box->renew();
    keyboard_.reset();
    scrolls_.clear();
  }
  screen_ = s;
  active_id_.clear();
  editor_open_ = nullptr;
  core::wipe(editor_before_);
}

void Ui::toast(const std::string& text) {
  toast_ = text;
  toast_until_ = clock_.elapsed() + 4;
}

const std::string& Ui::tr(const char* key) const { return (language_ == "en" ? en_ : zh_).get(key); }

const std::string& Ui::tr(const std::string& key) const { return (language_ == "en" ? en_ : zh_).get(key); }

ImVec2 Ui::header(std::string_view title, std::optional<Screen> back) {
  bool tapped = false;
  const ImVec2 origin = header_bar(title, back.has_value(), tapped);
  if (tapped) go(*back);
  return origin;
}

ImVec2 Ui::header_cancel(std::string_view title, bool& cancelled) { return header_bar(title, true, cancelled); }

ImVec2 Ui::header_bar(std::string_view title, bool with_back, bool& back_tapped) {
  const float h = px(132);
  round_rect(dl_, ImVec2(0, 0), ImVec2(width_, h), theme_.primary);
  float x = px(28);
  if (with_back) {
    const ImVec2 a(px(20), px(22)), b(px(20) + px(190), h - px(22));
    const bool down = held("nav.back");
    if (tap("nav.back", ImVec2(0, 0), ImVec2(b.x + px(10), h))) back_tapped = true;
    round_rect(dl_, a, b, down ? theme_.primary_dark : IM_COL32(0x2A, 0x66, 0xB0, 0xFF), px(14));
    // A drawn chevron, so the arrow never depends on a glyph.
    const float cy = (a.y + b.y) / 2, cx = a.x + px(36), k = px(12);
    dl_->AddPolyline(std::array<ImVec2, 3>{ImVec2(cx + k, cy - 2 * k), ImVec2(cx, cy), ImVec2(cx + k, cy + 2 * k)}.data(),
                     3, theme_.on_primary, 0, px(5));
    text_in(FontRole::body, tr("nav.back"), ImVec2(cx + px(24), a.y), ImVec2(b.x - px(8), b.y), theme_.on_primary, 0.5f);
    x = b.x + px(28);
  }
  const core::CivilTime t = now();
  const std::string clock = t.hhmm();
  const ImVec2 cs = measure(FontRole::title, clock);
  text(FontRole::title, clock, ImVec2(width_ - px(32) - cs.x, (h - cs.y) / 2), theme_.on_primary);
  text_in(FontRole::title, title, ImVec2(x, 0), ImVec2(width_ - px(64) - cs.x, h), theme_.on_primary, 0);
  return ImVec2(px(32), h + px(28));
}

void Ui::draw_footer() {
  const float top = footer_top();
  round_rect(dl_, ImVec2(0, top), ImVec2(width_, height_), theme_.surface);
  dl_->AddLine(ImVec2(0, top), ImVec2(width_, top), theme_.border, 2);
  const float pad = px(18), bh = height_ - top - 2 * pad;
  // Three slots (大字模式, language, home) that share a narrow screen and keep their size on a wide one.
  const float bw = std::min(px(250), (width_ - 2 * pad - 2 * px(14) - 2 * pad - px(50)) / 3.0f);
  float x = pad + px(14);
  // 大字模式: a switch drawn as a box with a tick, so its state is not told by colour alone.
  {
    const ImVec2 a(x, top + pad), b(x + bw + px(50), top + pad + bh);
    const bool hit = tap("toggle.large", a, b);
    panel(a, b, held("toggle.large") ? theme_.pressed : theme_.bg, 14, true);
    const float box = px(40);
    const ImVec2 ba(a.x + px(18), (a.y + b.y - box) / 2), bb(ba.x + box, ba.y + box);
    round_rect(dl_, ba, bb, large_ ? theme_.primary : theme_.surface, px(6));
    dl_->AddRect(ba, bb, theme_.primary, px(6), 0, 3);
    if (large_)
      dl_->AddPolyline(std::array<ImVec2, 3>{ImVec2(ba.x + box * 0.2f, ba.y + box * 0.52f),
                                             ImVec2(ba.x + box * 0.42f, ba.y + box * 0.74f),
                                             ImVec2(ba.x + box * 0.8f, ba.y + box * 0.28f)}
                           .data(),
                       3, theme_.on_primary, 0, px(5));
    text_in(FontRole::body, tr("toggle.large"), ImVec2(bb.x + px(14), a.y), ImVec2(b.x - px(10), b.y), theme_.text);
    if (hit) set_large(!large_);
    x = b.x + pad;
  }
  if (button("toggle.lang", tr("toggle.lang"), ImVec2(x, top + pad), ImVec2(x + bw, top + pad + bh), Tone::plain))
    set_language(language_ == "en" ? "zh-CN" : "en");
  x += bw + pad;
  if (screen_ != screens::home) {
    if (button("nav.home", tr("nav.home"), ImVec2(width_ - pad - px(14) - bw, top + pad),
               ImVec2(width_ - pad - px(14), top + pad + bh), Tone::primary))
      go(screens::home);
  } else {
    // A small staff button (the emblem's long press is the other way in).
    const float sw = std::min(px(180), bw);
    if (button("home.staff", tr("home.staff"), ImVec2(x, top + pad), ImVec2(x + sw, top + pad + bh), Tone::quiet))
      go(screens::staff_pick);
  }
}

void Ui::draw_idle_banner(double left) {
  const float h = px(150), top = footer_top() - h - px(20);
  const ImVec2 a(px(32), top), b(width_ - px(32), top + h);
  round_rect(dl_, ImVec2(a.x + 4, a.y + 6), ImVec2(b.x + 4, b.y + 6), IM_COL32(0, 0, 0, 40), px(18));
  panel(a, b, IM_COL32(0xFF, 0xF6, 0xE0, 0xFF), 18, false);
  dl_->AddRect(a, b, theme_.warn, px(18), 0, 3);
  shown_countdown = static_cast<int>(std::ceil(left));
  const std::string msg = fill(tr("idle.countdown"), {{"n", std::to_string(shown_countdown)}});
  const float bw = px(280);
  text_in(FontRole::title, msg, ImVec2(a.x + px(30), a.y), ImVec2(b.x - bw - px(50), b.y), theme_.text, 0);
  // Any touch resets the timer; the button just says so.
  button("idle.stay", tr("idle.stay"), ImVec2(b.x - bw - px(24), a.y + px(24)), ImVec2(b.x - px(24), b.y - px(24)),
         Tone::primary);
}

double Ui::next_timer() const {
  // Reckoned from the moment the last frame was drawn at, since that is what its numbers show; less the
  // time gone since.
  const double t = frame_time_;
  // The header's clock changes with the wall clock's minute (whole seconds: at most a second late).
  double next = 60 - static_cast<double>(now().second);
  // A countdown of whole seconds changes when the number it shows does.
  const auto tick = [](double left) {
    const double f = left - std::floor(left);  // ceil(left) is shown; it drops when left reaches floor(left)
    return f > 0 ? f : 1.0;
  };
  if (!toast_.empty() && t < toast_until_) next = std::min(next, toast_until_ - t);
  if (const auto closes_at = screen_.def().closes_at) {
    const double left = closes_at(*this) - t;
    next = std::min(next, std::min(left, tick(left)));
  }
  if (screen_ != screens::home) {
    const double left = config_.idle_timeout_seconds - (t - last_activity_);
    next = std::min(next, left > kIdleWarnSeconds ? left - kIdleWarnSeconds : std::min(left, tick(left)));
  }
  return std::max(next - (clock_.elapsed() - t), 0.0);
}

void Ui::frame(float width, float height, float dt, bool redo) {
  width_ = width;
  height_ = height;
  dt_ = std::min(dt, 0.1f);
  animating_ = false;
  keyboard_up_ = false;
  widgets_.clear();
  texts_.clear();
  held_id_.clear();
  shown_countdown = -1;
  if (!input_.down) {
    held_time_ = 0;
    long_fired_ = false;
  }
  if (redo)
    input_.begin_redo();
  else
    input_.begin_frame(px(18));
  // Idle: a countdown in the last seconds, then home with the visitor's choices reset. A touch while the
  // countdown shows only keeps the screen; it must not also press what lies under the banner.
  frame_time_ = clock_.elapsed();
  const bool countdown_up = screen_ != screens::home && frame_time_ - last_activity_ >=
                                                          static_cast<double>(config_.idle_timeout_seconds) - kIdleWarnSeconds;
  // A message lasts four seconds or until the next touch (taps act on release, so not the one that raised it).
  if (input_.pressed) toast_.clear();
  if (input_.activity) {
    last_activity_ = frame_time_;
    if (countdown_up && input_.pressed) input_.cancel();
  }
  try {
    refresh_data();
  } catch (const std::exception& e) {
    screen_failed("loading the screens' data", e);
  }
  const double idle = frame_time_ - last_activity_;
  if (screen_ != screens::home && idle >= config_.idle_timeout_seconds) {
    go(screens::home);
    set_language(config_.language);
    set_large(false);
  }

  const std::string key_before = state_key();
  dl_ = ImGui::GetBackgroundDrawList();
  round_rect(dl_, ImVec2(0, 0), ImVec2(width_, height_), theme_.bg);
  // The screen's boundary: whatever a screen's store calls throw (a full disk, a read-only or damaged database)
  // is shown and the frame goes on, so ImGui's frame is always closed and the kiosk never aborts mid-frame.
  // A form that cannot be saved is not shown: the notice stands in for it until the store can save again.
  try {
    if (screen_.def().saves && !store_.can_save())
      draw_paused_notice(*this);
    else
      screen_.def().draw(*this);
    failed_frames_ = 0;
  } catch (const std::exception& e) {
    screen_failed(screen_.name(), e);
  }
  const Screen drawn = screen_;
  if (!keyboard_up_) draw_footer();
  if (!toast_.empty() && frame_time_ < toast_until_) {
    const ImVec2 ts = measure(FontRole::title, toast_);
    const ImVec2 a((width_ - ts.x) / 2 - px(40), footer_top() - px(150)), b(a.x + ts.x + px(80), a.y + ts.y + px(44));
    // Opaque: translucent fills would show where round_rect's bands overlap (it overlaps them for speed).
    round_rect(dl_, a, b, IM_COL32(0x17, 0x20, 0x2B, 0xFF), px(20));
    text(FontRole::title, toast_, ImVec2(a.x + px(40), a.y + px(22)), theme_.on_primary);
  }
  // A screen that counts down by itself (the thank-you screen) gets no second countdown over it.
  if (drawn == screen_ && screen_ != screens::home && !screen_.def().closes_at &&
      idle >= static_cast<double>(config_.idle_timeout_seconds) - kIdleWarnSeconds)
    draw_idle_banner(config_.idle_timeout_seconds - idle);
  // A release or a key may have changed anything drawn earlier in this frame: draw it once more.
  wants_redo_ = state_key() != key_before || (!redo && (input_.released || !input_.typed.empty() || !input_.keys.empty()));
  if (input_.pending() || input_.down) animating_ = true;
}

void Ui::screen_failed(const char* where, const std::exception& e) {
  std::fprintf(stderr, "kiosk: %s failed: %s\n", where, e.what());  // store messages carry no personal data
  toast(tr("error.screen"));
  if (++failed_frames_ >= 3 && screen_ != screens::home) {
    failed_frames_ = 0;
    go(screens::home);
  }
}

std::string Ui::state_key() const {
  // What a screen shows inside itself (an editor opened, a tab chosen) changes only on a tap or a key, and a
  // frame with either is drawn again anyway.
  return std::string(screen_.name()) + "|" + language_ + "|" + (large_ ? "L" : "n") + (store_.can_save() ? "" : "|paused");
}

}  // namespace ui
