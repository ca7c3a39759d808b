// 进度查询: type the receipt number on the keypad; a wrong check digit is caught before any lookup.
#include "kiosk/ui/screens/query.h"

#include <optional>
#include <string>

#include "kiosk/core/pin.h"
#include "kiosk/core/receipt.h"
#include "kiosk/ui/screens/home.h"
#include "kiosk/ui/ui.h"

namespace ui {
namespace {

// The receipt being typed and what was found for it.
struct QueryFlow {
  std::string query_digits;
  bool searched = false;
  std::optional<core::ReportStatus> found;
  std::string error_key;

  ~QueryFlow() { core::wipe(query_digits); }
};

std::string status_key(const std::string& s) {
  return core::label_key(core::from_string<core::ReportState>(s).value_or(core::ReportState::submitted));
}

}  // namespace

void draw_query(Ui& ui) {
  const Theme& t = ui.theme();
  QueryFlow& c = ui.state<QueryFlow>();
  const ImVec2 origin = ui.header(ui.tr("query.title"), screens::home);
  const float m = ui.px(32), gap = ui.px(16);
  const bool wide = ui.landscape();
  const float col_w = wide ? (ui.width() - 2 * m - ui.px(40)) / 2 : ui.width() - 2 * m;
  float y = origin.y;
  ui.text(FontRole::body, ui.tr("query.hint"), ImVec2(m, y), t.text2);
  y += ui.line_height(FontRole::body) + ui.px(8);
  const ImVec2 da(m, y), db(m + col_w, y + ui.px(110));
  ui.panel(da, db, t.surface, 14, true);
  ui.text_in(FontRole::display, c.query_digits.empty() ? ui.tr("query.placeholder") : core::group_digits(c.query_digits),
             ImVec2(da.x + ui.px(24), da.y), ImVec2(db.x - ui.px(24), db.y), c.query_digits.empty() ? t.text2 : t.text, 0.5f);
  y = db.y + gap;

  // The answer (or why there is none).
  float ry = wide ? origin.y : y;
  const float rx = wide ? m + col_w + ui.px(40) : m;
  if (!c.error_key.empty()) {
    ry += ui.text_wrapped(FontRole::body, ui.tr(c.error_key.c_str()), ImVec2(rx, ry), col_w, t.accent) + gap;
  } else if (c.searched && c.found) {
    const core::ReportStatus& r = *c.found;
    const float lh = ui.line_height(FontRole::body);
    const float h = 4 * lh + ui.px(80) +
                    (r.reply.empty() ? 0 : ui.text_wrapped(FontRole::body, r.reply, ImVec2(), col_w - ui.px(48), 0, false));
    ui.panel(ImVec2(rx, ry), ImVec2(rx + col_w, ry + h), t.surface, 16, true);
    float yy = ry + ui.px(20);
    ui.text(FontRole::title, ui.tr(status_key(r.status)), ImVec2(rx + ui.px(24), yy), r.status == "done" ? t.good : t.primary);
    yy += ui.line_height(FontRole::title);
    ui.text_in(FontRole::body, r.item_name, ImVec2(rx + ui.px(24), yy), ImVec2(rx + col_w - ui.px(24), yy + lh), t.text);
    yy += lh;
    ui.text(FontRole::body,
            fill(ui.tr("query.dates"), {{"submitted", ui.date_text(core::to_civil(r.created_at, ui.config().utc_offset_minutes).date(), false)},
                                        {"due", ui.date_text(r.due_date, false)}}),
            ImVec2(rx + ui.px(24), yy), t.text2);
    yy += lh + ui.px(8);
    if (!r.reply.empty())
      ui.text_wrapped(FontRole::body, ui.tr("query.reply") + r.reply, ImVec2(rx + ui.px(24), yy), col_w - ui.px(48), t.text);
    ry += h + gap;
  }
  if (wide) ry = y;

  const float bottom = ui.footer_top() - ui.px(24);
  const float kw = std::min(col_w, ui.px(720));
  const ImVec2 ka = wide ? ImVec2(m, ry) : ImVec2(m + (col_w - kw) / 2, ry);
  const ImVec2 kb = wide ? ImVec2(m + col_w, bottom) : ImVec2(ka.x + kw, bottom);
  if (kb.y - ka.y < ui.px(300)) return;  // the answer fills the screen: the back button starts a new search
  const std::string before = c.query_digits;
  if (keypad(ui, "query.pad", c.query_digits, 12, ka, kb, ui.tr("query.search"))) {
    c.searched = false;
    c.found.reset();
    if (c.query_digits.size() != 12) {
      c.error_key = "query.length";
    } else if (!core::damm_valid(c.query_digits)) {
      c.error_key = "query.check_digit";
    } else {
      c.error_key.clear();
      c.searched = true;
      c.found = ui.store().find_report(c.query_digits);
      if (!c.found) c.error_key = "query.not_found";
    }
  } else if (c.query_digits != before) {
    c.error_key.clear();
    c.searched = false;
  }
}

const ScreenDef screens::query{.name = "query", .draw = draw_query};

}  // namespace ui
