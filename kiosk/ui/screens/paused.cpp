// 暂停服务: the notice a saving screen shows while the store cannot save, and the home screen's banner. The
// form's state is kept, so the visitor carries on where they were once the store can save again.
#include "kiosk/ui/screens/paused.h"

#include "kiosk/ui/draw.h"
#include "kiosk/ui/screens/duty_board.h"
#include "kiosk/ui/screens/home.h"
#include "kiosk/ui/ui.h"

namespace ui {
namespace {

float landscape_bh(const Ui& ui) { return ui.landscape() ? 100 : 120; }

}  // namespace

void draw_paused_notice(Ui& ui) {
  const Theme& t = ui.theme();
  const ImVec2 origin = ui.header(ui.tr("paused.title"), screens::home);
  const float m = ui.px(32);
  const ImVec2 a(m, origin.y), b(ui.width() - m, ui.footer_top() - ui.px(24));
  ui.panel(a, b, t.surface, 20, true);
  // A warning sign drawn, not a glyph: a triangle with a bar and a dot.
  const float r = ui.landscape() ? ui.px(44) : ui.px(70);
  const ImVec2 c(ui.width() / 2, a.y + ui.px(40) + r);
  ui.dl()->AddTriangleFilled(ImVec2(c.x, c.y - r), ImVec2(c.x + r * 1.1f, c.y + r * 0.8f),
                             ImVec2(c.x - r * 1.1f, c.y + r * 0.8f), t.warn);
  round_rect(ui.dl(), ImVec2(c.x - ui.px(7), c.y - r * 0.45f), ImVec2(c.x + ui.px(7), c.y + r * 0.3f), t.on_primary,
             ui.px(4));
  ui.dl()->AddCircleFilled(ImVec2(c.x, c.y + r * 0.55f), ui.px(9), t.on_primary, 16);
  float y = c.y + r * 0.8f + ui.px(36);
  const float w = b.x - a.x - 2 * ui.px(40);
  const ImVec2 ts = ui.measure(FontRole::display, ui.tr("paused.title"));
  ui.text_in(FontRole::display, ui.tr("paused.title"), ImVec2(a.x + ui.px(40), y),
             ImVec2(b.x - ui.px(40), y + ts.y), t.text, 0.5f);
  y += ts.y + ui.px(20);
  y += ui.text_wrapped(FontRole::title, ui.tr("paused.body"), ImVec2(a.x + ui.px(40), y), w, t.text) + ui.px(20);
  const float bh = ui.px(landscape_bh(ui));
  // The help line where it fits above the button (a short landscape screen in 大字模式 has room for less).
  if (y + ui.text_wrapped(FontRole::body, ui.tr("paused.help"), ImVec2(), w, 0, false) < b.y - ui.px(56) - bh)
    ui.text_wrapped(FontRole::body, ui.tr("paused.help"), ImVec2(a.x + ui.px(40), y), w, t.text2);
  if (ui.button("paused.duty", ui.tr("paused.duty"), ImVec2(a.x + ui.px(40), b.y - ui.px(40) - bh),
                ImVec2(b.x - ui.px(40), b.y - ui.px(40)), Tone::primary))
    ui.go(screens::duty_board);
}

float paused_banner_height(Ui& ui, float width) {
  return ui.text_wrapped(FontRole::body, ui.tr("paused.banner"), ImVec2(), width - ui.px(48), 0, false) + ui.px(36);
}

bool paused_banner(Ui& ui, ImVec2 a, ImVec2 b) {
  const Theme& t = ui.theme();
  const bool hit = ui.tap("paused.banner", a, b);
  ui.panel(a, b, IM_COL32(0xFF, 0xF6, 0xE0, 0xFF), 16, false);
  ui.dl()->AddRect(a, b, t.warn, ui.px(16), 0, 3);
  ui.text_wrapped(FontRole::body, ui.tr("paused.banner"), ImVec2(a.x + ui.px(24), a.y + ui.px(18)), b.x - a.x - ui.px(48),
                  t.text);
  return hit;
}

}  // namespace ui
