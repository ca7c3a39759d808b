#include "kiosk/ui/keyboard.h"

#include <algorithm>
#include <array>

#include "kiosk/core/utf8.h"
#include "kiosk/ui/draw.h"
#include "kiosk/ui/ui.h"

namespace ui {
namespace {

constexpr std::array<const char*, 3> kLetterRows = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
// Punctuation pages: full-width for Chinese text, ASCII for English.
constexpr std::array<const char*, 3> kZhSymbols = {"1 2 3 4 5 6 7 8 9 0", "， 。 ？ ！ 、 ： ； “ ” …",
                                                   "（ ） 《 》 — @ # ·"};
constexpr std::array<const char*, 3> kEnSymbols = {"1 2 3 4 5 6 7 8 9 0", ", . ? ! : ; ' \" - /",
                                                   "( ) @ # & * + ="};

std::vector<std::string> words(const char* row) {
  std::vector<std::string> out;
  std::string w;
  for (const char* p = row; *p; ++p) {
    if (*p == ' ') {
      if (!w.empty()) out.push_back(w);
      w.clear();
    } else {
      w += *p;
    }
  }
  if (!w.empty()) out.push_back(w);
  return out;
}

// A left-pointing delete key drawn as a shape (no glyph needed).
void draw_backspace(ImDrawList* dl, ImVec2 c, float s, ImU32 col) {
  const std::array<ImVec2, 5> pts = {ImVec2(c.x - s, c.y), ImVec2(c.x - s * 0.45f, c.y - s * 0.6f),
                                     ImVec2(c.x + s, c.y - s * 0.6f), ImVec2(c.x + s, c.y + s * 0.6f),
                                     ImVec2(c.x - s * 0.45f, c.y + s * 0.6f)};
  dl->AddPolyline(pts.data(), 5, col, ImDrawFlags_Closed, 3.0f);
  dl->AddLine(ImVec2(c.x - s * 0.05f, c.y - s * 0.28f), ImVec2(c.x + s * 0.55f, c.y + s * 0.28f), col, 3.0f);
  dl->AddLine(ImVec2(c.x - s * 0.05f, c.y + s * 0.28f), ImVec2(c.x + s * 0.55f, c.y - s * 0.28f), col, 3.0f);
}

void draw_arrow(ImDrawList* dl, ImVec2 c, float s, ImU32 col, bool left) {
  const float d = left ? -1.0f : 1.0f;
  dl->AddTriangleFilled(ImVec2(c.x + d * s * 0.6f, c.y), ImVec2(c.x - d * s * 0.4f, c.y - s * 0.6f),
                        ImVec2(c.x - d * s * 0.4f, c.y + s * 0.6f), col);
}

}  // namespace

std::size_t TextField::chars() const {
  std::size_t n = 0;
  core::for_each_codepoint(text, [&](char32_t) { ++n; });
  return n;
}

bool TextField::insert(std::string_view s) {
  std::string clean;
  bool complete = true;
  std::size_t room = max_chars > chars() ? max_chars - chars() : 0;
  std::size_t pos = 0;
  while (pos < s.size()) {
    const std::size_t start = pos;
    const char32_t c = core::next_codepoint(s, pos);
    // Control characters never reach a record; a line break only where the field has lines.
    if (c == core::kReplacement || (c < 0x20 && !(multiline && c == '\n')) || (c >= 0x7F && c < 0xA0)) continue;
    if (room == 0) {
      complete = false;
      break;
    }
    clean.append(s.substr(start, pos - start));
    --room;
  }
  text.insert(caret, clean);
  caret += clean.size();
  return complete;
}

void TextField::backspace() {
  if (caret == 0) return;
  std::size_t p = caret - 1;
  while (p > 0 && (static_cast<unsigned char>(text[p]) & 0xC0) == 0x80) --p;
  text.erase(p, caret - p);
  caret = p;
}

void TextField::left() {
  if (caret == 0) return;
  --caret;
  while (caret > 0 && (static_cast<unsigned char>(text[caret]) & 0xC0) == 0x80) --caret;
}

void TextField::right() {
  if (caret >= text.size()) return;
  core::next_codepoint(text, caret);
}

void TextField::clear() {
  text.clear();
  caret = 0;
}

float Keyboard::height(const Ui& ui) const { return ui.px(96) + 4 * ui.px(100) + ui.px(24); }

void Keyboard::reset() {
  pinyin_.clear();
  chinese_ = true;
  symbols_ = false;
  page_start_ = 0;
  page_starts_.clear();
  predictions_.clear();
  notice_.clear();
}

void Keyboard::clear(TextField& field) {
  pinyin_.clear();
  page_start_ = 0;
  page_starts_.clear();
  predictions_.clear();
  notice_.clear();
  core::wipe(field.text);
  field.clear();
}

void Keyboard::commit(TextField& field, const std::string& text) {
  notice_ = field.insert(text) ? "" : "kb.full";
  // Predictions from what now stands before the caret.
  predictions_ = chinese_ ? pinyin_.predictions(field.text.substr(0, field.caret), 12) : std::vector<std::string>{};
  page_start_ = 0;
  page_starts_.clear();
}

void Keyboard::type(TextField& field, char c) {
  if (chinese_ && !symbols_ && c >= 'a' && c <= 'z') {
    pinyin_.add_letter(c);
    predictions_.clear();
    page_start_ = 0;
    page_starts_.clear();
    return;
  }
  commit(field, std::string(1, c));
}

bool Keyboard::key(Ui& ui, const std::string& id, std::string_view label, ImVec2 a, ImVec2 b, bool accent) {
  const Theme& t = ui.theme();
  const bool hit = ui.tap(id, a, b);
  const bool down = ui.held(id);
  const ImU32 fill = accent ? (down ? t.primary_dark : t.primary) : (down ? t.pressed : t.surface);
  round_rect(ui.dl(), ImVec2(a.x, a.y + 3), ImVec2(b.x, b.y + 3), IM_COL32(0x10, 0x20, 0x40, 0x30), ui.px(10));
  round_rect(ui.dl(), a, b, fill, ui.px(10));
  if (!label.empty())
    ui.text_in(FontRole::title, label, ImVec2(a.x + 4, a.y), ImVec2(b.x - 4, b.y), accent ? t.on_primary : t.text, 0.5f);
  return hit;
}

bool Keyboard::draw(Ui& ui, TextField& field, float top) {
  const Theme& t = ui.theme();
  ImDrawList* dl = ui.dl();
  bool done = false;

  // A physical keyboard: letters go through pinyin in Chinese mode; digits pick candidates while composing.
  for (char c : ui.input().typed) {
    if (composing() && c >= '1' && c <= '9') {
      const std::size_t i = page_start_ + static_cast<std::size_t>(c - '1');
      if (i < pinyin_.candidates().size()) commit(field, pinyin_.choose(i));
    } else if (composing() && c == ' ') {
      commit(field, pinyin_.choose(0));
    } else if (chinese_ && c >= 'A' && c <= 'Z') {
      commit(field, std::string(1, c));
    } else if (static_cast<unsigned char>(c) >= 0x80) {
      // Whole UTF-8 sequences from an input method on the physical keyboard.
      commit(field, std::string(1, c));
    } else {
      type(field, c);
    }
  }
  for (Key k : ui.input().keys) {
    if (k == Key::backspace) {
      composing() ? pinyin_.backspace() : field.backspace();
    } else if (k == Key::left) {
      field.left();
    } else if (k == Key::right) {
      field.right();
    } else if (k == Key::enter) {
      if (composing())
        commit(field, pinyin_.choose(0));
      else if (field.multiline)
        commit(field, "\n");
      else
        done = true;
    }
  }

  const float w = std::min(ui.width(), ui.px(1400));
  const float x0 = (ui.width() - w) / 2;
  const float bottom = top + height(ui);
  round_rect(dl, ImVec2(0, top), ImVec2(ui.width(), bottom), IM_COL32(0xD8, 0xDE, 0xE6, 0xFF));

  // Candidate bar: the spelling, then as many candidates as fit, with paging; or predictions.
  const float bar_h = ui.px(96);
  const ImVec2 ba(0, top), bb(ui.width(), top + bar_h);
  round_rect(dl, ba, bb, t.surface);
  dl->AddLine(ImVec2(0, bb.y), ImVec2(ui.width(), bb.y), t.border, 2);
  float x = x0 + ui.px(16);
  const float arrow_w = ui.px(88);
  const float cand_right = x0 + w - ui.px(8) - 2 * arrow_w;
  if (composing()) {
    const std::string spelling = pinyin_.spelling();
    const float sw = std::min(ui.measure(FontRole::body, spelling).x, ui.px(260));
    ui.text_in(FontRole::body, spelling, ImVec2(x, top), ImVec2(x + sw, top + bar_h), t.text2);
    x += sw + ui.px(20);
    const auto& cands = pinyin_.candidates();
    std::size_t i = page_start_;
    for (; i < cands.size(); ++i) {
      const float cw = ui.measure(FontRole::input, cands[i]).x + ui.px(36);
      if (x + cw > cand_right && i > page_start_) break;
      const std::string id = "kb.cand." + std::to_string(i);
      const ImVec2 a(x, top + ui.px(8)), b(std::min(x + cw, cand_right), top + bar_h - ui.px(8));
      const bool hit = ui.tap(id, a, b);
      if (ui.held(id)) round_rect(dl, a, b, t.pressed, ui.px(10));
      ui.text_in(FontRole::input, cands[i], a, b, i == page_start_ && page_starts_.empty() ? t.primary : t.text, 0.5f);
      x += cw;
      if (hit) {
        commit(field, pinyin_.choose(i));
        break;
      }
    }
    const std::size_t page_end = i;
    // Paging arrows, always there while composing so their place never moves.
    const ImVec2 pa(x0 + w - 2 * arrow_w - ui.px(8), top + ui.px(8)), pb(pa.x + arrow_w, top + bar_h - ui.px(8));
    const ImVec2 na(pb.x, pa.y), nb(na.x + arrow_w, pb.y);
    const bool can_prev = !page_starts_.empty(), can_next = page_end < cands.size() && composing();
    if (ui.tap("kb.cand.prev", pa, pb) && can_prev) {
      page_start_ = page_starts_.back();
      page_starts_.pop_back();
    }
    if (ui.tap("kb.cand.next", na, nb) && can_next) {
      page_starts_.push_back(page_start_);
      page_start_ = page_end;
    }
    draw_arrow(dl, ImVec2((pa.x + pb.x) / 2, (pa.y + pb.y) / 2), ui.px(18), can_prev ? t.primary : t.border, true);
    draw_arrow(dl, ImVec2((na.x + nb.x) / 2, (na.y + nb.y) / 2), ui.px(18), can_next ? t.primary : t.border, false);
  } else if (!predictions_.empty()) {
    for (std::size_t i = 0; i < predictions_.size(); ++i) {
      const float cw = ui.measure(FontRole::input, predictions_[i]).x + ui.px(36);
      if (x + cw > x0 + w - ui.px(16)) break;
      const std::string id = "kb.pred." + std::to_string(i);
      const ImVec2 a(x, top + ui.px(8)), b(x + cw, top + bar_h - ui.px(8));
      const bool hit = ui.tap(id, a, b);
      if (ui.held(id)) round_rect(dl, a, b, t.pressed, ui.px(10));
      ui.text_in(FontRole::input, predictions_[i], a, b, t.text, 0.5f);
      x += cw;
      if (hit) {
        commit(field, predictions_[i]);
        break;
      }
    }
  } else {
    const std::string hint = notice_.empty() ? ui.tr(chinese_ ? "kb.hint.zh" : "kb.hint.en") : ui.tr("kb.full");
    ui.text_in(FontRole::small, hint, ImVec2(x, top), ImVec2(x0 + w - ui.px(16), top + bar_h),
               notice_.empty() ? t.text2 : t.accent);
  }

  // Key rows.
  const float gap = ui.px(10), row_h = ui.px(100);
  const float key_w = (w - ui.px(32) - 9 * gap) / 10;
  float y = top + bar_h + ui.px(12);
  auto row_x = [&](std::size_t n) { return x0 + ui.px(16) + (w - ui.px(32) - (static_cast<float>(n) * (key_w + gap) - gap)) / 2; };
  const auto& sym = chinese_ ? kZhSymbols : kEnSymbols;
  for (std::size_t r = 0; r < 3; ++r) {
    const std::vector<std::string> keys =
        symbols_ ? words(sym[r]) : [&] {
          std::vector<std::string> v;
          for (const char* p = kLetterRows[r]; *p; ++p) v.emplace_back(1, *p);
          return v;
        }();
    const bool last = r == 2;
    float kx = row_x(keys.size() + (last ? 2 : 0));
    for (const auto& k : keys) {
      const std::string id = symbols_ ? "kb.sym." + k : "kb.key." + k;
      if (key(ui, id, k, ImVec2(kx, y), ImVec2(kx + key_w, y + row_h - gap))) {
        if (symbols_)
          commit(field, k);
        else
          type(field, k[0]);
      }
      kx += key_w + gap;
    }
    if (last) {
      const ImVec2 a(kx, y), b(kx + 2 * key_w + gap, y + row_h - gap);
      if (key(ui, "kb.backspace", "", a, b)) composing() ? pinyin_.backspace() : field.backspace();
      draw_backspace(dl, ImVec2((a.x + b.x) / 2, (a.y + b.y) / 2), ui.px(22), t.text);
    }
    y += row_h;
  }

  // Bottom row: 中/英, symbols, ◀, space, ▶, done.
  const float bw = key_w * 1.5f + gap / 2;
  float kx = x0 + ui.px(16);
  const std::string mode_label = chinese_ ? ui.tr("kb.mode.zh") : ui.tr("kb.mode.en");
  if (key(ui, "kb.mode", mode_label, ImVec2(kx, y), ImVec2(kx + bw, y + row_h - gap))) {
    if (composing()) commit(field, pinyin_.letters());
    pinyin_.clear();
    chinese_ = !chinese_;
    predictions_.clear();
  }
  kx += bw + gap;
  if (key(ui, "kb.symbols", ui.tr(symbols_ ? "kb.letters" : "kb.symbols"), ImVec2(kx, y), ImVec2(kx + bw, y + row_h - gap)))
    symbols_ = !symbols_;
  kx += bw + gap;
  {
    const ImVec2 a(kx, y), b(kx + key_w, y + row_h - gap);
    if (key(ui, "kb.left", "", a, b)) field.left();
    draw_arrow(dl, ImVec2((a.x + b.x) / 2, (a.y + b.y) / 2), ui.px(16), t.text, true);
  }
  kx += key_w + gap;
  const float done_w = bw;
  const float space_w = x0 + w - ui.px(16) - done_w - gap - key_w - gap - kx;
  if (key(ui, "kb.space", ui.tr("kb.space"), ImVec2(kx, y), ImVec2(kx + space_w, y + row_h - gap))) {
    if (composing())
      commit(field, pinyin_.choose(0));
    else
      commit(field, " ");
  }
  kx += space_w + gap;
  {
    const ImVec2 a(kx, y), b(kx + key_w, y + row_h - gap);
    if (key(ui, "kb.right", "", a, b)) field.right();
    draw_arrow(dl, ImVec2((a.x + b.x) / 2, (a.y + b.y) / 2), ui.px(16), t.text, false);
  }
  kx += key_w + gap;
  if (key(ui, "kb.done", ui.tr("kb.done"), ImVec2(kx, y), ImVec2(kx + done_w, y + row_h - gap), true)) {
    if (composing()) commit(field, pinyin_.choose(0));
    done = true;
  }
  return done;
}

KeypadLayout keypad_layout(Ui& ui, float top) {
  KeypadLayout l;
  const float m = ui.px(32), gap = ui.px(16), col_gap = ui.px(40);
  const bool wide = ui.landscape();
  const float bottom = ui.footer_top() - ui.px(24);
  const float col_a = wide ? ui.width() / 2 + col_gap / 2 : m, col_b = ui.width() - m;
  const float kw = std::min(col_b - col_a, ui.px(720));
  const float kx = col_a + (col_b - col_a - kw) / 2;
  const float label_h = ui.line_height(FontRole::body), display_h = ui.px(wide ? 92 : 110);
  // Room for a message of one body line, or two lines once text_in has shrunk it to the small size.
  const float message_h = std::max(label_h, 2 * ui.line_height(FontRole::small));
  const float above = label_h + ui.px(8) + display_h + ui.px(8) + message_h + gap;
  // Landscape has the right half to itself: the keys take the height the box and its message leave.
  const float kh = std::min({ui.px(560), ui.height() * (wide ? 0.45f : 0.3f), bottom - top - above});
  l.pad_min = ImVec2(kx, bottom - kh);
  l.pad_max = ImVec2(kx + kw, bottom);
  l.message_max = ImVec2(kx + kw, l.pad_min.y - gap);
  l.message_min = ImVec2(kx, l.message_max.y - message_h);
  l.display_max = ImVec2(kx + kw, l.message_min.y - ui.px(8));
  l.display_min = ImVec2(kx, l.display_max.y - display_h);
  l.label_max = ImVec2(kx + kw, l.display_min.y - ui.px(8));
  l.label_min = ImVec2(kx, l.label_max.y - label_h);
  l.info_min = ImVec2(m, top);
  l.info_max = wide ? ImVec2(ui.width() / 2 - col_gap / 2, bottom) : ImVec2(ui.width() - m, l.label_min.y - gap);
  return l;
}

void keypad_frame(Ui& ui, const KeypadLayout& l, std::string_view label, std::string_view message, ImU32 message_col) {
  const Theme& t = ui.theme();
  ui.text_in(FontRole::body, label, l.label_min, l.label_max, t.text2, 0.5f);
  ui.panel(l.display_min, l.display_max, t.surface, 14, true);
  if (!message.empty()) ui.text_in(FontRole::body, message, l.message_min, l.message_max, message_col, 0.5f);
}

void keypad_number(Ui& ui, const KeypadLayout& l, std::string_view number, std::string_view placeholder) {
  const Theme& t = ui.theme();
  const bool none = number.empty();
  ui.text_in(none ? FontRole::title : FontRole::display, none ? placeholder : number,
             ImVec2(l.display_min.x + ui.px(24), l.display_min.y), ImVec2(l.display_max.x - ui.px(24), l.display_max.y),
             none ? t.text2 : t.text, 0.5f);
}

bool keypad(Ui& ui, const std::string& id, std::string& digits, std::size_t max_len, ImVec2 min, ImVec2 max,
            std::string_view ok_label) {
  const Theme& t = ui.theme();
  bool ok = false;
  for (char c : ui.input().typed)
    if (c >= '0' && c <= '9' && digits.size() < max_len) digits += c;
  for (Key k : ui.input().keys) {
    if (k == Key::backspace && !digits.empty()) digits.pop_back();
    if (k == Key::enter) ok = true;
  }
  const float gap = ui.px(16);
  const float kw = (max.x - min.x - 2 * gap) / 3, kh = (max.y - min.y - 3 * gap) / 4;
  static constexpr std::array<const char*, 12> kKeys = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "del", "0", "ok"};
  for (std::size_t i = 0; i < kKeys.size(); ++i) {
    const std::string k = kKeys[i];
    const ImVec2 a(min.x + static_cast<float>(i % 3) * (kw + gap), min.y + static_cast<float>(i / 3) * (kh + gap));
    const ImVec2 b(a.x + kw, a.y + kh);
    const bool is_ok = k == "ok";
    if (is_ok && ok_label.empty()) continue;  // the screen confirms with a button of its own
    const std::string kid = id + "." + k;
    const bool hit = ui.tap(kid, a, b);
    const bool down = ui.held(kid);
    round_rect(ui.dl(), ImVec2(a.x, a.y + 4), ImVec2(b.x, b.y + 4), IM_COL32(0x10, 0x20, 0x40, 0x30), ui.px(14));
    round_rect(ui.dl(), a, b, is_ok ? (down ? t.primary_dark : t.primary) : (down ? t.pressed : t.surface), ui.px(14));
    if (k == "del") {
      draw_backspace(ui.dl(), ImVec2((a.x + b.x) / 2, (a.y + b.y) / 2), ui.px(26), t.text);
    } else {
      ui.text_in(is_ok ? FontRole::title : FontRole::display, is_ok ? std::string(ok_label) : k, a, b,
                 is_ok ? t.on_primary : t.text, 0.5f);
    }
    if (!hit) continue;
    if (k == "del") {
      if (!digits.empty()) digits.pop_back();
    } else if (is_ok) {
      ok = true;
    } else if (digits.size() < max_len) {
      digits += k;
    }
  }
  return ok;
}

}  // namespace ui
