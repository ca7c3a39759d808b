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
  // The keypad where every keypad screen has it; the answer above it (portrait) or beside it (landscape).
  const KeypadLayout l = keypad_layout(ui, origin.y);
  keypad_frame(ui, l, ui.tr("query.hint"), c.error_key.empty() ? std::string_view() : ui.tr(c.error_key.c_str()), t.accent);
  keypad_number(ui, l, c.query_digits.empty() ? std::string() : core::group_digits(c.query_digits), ui.tr("query.placeholder"));

  if (c.searched && c.found) {
    const core::ReportStatus& r = *c.found;
    const float rx = l.info_min.x, ry = l.info_min.y, col_w = l.info_max.x - l.info_min.x;
    const float lh = ui.line_height(FontRole::body);
    const float reply_h = r.reply.empty() ? 0 : ui.text_wrapped(FontRole::body, ui.tr("query.reply") + r.reply, ImVec2(), col_w - ui.px(48), 0, false);
    const float h = std::min(ui.line_height(FontRole::title) + 2 * lh + ui.px(48) + reply_h, l.info_max.y - ry);
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
    // A long reply is cut to the room there is rather than run under the keypad.
    if (!r.reply.empty())
      ui.text_in(FontRole::body, ui.tr("query.reply") + r.reply, ImVec2(rx + ui.px(24), yy),
                 ImVec2(rx + col_w - ui.px(24), ry + h - ui.px(12)), t.text, 0, 0);
  }

  const std::string before = c.query_digits;
  if (keypad(ui, "query.pad", c.query_digits, 12, l.pad_min, l.pad_max, ui.tr("query.search"))) {
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
