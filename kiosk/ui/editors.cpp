// Shared pieces of the citizen and staff forms: the full-screen text editor, phone entry with consent,
// the 好差评 faces and QR codes.
#include <qrencode.h>

#include <algorithm>
#include <cmath>
#include <string_view>
#include <vector>

#include "kiosk/core/utf8.h"
#include "kiosk/ui/draw.h"
#include "kiosk/ui/ui.h"

namespace ui {

bool Ui::open_editor(const void* field) {
  if (editor_open_ == field) return false;
  editor_open_ = field;
  return true;
}

namespace {

// The text being edited as the visitor will get it: the text before the caret, then the composition in place
// (the characters already chosen, tinted, and the letters still open, underlined), the caret, the rest.
// Wraps by character in a multi-line field; a one-line field scrolls sideways to keep the caret in view.
// The composition is drawn as one run, so what it shows is one text on screen ("跑了santang").
void draw_editing(Ui& ui, const TextField& f, const Keyboard& kb, ImVec2 min, ImVec2 max) {
  const Theme& t = ui.theme();
  constexpr FontRole kRole = FontRole::typed;
  struct Piece {
    std::string text;
    int kind;  // 0 text, 1 composition (fixed + pending as one run), 2 caret
    float w;
  };
  std::vector<Piece> pieces;
  auto add_text = [&](std::string_view s) {
    std::size_t pos = 0;
    while (pos < s.size()) {
      const std::size_t start = pos;
      core::next_codepoint(s, pos);
      const std::string ch(s.substr(start, pos - start));
      pieces.push_back({ch, 0, ch == "\n" ? 0.0f : ui.measure(kRole, ch).x});
    }
  };
  add_text(std::string_view(f.text).substr(0, f.caret));
  const std::string comp = kb.fixed() + kb.pending();
  if (kb.composing()) pieces.push_back({comp, 1, ui.measure(kRole, comp).x});
  pieces.push_back({"", 2, ui.px(4)});
  add_text(std::string_view(f.text).substr(f.caret));

  // Lay out: x and line of each piece.
  const float pad = ui.px(18), lh = ui.line_height(kRole);
  const float w = max.x - min.x - 2 * pad;
  std::vector<ImVec2> at(pieces.size());
  float x = 0;
  int line = 0, caret_line = 0;
  float caret_x = 0;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    if (pieces[i].text == "\n" && pieces[i].kind == 0) {
      at[i] = ImVec2(x, static_cast<float>(line));
      x = 0;
      ++line;
      continue;
    }
    if (f.multiline && x > 0 && x + pieces[i].w > w) {
      x = 0;
      ++line;
    }
    at[i] = ImVec2(x, static_cast<float>(line));
    if (pieces[i].kind == 2) {
      caret_line = line;
      caret_x = x;
    }
    x += pieces[i].w;
  }
  // Keep the caret in view.
  const float dx = f.multiline ? 0 : std::max(0.0f, caret_x - (w - ui.px(8)));
  const float box_h = max.y - min.y - 2 * pad;
  const float dy = std::max(0.0f, static_cast<float>(caret_line + 1) * lh - box_h);
  const float top = f.multiline ? min.y + pad : (min.y + max.y - lh) / 2;
  auto pos = [&](std::size_t i) { return ImVec2(min.x + pad + at[i].x - dx, top + at[i].y * lh - dy); };

  ui.dl()->PushClipRect(min, max, true);
  // Plain text in runs along each line, so a scenario sees words rather than single characters.
  std::string run;
  ImVec2 run_at;
  float run_line = -1;
  auto flush = [&] {
    if (!run.empty()) ui.text(kRole, run, run_at, t.text);
    run.clear();
  };
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    const Piece& p = pieces[i];
    const ImVec2 a = pos(i);
    if (p.kind != 0 || p.text == "\n" || at[i].y != run_line) flush();
    if (p.kind == 0) {
      if (p.text == "\n") continue;
      if (run.empty()) {
        run_at = a;
        run_line = at[i].y;
      }
      run += p.text;
    } else if (p.kind == 1) {
      const float fw = ui.measure(kRole, kb.fixed()).x;
      if (fw > 0) round_rect(ui.dl(), ImVec2(a.x - 2, a.y), ImVec2(a.x + fw + 2, a.y + lh), IM_COL32(0xD6, 0xE6, 0xFA, 0xFF), 4);
      ui.text(kRole, p.text, a, t.primary);
      const float uy = a.y + lh - ui.px(6);
      ui.dl()->AddRectFilled(ImVec2(a.x + fw, uy), ImVec2(a.x + p.w, uy + ui.px(3)), t.primary);
      run_line = -1;
    } else {
      ui.dl()->AddRectFilled(ImVec2(a.x, a.y + ui.px(4)), ImVec2(a.x + ui.px(3), a.y + lh - ui.px(4)), t.primary);
      run_line = -1;
    }
  }
  flush();
  ui.dl()->PopClipRect();
}

}  // namespace

bool Ui::text_editor(const std::string& title, TextField& f, std::optional<Screen> back) {
  const Theme& t = theme();
  keyboard_up_ = true;
  if (open_editor(&f)) editor_before_ = f.text;
  bool cancelled = false;
  const ImVec2 origin = back ? header(title, back) : header_cancel(title, cancelled);
  if (cancelled) {
    core::wipe(f.text);
    f.text = editor_before_;
    f.caret = f.text.size();
    core::wipe(editor_before_);
    editor_open_ = nullptr;
    keyboard_.reset();
    return true;
  }
  const float m = px(32);
  const float kb_top = height() - keyboard_.height(*this);
  // The field, with 清空 and the count in a narrow column on its right (a landscape screen has little
  // height to spare above the keyboard); a one-line field is one line tall.
  const float col_w = px(200), gap = px(16);
  const float fy = origin.y;
  const float fb = f.multiline ? kb_top - px(24) : fy + line_height(FontRole::typed) + px(56);
  const ImVec2 ca(width() - m - col_w, fy), cb(width() - m, fy + std::min(px(90), fb - fy));
  if (button("editor.clear", tr("editor.clear"), ca, cb, f.text.empty() && !keyboard_.composing() ? Tone::quiet : Tone::plain))
    keyboard_.clear(f);
  const std::string count = std::to_string(f.chars()) + " / " + std::to_string(f.max_chars);
  text_in(FontRole::small, count, ImVec2(ca.x, cb.y + px(8)), ImVec2(cb.x, cb.y + px(8) + line_height(FontRole::small)),
          f.chars() >= f.max_chars ? t.accent : t.text2, 0.5f);
  const ImVec2 fa(m, fy), fbm(ca.x - gap, fb);
  tap("editor.field", fa, fbm);
  round_rect(dl_, fa, fbm, theme_.surface, px(12));
  dl_->AddRect(fa, fbm, theme_.primary, px(12), 0, 4.0f);
  draw_editing(*this, f, keyboard_, fa, fbm);
  if (!keyboard_.draw(*this, f, kb_top)) return false;
  keyboard_.reset();
  editor_open_ = nullptr;
  core::wipe(editor_before_);
  return true;
}

bool Ui::phone_editor(std::string& digits, bool& consent, std::string& error_key, const char* purpose_key) {
  const Theme& t = theme();
  if (open_editor(&digits)) {
    editor_before_ = digits;
    consent_before_ = consent;
  }
  bool cancelled = false;
  const ImVec2 origin = header_cancel(tr("phone.title"), cancelled);
  if (cancelled) {
    core::wipe(digits);
    digits = editor_before_;
    consent = consent_before_;
    core::wipe(editor_before_);
    error_key.clear();
    editor_open_ = nullptr;
    return true;
  }
  // The keypad where every keypad screen has it (keypad_layout); the notice and the consent box above it
  // (portrait) or beside it (landscape), so the box is in sight before anyone taps 确定.
  const KeypadLayout l = keypad_layout(*this, origin.y);
  const float gap = px(16);
  const float col_w = l.info_max.x - l.info_min.x;
  float y = l.info_min.y;
  // The notice (PIPL): who collects it, why, how long it is kept, how to reach the bureau.
  const float text_w = col_w - px(48);
  const float nh = text_wrapped(FontRole::small, tr(purpose_key), ImVec2(), text_w, 0, false) +
                   text_wrapped(FontRole::small, tr("phone.notice"), ImVec2(), text_w, 0, false) + px(56);
  panel(l.info_min, ImVec2(l.info_max.x, y + nh), IM_COL32(0xFF, 0xF8, 0xE8, 0xFF), 14, true);
  float ty = y + px(20);
  ty += text_wrapped(FontRole::small, tr(purpose_key), ImVec2(l.info_min.x + px(24), ty), text_w, t.text) + px(12);
  text_wrapped(FontRole::small, tr("phone.notice"), ImVec2(l.info_min.x + px(24), ty), text_w, t.text);
  y += nh + gap;
  const float ch = std::min(px(96), l.info_max.y - y);
  if (checkbox("phone.consent", tr("phone.consent"), ImVec2(l.info_min.x, y), ImVec2(l.info_max.x, y + ch), consent))
    consent = !consent;
  // The number as typed (the citizen's own screen, while typing); masked everywhere after.
  keypad_frame(*this, l, tr("phone.label"), error_key.empty() ? std::string_view() : tr(error_key.c_str()), t.accent);
  keypad_number(*this, l, digits, tr("phone.placeholder"));
  if (!keypad(*this, "phone.pad", digits, 12, l.pad_min, l.pad_max, tr("phone.ok"))) return false;
  if (digits.empty()) {  // nothing typed: no phone, no consent needed
    consent = false;
    error_key.clear();
    editor_open_ = nullptr;
    return true;
  }
  if (!core::normalize_phone(digits)) {
    error_key = "phone.invalid";
    return false;
  }
  if (!consent) {
    error_key = "phone.need_consent";
    return false;
  }
  error_key.clear();
  editor_open_ = nullptr;
  core::wipe(editor_before_);
  return true;
}

bool Ui::face_button(const std::string& id, core::Level level, std::string_view label, ImVec2 a, ImVec2 b,
                     bool selected) {
  const Theme& t = theme();
  const bool hit = tap(id, a, b);
  const int l = static_cast<int>(level);
  static constexpr ImU32 kColours[5] = {IM_COL32(0x17, 0x6B, 0x3A, 0xFF), IM_COL32(0x3D, 0x85, 0x2E, 0xFF),
                                        IM_COL32(0x8A, 0x6D, 0x00, 0xFF), IM_COL32(0xB8, 0x55, 0x0F, 0xFF),
                                        IM_COL32(0xB0, 0x24, 0x1C, 0xFF)};
  const ImU32 col = kColours[l];
  panel(a, b, selected ? IM_COL32(0xEA, 0xF1, 0xFB, 0xFF) : (held(id) ? t.pressed : t.surface), 18, false);
  dl_->AddRect(a, b, selected ? t.primary : t.border, px(18), 0, selected ? 5.0f : 2.0f);
  const float lh = line_height(FontRole::body);
  // A box much wider than tall (a compact row) puts the face beside its word instead of above it.
  const bool beside = b.x - a.x > 2.2f * (b.y - a.y);
  const float r = beside ? (b.y - a.y) * 0.32f : std::min((b.x - a.x) * 0.34f, (b.y - a.y - lh - px(30)) * 0.45f);
  const ImVec2 c = beside ? ImVec2(a.x + px(20) + r, (a.y + b.y) / 2) : ImVec2((a.x + b.x) / 2, a.y + px(16) + r);
  dl_->AddCircleFilled(c, r, col, 48);
  // Eyes, then a mouth whose curve runs from a wide smile to a deep frown.
  const float ex = r * 0.36f, ey = r * 0.25f, er = r * 0.1f;
  dl_->AddCircleFilled(ImVec2(c.x - ex, c.y - ey), er, t.on_primary, 12);
  dl_->AddCircleFilled(ImVec2(c.x + ex, c.y - ey), er, t.on_primary, 12);
  const float curve = (2.0f - static_cast<float>(l)) * 0.22f;  // +0.44 … −0.44
  const float mw = r * 0.5f, my = c.y + r * 0.3f;
  std::array<ImVec2, 9> mouth{};
  for (int i = 0; i < 9; ++i) {
    const float u = static_cast<float>(i) / 8.0f * 2.0f - 1.0f;
    mouth[static_cast<std::size_t>(i)] = ImVec2(c.x + u * mw, my + curve * r * (1.0f - u * u) - curve * r * 0.5f);
  }
  dl_->AddPolyline(mouth.data(), 9, t.on_primary, 0, std::max(3.0f, r * 0.09f));
  if (level == core::Level::very_dissatisfied) {  // frowning brows as well
    dl_->AddLine(ImVec2(c.x - ex - er * 2, c.y - ey - er * 3), ImVec2(c.x - ex + er * 2, c.y - ey - er * 1.5f), t.on_primary, 3);
    dl_->AddLine(ImVec2(c.x + ex + er * 2, c.y - ey - er * 3), ImVec2(c.x + ex - er * 2, c.y - ey - er * 1.5f), t.on_primary, 3);
  }
  if (level == core::Level::very_satisfied) {  // an open smile
    dl_->AddTriangleFilled(mouth[0], mouth[8], mouth[4], t.on_primary);
  }
  if (beside)
    text_in(FontRole::body, label, ImVec2(c.x + r + px(12), a.y), ImVec2(b.x - px(8), b.y), selected ? t.primary : t.text, 0.5f);
  else
    text_in(FontRole::body, label, ImVec2(a.x + px(4), b.y - lh - px(14)), ImVec2(b.x - px(4), b.y - px(10)),
            selected ? t.primary : t.text, 0.5f);
  return hit;
}

void Ui::qr_code(const std::string& text, ImVec2 pos, float size) {
  QRcode* q = QRcode_encodeString(text.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (!q) return;
  const int quiet = 2;
  const float cell = std::floor(size / static_cast<float>(q->width + 2 * quiet));
  const float total = cell * static_cast<float>(q->width + 2 * quiet);
  round_rect(dl_, pos, ImVec2(pos.x + total, pos.y + total), IM_COL32_WHITE);
  for (int y = 0; y < q->width; ++y)
    for (int x = 0; x < q->width; ++x)
      if (q->data[y * q->width + x] & 1) {
        const ImVec2 a(pos.x + static_cast<float>(x + quiet) * cell, pos.y + static_cast<float>(y + quiet) * cell);
        round_rect(dl_, a, ImVec2(a.x + cell, a.y + cell), IM_COL32_BLACK);
      }
  QRcode_free(q);
}

}  // namespace ui
