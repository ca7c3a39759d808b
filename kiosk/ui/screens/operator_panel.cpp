// The operator's screen: what this kiosk is, how its queue and database stand, sync now, leave.
#include "kiosk/ui/screens/home.h"
#include "kiosk/ui/screens/staff.h"
#include "kiosk/ui/ui.h"

namespace ui {
namespace {

// The outbox's record kinds and states in words; a spelling the kiosk does not know is shown as it is.
const char* kind_key(const std::string& kind) {
  if (kind == "checkin") return "operator.kind.checkin";
  if (kind == "checkout") return "operator.kind.checkout";
  if (kind == "rating") return "operator.kind.rating";
  if (kind == "report") return "operator.kind.report";
  if (kind == "pin_attempt") return "operator.kind.pin_attempt";
  return nullptr;
}

const char* state_key(const std::string& state) {
  if (state == "pending") return "operator.state.pending";
  if (state == "sent") return "operator.state.sent";
  if (state == "parked") return "operator.state.parked";
  return nullptr;
}

}  // namespace

void draw_operator_panel(Ui& ui) {
  const Theme& t = ui.theme();
  if (!staff(ui).verified || !staff(ui).for_operator) {
    ui.go(screens::home);
    return;
  }
  const ImVec2 origin = ui.header(ui.tr("operator.title"), screens::home);
  const float m = ui.px(32);
  float y = origin.y;
  const float lh = ui.line_height(FontRole::body);
  // Landscape: two columns of rows (the first four, then the rest), so none goes under the buttons.
  const bool two_cols = ui.landscape();
  const float col_gap = ui.px(48);
  const float col_w = two_cols ? (ui.width() - 2 * m - col_gap) / 2 : ui.width() - 2 * m;
  const float label_w = two_cols ? col_w * 0.36f : ui.px(300);
  float x = m;
  int shown = 0;
  auto row = [&](const char* key, const std::string& value, ImU32 col) {
    if (two_cols && shown++ == 4) {
      x = m + col_w + col_gap;
      y = origin.y;
    }
    ui.text_in(FontRole::body, ui.tr(key), ImVec2(x, y), ImVec2(x + label_w, y + lh), t.text2);
    y += ui.text_wrapped(FontRole::body, value, ImVec2(x + label_w + ui.px(16), y), col_w - label_w - ui.px(16), col) +
         ui.px(14);
  };
  const core::Config& c = ui.config();
  row("operator.device", c.hq.device_id.empty() ? ui.tr("operator.not_enrolled") : c.hq.device_id, t.text);
  row("operator.version", KIOSK_VERSION, t.text);
  std::string queue;
  int pending = 0;
  for (const auto& q : ui.store().queue_counts()) {
    if (!queue.empty()) queue += "\n";
    const char* k = kind_key(q.kind);
    const char* st = state_key(q.state);
    queue += fill(ui.tr("operator.queue_row"), {{"kind", k ? ui.tr(k) : q.kind},
                                                 {"state", st ? ui.tr(st) : q.state},
                                                 {"n", std::to_string(q.count)}});
    if (q.state != "sent") pending += q.count;
  }
  row("operator.queue", queue.empty() ? ui.tr("operator.queue_empty") : queue, pending > 0 ? t.warn : t.text);
  std::string last_ok, last_error;
  if (ui.sync_status) {
    const auto [ok_at, error] = ui.sync_status();
    if (ok_at > 0) {  // in the kiosk's words: 11月27日 星期五 10:20
      const core::CivilTime at = core::to_civil(ok_at, c.utc_offset_minutes);
      last_ok = ui.date_text(at.date(), false) + " " + at.hhmm();
    }
    last_error = error;
  }
  row("operator.last_sync", last_ok.empty() ? ui.tr("operator.never") : last_ok, t.text);
  row("operator.last_error", last_error.empty() ? ui.tr("operator.none") : last_error, last_error.empty() ? t.text : t.accent);
  if (staff(ui).health.empty()) staff(ui).health = ui.store().quick_check();
  const std::string& health = staff(ui).health;
  row("operator.database", health == "ok" ? ui.tr("operator.db_ok") : health, health == "ok" ? t.good : t.accent);
  if (!c.damaged_database.empty())
    row("operator.damaged", fill(ui.tr("operator.damaged_text"), {{"file", c.damaged_database}}), t.accent);
  row("operator.hq", c.hq.url.empty() ? ui.tr("operator.no_hq") : c.hq.url, t.text);

  const float bottom = ui.footer_top() - ui.px(24), bh = ui.px(120), gap = ui.px(24);
  const float bw = (ui.width() - 2 * m - gap) / 2;
  if (ui.button("operator.sync", ui.tr("operator.sync"), ImVec2(m, bottom - bh), ImVec2(m + bw, bottom), Tone::primary)) {
    if (ui.on_sync_now)
      ui.on_sync_now();
    else
      ui.toast(ui.tr("operator.no_hq"));
  }
  if (ui.button("operator.quit", ui.tr("operator.quit"), ImVec2(m + bw + gap, bottom - bh), ImVec2(ui.width() - m, bottom),
                Tone::plain))
    ui.quit_requested = true;
}

const ScreenDef screens::operator_panel{
    .name = "operator_panel", .draw = draw_operator_panel, .on_leave = forget_staff_message};

}  // namespace ui
