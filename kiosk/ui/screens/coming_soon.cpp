// A service that later work brings: a calm page that says so and leads home.
#include "kiosk/ui/ui.h"

namespace ui {

void draw_coming_soon(Ui& ui) {
  const Theme& t = ui.theme();
  const ImVec2 origin = ui.header(ui.tr(ui.soon_title_key.c_str()), Screen::home);
  const float m = ui.px(32);
  const float h = ui.px(420);
  const ImVec2 a(m, origin.y + ui.px(40)), b(ui.width() - m, origin.y + ui.px(40) + h);
  ui.panel(a, b, t.surface, 22, true);
  const ImVec2 c(ui.width() / 2, a.y + ui.px(110));
  ui.dl()->AddCircleFilled(c, ui.px(60), IM_COL32(0xEA, 0xF1, 0xFB, 0xFF), 48);
  // A clock face: the service is on its way.
  ui.dl()->AddCircle(c, ui.px(40), t.primary, 48, ui.px(6));
  ui.dl()->AddLine(c, ImVec2(c.x, c.y - ui.px(26)), t.primary, ui.px(6));
  ui.dl()->AddLine(c, ImVec2(c.x + ui.px(20), c.y), t.primary, ui.px(6));
  const float lh = ui.line_height(FontRole::title);
  ui.text_in(FontRole::title, ui.tr("soon.message"), ImVec2(a.x + ui.px(24), c.y + ui.px(90)),
             ImVec2(b.x - ui.px(24), c.y + ui.px(90) + lh), t.text, 0.5f);
  ui.text_in(FontRole::body, ui.tr("soon.hint"), ImVec2(a.x + ui.px(24), c.y + ui.px(100) + lh),
             ImVec2(b.x - ui.px(24), c.y + ui.px(100) + lh + ui.line_height(FontRole::body)), t.text2, 0.5f);
}

}  // namespace ui
