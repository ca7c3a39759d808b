// The widget kit: text that fits its box, taps, buttons, chips, tick boxes, fields, panels, avatars, status
// badges, a person's row, and kinetic lists. Every widget records its id and rectangle for the scenario driver.
#include <algorithm>
#include <array>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "kiosk/core/utf8.h"
#include "kiosk/ui/draw.h"
#include "kiosk/ui/ui.h"

namespace ui {
namespace {

bool inside(ImVec2 p, ImVec2 min, ImVec2 max) { return p.x >= min.x && p.y >= min.y && p.x < max.x && p.y < max.y; }

}  // namespace

std::string fill(std::string tpl, std::initializer_list<std::pair<const char*, std::string>> args) {
  return protocol::fill_places(tpl, {args.begin(), args.end()});
}

float Ui::line_height(FontRole r) const { return fonts_.size(r) * (large_ ? 1.35f : 1.25f); }

ImVec2 Ui::measure(FontRole r, std::string_view s) {
  const std::string_view t = fonts_.prepare(r, s);
  return fonts_.font(r)->CalcTextSizeA(fonts_.size(r), FLT_MAX, 0, t.data(), t.data() + t.size());
}

void Ui::text(FontRole r, std::string_view s, ImVec2 pos, ImU32 col) {
  const ImVec2 size = measure(r, s);
  const std::string_view t = fonts_.prepare(r, s);
  ImFont* font = fonts_.font(r);
  // A font of the input atlas draws with that atlas's texture.
  const bool other_atlas = font->ContainerAtlas != ImGui::GetIO().Fonts;
  if (other_atlas) dl_->PushTextureID(font->ContainerAtlas->TexID);
  dl_->AddText(font, fonts_.size(r), ImVec2(std::round(pos.x), std::round(pos.y)), col, t.data(), t.data() + t.size());
  if (other_atlas) dl_->PopTextureID();
  texts_.push_back({std::string(s), pos, ImVec2(pos.x + size.x, pos.y + size.y)});
}

void Ui::text_in(FontRole r, std::string_view s, ImVec2 min, ImVec2 max, ImU32 col, float align_x, float align_y) {
  const float avail = max.x - min.x;
  const FontRole wanted = r;
  ImVec2 size = measure(r, s);
  const bool main_role = static_cast<int>(r) < kFirstInputRole;  // only those shrink and wrap
  while (size.x > avail && r != FontRole::small && main_role) {
    r = static_cast<FontRole>(static_cast<int>(r) - 1);
    size = measure(r, s);
  }
  // Still too wide for one line: lines wrapped in the largest role whose lines fit the box, each aligned.
  for (FontRole w = wanted; size.x > avail && main_role; w = static_cast<FontRole>(static_cast<int>(w) - 1)) {
    const std::string_view t = fonts_.prepare(w, s);
    ImFont* f = fonts_.font(w);
    const float fs = fonts_.size(w), lh = line_height(w);
    std::vector<std::pair<const char*, const char*>> lines;
    for (const char* p = t.data(), *end = t.data() + t.size(); p < end;) {
      const char* e = f->CalcWordWrapPositionA(fs / f->FontSize, p, end, avail);
      if (e == p) ++e;
      lines.emplace_back(p, e);
      for (p = e; p < end && (*p == ' ' || *p == '\n');) ++p;
    }
    if (lh * static_cast<float>(lines.size()) <= max.y - min.y + 0.5f) {  // a box of exactly n lines holds n
      float y = min.y + (max.y - min.y - lh * static_cast<float>(lines.size())) * align_y;
      for (auto [a, b] : lines) {
        while (b > a && b[-1] == ' ') --b;
        const float lw = f->CalcTextSizeA(fs, FLT_MAX, 0, a, b).x;
        dl_->AddText(f, fs, ImVec2(min.x + (avail - lw) * align_x, y), col, a, b);
        y += lh;
      }
      texts_.push_back({std::string(s), min, max});  // wrapped text is drawn text too (for "expect text")
      return;
    }
    if (w == FontRole::small) break;
  }
  std::string shown(s);
  if (size.x > avail) {
    // Drop whole characters from the end until the text and an ellipsis fit.
    std::vector<std::size_t> starts;
    for (std::size_t p = 0; p < shown.size();) {
      starts.push_back(p);
      core::next_codepoint(shown, p);
    }
    while (!starts.empty()) {
      shown.resize(starts.back());
      starts.pop_back();
      size = measure(r, shown + "…");
      if (size.x <= avail) break;
    }
    shown += "…";
  }
  text(r, shown, ImVec2(min.x + (avail - size.x) * align_x, min.y + (max.y - min.y - size.y) * align_y), col);
}

float Ui::text_wrapped(FontRole r, std::string_view s, ImVec2 pos, float width, ImU32 col, bool draw) {
  const std::string_view t = fonts_.prepare(r, s);
  ImFont* f = fonts_.font(r);
  const float size = fonts_.size(r);
  float y = pos.y;
  const char* p = t.data();
  const char* end = t.data() + t.size();
  const bool other_atlas = draw && f->ContainerAtlas != ImGui::GetIO().Fonts;  // as in text()
  if (other_atlas) dl_->PushTextureID(f->ContainerAtlas->TexID);
  while (p < end) {
    const char* line_end = f->CalcWordWrapPositionA(size / f->FontSize, p, end, width);
    if (line_end == p) ++line_end;  // always make progress
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(line_end - p)));
    if (nl) line_end = nl;
    if (draw) dl_->AddText(f, size, ImVec2(pos.x, y), col, p, line_end);
    y += line_height(r);
    p = line_end;
    while (p < end && (*p == ' ' || *p == '\n')) ++p;
  }
  if (other_atlas) dl_->PopTextureID();
  if (draw) texts_.push_back({std::string(s), pos, ImVec2(pos.x + width, y)});
  return y - pos.y;
}

bool Ui::tap(const std::string& id, ImVec2 min, ImVec2 max) {
  if (!clip_stack_.empty()) {
    const ImVec4& c = clip_stack_.back();
    min = ImVec2(std::max(min.x, c.x), std::max(min.y, c.y));
    max = ImVec2(std::min(max.x, c.z), std::min(max.y, c.w));
    if (min.x >= max.x || min.y >= max.y) return false;
  }
  widgets_.push_back({id, min, max});
  const ImVec2 p(input_.x, input_.y);
  if (input_.pressed && inside(ImVec2(input_.press_x, input_.press_y), min, max)) active_id_ = id;
  if (active_id_ != id) return false;
  if (input_.down && !input_.dragging && !input_.cancelled && inside(p, min, max)) held_id_ = id;
  if (input_.released) {
    active_id_.clear();
    return !input_.dragging && !input_.cancelled && inside(p, min, max);
  }
  return false;
}

bool Ui::button(const std::string& id, std::string_view label, ImVec2 min, ImVec2 max, Tone tone) {
  const bool hit = tap(id, min, max);
  const bool down = held(id);
  ImU32 fill = theme_.surface, fg = theme_.primary;
  if (tone == Tone::primary) {
    fill = down ? theme_.primary_dark : theme_.primary;
    fg = theme_.on_primary;
  } else if (tone == Tone::quiet) {
    fill = down ? theme_.pressed : theme_.bg;
    fg = theme_.text;
  } else if (tone == Tone::disabled) {
    fill = theme_.bg;
    fg = theme_.text2;
  } else if (down) {
    fill = theme_.pressed;
  }
  const float inset = down ? 2.0f : 0.0f;
  const ImVec2 a(min.x + inset, min.y + inset), b(max.x - inset, max.y - inset);
  round_rect(dl_, a, b, fill, px(14));
  if (tone != Tone::primary) dl_->AddRect(a, b, tone == Tone::plain ? theme_.primary : theme_.border, px(14), 0, 2.5f);
  text_in(FontRole::body, label, ImVec2(a.x + px(12), a.y), ImVec2(b.x - px(12), b.y), fg, 0.5f, 0.5f);
  return hit;
}

void Ui::panel(ImVec2 min, ImVec2 max, ImU32 fill, float rounding, bool outline) {
  round_rect(dl_, min, max, fill, px(rounding));
  if (outline) dl_->AddRect(min, max, theme_.border, px(rounding), 0, 1.5f);
}

void Ui::avatar(const core::Official& o, ImVec2 c, float radius) {
  // No photos in the demo: the surname initial in a coloured disc, tinted by rank.
  const ImU32 fill = o.rank == core::Rank::head     ? IM_COL32(0x9C, 0x2A, 0x22, 0xFF)
                     : o.rank == core::Rank::deputy ? IM_COL32(0x1B, 0x55, 0x9E, 0xFF)
                                                    : IM_COL32(0x2F, 0x6B, 0x5E, 0xFF);
  dl_->AddCircleFilled(c, radius, fill, 48);
  std::size_t pos = 0;
  std::string initial;
  if (!o.name.empty()) {
    core::next_codepoint(o.name, pos);
    initial = o.name.substr(0, pos);
  }
  const FontRole r = radius > px(60) ? FontRole::display : FontRole::title;
  const ImVec2 size = measure(r, initial);
  text(r, initial, ImVec2(c.x - size.x / 2, c.y - size.y / 2), theme_.on_primary);
}

std::string Ui::status_text(const core::DutyRow& row, bool brief) const {
  if (brief) return tr(core::label_key(row.status));
  const std::string t = core::to_civil(row.since, config_.utc_offset_minutes).hhmm();
  switch (row.status) {
    case core::DutyStatus::on_duty: return tr("status.on_duty") + " · " + fill(tr("status.since"), {{"time", t}});
    case core::DutyStatus::left: return tr("status.left") + " · " + fill(tr("status.left_at"), {{"time", t}});
    case core::DutyStatus::not_arrived: break;
  }
  return tr("status.not_arrived");
}

float Ui::status_badge(const core::DutyRow& row, ImVec2 pos, FontRole r, bool measure_only, bool brief) {
  const std::string label = status_text(row, brief);
  const ImVec2 size = measure(r, label);
  const float h = size.y + px(14), dot = h * 0.22f, pad = px(14);
  const float w = pad + dot * 2 + px(10) + size.x + pad;
  if (measure_only) return w;
  ImU32 col = theme_.idle;
  if (row.status == core::DutyStatus::on_duty) col = theme_.good;
  if (row.status == core::DutyStatus::left) col = theme_.warn;
  const ImVec2 b(pos.x + w, pos.y + h);
  const ImVec2 c(pos.x + pad + dot, pos.y + h / 2);
  if (row.status == core::DutyStatus::on_duty) {
    // Filled: a solid badge with a solid dot.
    round_rect(dl_, pos, b, col, h / 2);
    dl_->AddCircleFilled(c, dot, theme_.on_primary, 20);
    text(r, label, ImVec2(c.x + dot + px(10), pos.y + px(7)), theme_.on_primary);
  } else {
    // Outlined: a ring for "not yet", a dash for "left".
    round_rect(dl_, pos, b, theme_.surface, h / 2);
    dl_->AddRect(pos, b, col, h / 2, 0, 2.5f);
    if (row.status == core::DutyStatus::left)
      dl_->AddLine(ImVec2(c.x - dot, c.y), ImVec2(c.x + dot, c.y), col, 4.0f);
    else
      dl_->AddCircle(c, dot, col, 20, 3.0f);
    text(r, label, ImVec2(c.x + dot + px(10), pos.y + px(7)), col);
  }
  return w;
}

std::string Ui::date_text(const std::string& date, bool with_weekday) const {
  return core::date_in_words(language_ == "en" ? en_ : zh_, date, with_weekday);
}

std::string Ui::month_text(const std::string& month) const {
  return core::month_in_words(language_ == "en" ? en_ : zh_, month);
}

std::string Ui::half_text(core::HalfDay h) const { return tr(core::label_key(h)); }

bool Ui::duty_row(const std::string& id, const core::DutyRow& row, ImVec2 a, ImVec2 b, bool show_status) {
  const bool hit = tap(id, a, b);
  person_row(row, a, b, show_status, held(id));
  return hit;
}

void Ui::person_row(const core::DutyRow& row, ImVec2 a, ImVec2 b, bool show_status, bool pressed) {
  Ui& ui = *this;
  const Theme& t = ui.theme();
  ui.panel(a, b, pressed ? t.pressed : t.surface, 18, true);
  const float h = b.y - a.y;
  const float r = std::min(ui.px(54), h * 0.34f);
  ui.avatar(row.official, ImVec2(a.x + ui.px(24) + r, a.y + h / 2), r);

  // Right column: window and status, both right-aligned.
  const std::string win = row.window.number.empty() ? "" : fill(ui.tr("duty.window"), {{"n", row.window.number}});
  const float badge_w = show_status ? ui.status_badge(row, ImVec2(), FontRole::small, true) : 0;
  const ImVec2 ws = ui.measure(FontRole::title, win);
  const float right_w = std::max(badge_w, ws.x);
  const float rx = b.x - ui.px(24) - right_w;
  const float lh_t = ui.line_height(FontRole::title), lh_s = ui.line_height(FontRole::small);
  const float top = a.y + (h - lh_t - lh_s - ui.px(10)) / 2;
  ui.text(FontRole::title, win, ImVec2(b.x - ui.px(24) - ws.x, top), t.primary);
  if (show_status) ui.status_badge(row, ImVec2(b.x - ui.px(24) - badge_w, top + lh_t + ui.px(2)), FontRole::small);

  const float x = a.x + ui.px(24) + 2 * r + ui.px(24);
  const float max_x = rx - ui.px(20);
  ui.text_in(FontRole::title, row.official.name, ImVec2(x, top), ImVec2(max_x, top + lh_t), t.text);
  const std::string dept = row.department.short_name.empty() ? row.department.name : row.department.short_name;
  // Department and title take a second line where the row has room (大字模式, long titles) rather than be cut.
  const float dy = top + lh_t + ui.px(4);
  ui.text_in(FontRole::small, dept + " · " + row.official.title, ImVec2(x, dy),
             ImVec2(max_x, std::max(dy + lh_s, std::min(dy + 2 * lh_s, b.y - ui.px(6)))), t.text2, 0, 0);
}

bool Ui::long_press(const std::string& id, ImVec2 min, ImVec2 max) {
  tap(id, min, max);
  if (active_id_ != id || !input_.down || input_.dragging || input_.cancelled) return false;
  held_time_ += dt_;
  if (long_fired_ || held_time_ < 1.0f) return false;
  long_fired_ = true;
  input_.cancel();  // the release that follows must not tap anything
  return true;
}

bool Ui::chip(const std::string& id, std::string_view label, ImVec2 min, ImVec2 max, bool selected) {
  const bool hit = tap(id, min, max);
  const bool down = held(id);
  round_rect(dl_, min, max, selected ? theme_.primary : (down ? theme_.pressed : theme_.surface), px(14));
  dl_->AddRect(min, max, selected ? theme_.primary_dark : theme_.border, px(14), 0, 2.5f);
  float x = min.x + px(16);
  if (selected) {
    // A tick as well as the fill: colour is never the only cue.
    const float cy = (min.y + max.y) / 2, k = px(10);
    dl_->AddPolyline(std::array<ImVec2, 3>{ImVec2(x, cy), ImVec2(x + k, cy + k), ImVec2(x + 2.2f * k, cy - k)}.data(), 3,
                     theme_.on_primary, 0, px(4));
    x += px(34);
  }
  text_in(FontRole::body, label, ImVec2(x, min.y), ImVec2(max.x - px(12), max.y), selected ? theme_.on_primary : theme_.text,
          selected ? 0.0f : 0.5f);
  return hit;
}

bool Ui::checkbox(const std::string& id, std::string_view label, ImVec2 min, ImVec2 max, bool checked) {
  const bool hit = tap(id, min, max);
  panel(min, max, held(id) ? theme_.pressed : theme_.surface, 14, true);
  // The box is there before it is ticked, so people see there is something to tick.
  const float box = px(44);
  const ImVec2 ba(min.x + px(20), (min.y + max.y - box) / 2), bb(ba.x + box, ba.y + box);
  round_rect(dl_, ba, bb, checked ? theme_.primary : theme_.surface, px(6));
  dl_->AddRect(ba, bb, theme_.primary, px(6), 0, 3);
  if (checked)
    dl_->AddPolyline(std::array<ImVec2, 3>{ImVec2(ba.x + box * 0.2f, ba.y + box * 0.52f), ImVec2(ba.x + box * 0.42f, ba.y + box * 0.74f),
                                           ImVec2(ba.x + box * 0.8f, ba.y + box * 0.28f)}
                         .data(),
                     3, theme_.on_primary, 0, px(5));
  text_in(FontRole::body, label, ImVec2(bb.x + px(18), min.y), ImVec2(max.x - px(12), max.y), theme_.text);
  return hit;
}

bool Ui::field_box(const std::string& id, const TextField& f, ImVec2 min, ImVec2 max, std::string_view placeholder,
                   bool editing) {
  const bool hit = tap(id, min, max);
  round_rect(dl_, min, max, held(id) ? theme_.pressed : theme_.surface, px(12));
  dl_->AddRect(min, max, editing ? theme_.primary : theme_.border, px(12), 0, editing ? 4.0f : 2.0f);
  const ImVec2 p(min.x + px(18), min.y + px(14));
  const float w = max.x - min.x - px(36);
  dl_->PushClipRect(min, max, true);
  if (f.text.empty() && !editing) {
    text(FontRole::body, placeholder, p, theme_.text2);
  } else {
    // The caret is drawn as a bar character where the text is edited.
    const std::string shown = editing ? f.text.substr(0, f.caret) + "|" + f.text.substr(f.caret) : f.text;
    // Text being typed is drawn from the small atlas, so a character chosen into it never rebuilds the main one.
    const FontRole r = editing ? FontRole::typed : FontRole::body;
    if (f.multiline || measure(r, shown).x > w)
      text_wrapped(r, shown, p, w, theme_.text);
    else
      text(r, shown, ImVec2(p.x, (min.y + max.y - measure(r, shown).y) / 2), theme_.text);
  }
  dl_->PopClipRect();
  return hit;
}

float Ui::begin_list(const std::string& id, ImVec2 min, ImVec2 max, float content_height) {
  Scroll& s = scrolls_[id];
  s.max = std::max(0.0f, content_height - (max.y - min.y));
  const bool over = inside(ImVec2(input_.press_x, input_.press_y), min, max);
  if (input_.pressed && over) {
    s.grabbed = true;
    s.velocity = 0;
    s.start_offset = s.offset;
  }
  if (s.grabbed && input_.dragging && !input_.cancelled) {
    s.offset = s.start_offset - (input_.y - input_.press_y);
    // Rubber band past the ends: move at a third of the finger's speed.
    if (s.offset < 0) s.offset /= 3;
    if (s.offset > s.max) s.offset = s.max + (s.offset - s.max) / 3;
  }
  if (s.grabbed && input_.released) {
    s.grabbed = false;
    if (input_.dragging) s.velocity = -input_.velocity_y;
  }
  if (!s.grabbed) {
    s.offset += s.velocity * dt_;
    s.velocity *= std::exp(-3.0f * dt_);
    if (std::fabs(s.velocity) < 30) s.velocity = 0;
    // Spring back into range.
    if (s.offset < 0 || s.offset > s.max) {
      const float target = s.offset < 0 ? 0 : s.max;
      s.velocity = 0;
      s.offset = target + (s.offset - target) * std::exp(-14.0f * dt_);
      if (std::fabs(s.offset - target) < 0.5f) s.offset = target;
    }
  }
  if (s.velocity != 0 || s.offset < 0 || s.offset > s.max || s.grabbed) animating_ = true;
  dl_->PushClipRect(min, max, true);
  clip_stack_.push_back(ImVec4(min.x, min.y, max.x, max.y));
  list_stack_.push_back(id);
  widgets_.push_back({id, min, max});
  return std::round(s.offset);
}

void Ui::end_list() {
  const ImVec4 c = clip_stack_.back();
  const Scroll& s = scrolls_[list_stack_.back()];
  clip_stack_.pop_back();
  list_stack_.pop_back();
  dl_->PopClipRect();
  if (s.max > 0) {
    // A thin position bar, so people see there is more.
    const float h = c.w - c.y, bar = std::max(px(60), h * h / (h + s.max));
    const float t = std::clamp(s.offset / s.max, 0.0f, 1.0f);
    const float y = c.y + (h - bar) * t;
    round_rect(dl_, ImVec2(c.z - px(8), y), ImVec2(c.z - px(3), y + bar), IM_COL32(0x8A, 0x95, 0xA5, 0xC0), 3);
  }
}

}  // namespace ui
