// 上月评价结果 (GB/T 39734's 公开评价指标值): a line per department with its 好评率 as a number and a bar, and how many
// rated it; what 好评 counts and where the figures come from, under the list.
#include "kiosk/ui/screens/results.h"

#include <cmath>
#include <cstdio>

#include "kiosk/core/published_results.h"
#include "kiosk/ui/draw.h"
#include "kiosk/ui/screens/home.h"
#include "kiosk/ui/ui.h"

namespace ui {
namespace {

// "98.6%": one decimal, as the bureau's 通报 gives it.
std::string percent(double rate) {
  char out[16];
  std::snprintf(out, sizeof out, "%.1f%%", std::round(rate * 1000) / 10);
  return out;
}

void draw_result_row(Ui& ui, const core::DepartmentResultRow& r, ImVec2 a, ImVec2 b) {
  const Theme& t = ui.theme();
  ui.panel(a, b, t.surface, 16, true);
  const float pad = ui.px(24), lh = ui.line_height(FontRole::body), lh_s = ui.line_height(FontRole::small);
  const std::string figure = r.good_rate ? percent(*r.good_rate) : ui.tr("results.no_ratings");
  const float fw = ui.measure(FontRole::title, figure).x;
  const float right = b.x - pad - fw - ui.px(20);
  const float top = a.y + ui.px(16);
  ui.text_in(FontRole::body, r.department.name, ImVec2(a.x + pad, top), ImVec2(right, top + lh), t.text);
  ui.text_in(FontRole::small, fill(ui.tr("results.ratings"), {{"n", std::to_string(r.ratings)}}),
             ImVec2(a.x + pad, top + lh), ImVec2(right, top + lh + lh_s), t.text2);
  ui.text(FontRole::title, figure, ImVec2(b.x - pad - fw, (a.y + b.y - ui.line_height(FontRole::title)) / 2 - ui.px(8)),
          r.good_rate ? t.text : t.text2);
  // The bar under the words: its length is the rate (the number beside it says the same, colour is not the cue).
  const ImVec2 ba(a.x + pad, b.y - ui.px(26)), bb(b.x - pad, b.y - ui.px(14));
  round_rect(ui.dl(), ba, bb, t.bg, ui.px(6));
  if (r.good_rate && *r.good_rate > 0)
    round_rect(ui.dl(), ba, ImVec2(ba.x + (bb.x - ba.x) * static_cast<float>(*r.good_rate), bb.y), t.good, ui.px(6));
}

}  // namespace

void draw_results(Ui& ui) {
  const Theme& t = ui.theme();
  const ImVec2 origin = ui.header(ui.tr("results.title"), screens::home);
  const float m = ui.px(32), w = ui.width() - 2 * m;
  float y = origin.y;
  const std::optional<core::MonthResults> results = core::month_results(ui.store());
  if (!results || results->rows.empty()) {
    ui.text_in(FontRole::body, ui.tr("results.none"), ImVec2(m, y), ImVec2(m + w, y + ui.px(200)), t.text2, 0.5f);
    return;
  }
  y += ui.text_wrapped(FontRole::title, fill(ui.tr("results.month"), {{"month", ui.month_text(results->month)}}),
                       ImVec2(m, y), w, t.text) +
       ui.px(12);
  // What the rate counts, at the bottom, always in view.
  const float note_h = ui.text_wrapped(FontRole::small, ui.tr("results.note"), ImVec2(), w, 0, false);
  const float note_y = ui.footer_top() - ui.px(16) - note_h;
  ui.text_wrapped(FontRole::small, ui.tr("results.note"), ImVec2(m, note_y), w, t.text2);
  const float row_h = ui.line_height(FontRole::body) + ui.line_height(FontRole::small) + ui.px(62);
  ui.grid("results.list", ImVec2(m, y), ImVec2(m + w, note_y - ui.px(16)), results->rows.size(), ui.landscape() ? 2 : 1,
          row_h, [&](std::size_t i, ImVec2 a, ImVec2 b) {
            draw_result_row(ui, results->rows[i], a, b);
            return false;
          });
}

const ScreenDef screens::results{.name = "results", .draw = draw_results};

}  // namespace ui
