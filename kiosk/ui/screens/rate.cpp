// 好差评: choose what to rate (a leader on duty today, a window, or a service item), then the five faces,
// reasons for a 差评, an optional comment and an optional call-back phone.
#include "kiosk/ui/screens/rate.h"

#include <algorithm>
#include <array>
#include <cmath>

#include "kiosk/ui/screens/home.h"
#include "kiosk/ui/ui.h"

namespace ui {
namespace {

constexpr auto kLevels = core::all_values<core::Level>();

void choose(Ui& ui, core::TargetKind kind, const std::string& id, const std::string& name) {
  RateFlow& c = ui.state<RateFlow>();
  c.target_kind = kind;
  c.target_id = id;
  c.target_name = name;
  c.level = -1;
  c.reasons.clear();
  ui.go(screens::rate_form);
}

}  // namespace

void draw_rate_pick(Ui& ui) {
  const Theme& t = ui.theme();
  RateFlow& c = ui.state<RateFlow>();
  if (c.editing == RateText::search) {
    if (ui.text_editor(ui.tr("rate.search"), c.search)) c.editing = RateText::none;
    return;
  }
  const ImVec2 origin = ui.header(ui.tr("rate.title"), screens::home);
  const float m = ui.px(32), gap = ui.px(16);
  float y = origin.y;
  ui.text(FontRole::body, ui.tr("rate.pick_hint"), ImVec2(m, y), t.text2);
  y += ui.line_height(FontRole::body) + ui.px(12);
  static constexpr std::array<const char*, 3> kTabs = {"rate.tab.leaders", "rate.tab.windows", "rate.tab.items"};
  const float tw = (ui.width() - 2 * m - 2 * gap) / 3, th = ui.px(100);
  for (int i = 0; i < 3; ++i) {
    const float x = m + static_cast<float>(i) * (tw + gap);
    if (ui.chip(kTabs[static_cast<std::size_t>(i)], ui.tr(kTabs[static_cast<std::size_t>(i)]), ImVec2(x, y),
                ImVec2(x + tw, y + th), c.pick_tab == i))
      c.pick_tab = i;
  }
  y += th + ui.px(24);
  const ImVec2 la(m, y), lb(ui.width() - m, ui.footer_top() - ui.px(16));
  const int cols = ui.landscape() ? 2 : 1;

  if (c.pick_tab == 0) {
    std::vector<const core::DutyRow*> rows;
    for (const auto& r : ui.today())
      if (std::none_of(rows.begin(), rows.end(), [&](const core::DutyRow* x) { return x->official.id == r.official.id; }))
        rows.push_back(&r);
    if (rows.empty()) {
      ui.text_in(FontRole::body, ui.tr("duty.empty"), la, ImVec2(lb.x, la.y + ui.px(160)), t.text2, 0.5f);
      return;
    }
    ui.grid("rate.list", la, lb, rows.size(), cols, ui.px(150), [&](std::size_t i, ImVec2 a, ImVec2 b) {
      if (!ui.duty_row("rate.official." + rows[i]->official.id, *rows[i], a, b)) return false;
      choose(ui, core::TargetKind::official, rows[i]->official.id, rows[i]->official.name);
      return true;
    });
    return;
  }
  if (c.pick_tab == 1) {
    const auto windows = ui.store().windows();
    ui.grid("rate.list", la, lb, windows.size(), ui.landscape() ? 3 : 2, ui.px(110), [&](std::size_t i, ImVec2 a, ImVec2 b) {
      const std::string label = fill(ui.tr("duty.window"), {{"n", windows[i].number}}) + " " + windows[i].name;
      if (!ui.chip("rate.window." + windows[i].id, label, a, b, false)) return false;
      choose(ui, core::TargetKind::window, windows[i].id, label);
      return true;
    });
    return;
  }
  // Service items: search by typing, or browse by department.
  const float sh = ui.px(100);
  if (ui.field_box("rate.search", c.search, la, ImVec2(lb.x, la.y + sh), ui.tr("rate.search_hint"), false)) {
    c.editing = RateText::search;
    c.search.caret = c.search.text.size();
  }
  const ImVec2 ia(la.x, la.y + sh + gap);
  std::vector<std::pair<std::string, std::string>> entries;  // id, label; "dept:" ids open a department
  if (!c.search.text.empty() || !c.browse_department.empty()) {
    for (const auto& item : ui.store().service_items(c.search.text.empty() ? c.browse_department : ""))
      if (c.search.text.empty() || item.name.find(c.search.text) != std::string::npos) entries.emplace_back(item.id, item.name);
    if (!c.browse_department.empty() && c.search.text.empty()) entries.insert(entries.begin(), {"dept:", ui.tr("rate.all_departments")});
  } else {
    for (const auto& d : ui.store().departments()) entries.emplace_back("dept:" + d.id, d.name);
  }
  if (entries.empty()) {
    ui.text_in(FontRole::body, ui.tr("rate.no_items"), ia, ImVec2(lb.x, ia.y + ui.px(140)), t.text2, 0.5f);
    return;
  }
  ui.grid("rate.list", ia, lb, entries.size(), cols, ui.px(104), [&](std::size_t i, ImVec2 a, ImVec2 b) {
    const auto& [id, label] = entries[i];
    const bool is_dept = id.rfind("dept:", 0) == 0;
    if (!ui.chip(is_dept ? "rate.dept." + id.substr(5) : "rate.item." + id, label, a, b, false)) return false;
    if (is_dept)
      c.browse_department = id.substr(5);
    else
      choose(ui, core::TargetKind::item, id, label);
    return true;
  });
}

void draw_rate_form(Ui& ui) {
  const Theme& t = ui.theme();
  RateFlow& c = ui.state<RateFlow>();
  if (c.editing == RateText::comment) {
    if (ui.text_editor(ui.tr("rate.comment"), c.comment)) c.editing = RateText::none;
    return;
  }
  if (c.editing == RateText::phone) {
    if (ui.phone_editor(c.phone, c.consent, c.error_key, "phone.purpose.rating")) c.editing = RateText::none;
    return;
  }
  // Who is rated, in the title bar; what to do next in a line of its own: pick a level, then for a 差评 the
  // reasons. A submit that lacks one says so in that line, next to what it is about, covering nothing.
  const ImVec2 origin = ui.header(fill(ui.tr("rate.rating"), {{"name", c.target_name}}), screens::rate_pick);
  const float m = ui.px(32), gap = ui.px(16);
  const float w = ui.width() - 2 * m;
  float y = origin.y - ui.px(8);
  const bool wide = ui.landscape();
  const bool bad = c.level >= 0 && core::is_bad(kLevels[static_cast<std::size_t>(c.level)]);
  const bool valid = c.level >= 0 && (!bad || !c.reasons.empty());
  const float lh = ui.line_height(FontRole::body);
  const bool warn = !c.error_key.empty();
  ui.text_in(FontRole::body, ui.tr(warn ? c.error_key.c_str() : bad ? "rate.reasons_heading" : "rate.prompt_level"),
             ImVec2(m, y), ImVec2(m + w, y + lh), warn ? t.accent : bad ? t.text : t.text2);
  y += lh + ui.px(10);

  // The five faces: larger in 大字模式; after a 差评 in 大字模式, a lower row, so that every reason fits.
  const bool compact = bad && ui.large();
  const float fw = (w - 4 * gap) / 5;
  const float fh = compact ? ui.px(wide ? 80 : 150)
                   : wide  ? ui.px(160)
                           : std::min(ui.px(250), fw * (ui.large() ? 1.45f : 1.25f));
  for (int i = 0; i < 5; ++i) {
    const float x = m + static_cast<float>(i) * (fw + gap);
    const core::Level level = kLevels[static_cast<std::size_t>(i)];
    const std::string key = core::label_key(level);
    if (ui.face_button(key, level, ui.tr(key), ImVec2(x, y), ImVec2(x + fw, y + fh), c.level == i)) {
      c.level = i;
      c.error_key.clear();
    }
  }
  y += fh + ui.px(compact && wide ? 10 : 20);

  const float bottom = ui.footer_top() - ui.px(24), bh = ui.px(compact && wide ? 92 : 110);
  if (bad) {
    // A comment and a call-back phone sit in a fixed row: above the submit button, or beside it when wide.
    const float row_h = wide ? bh : ui.px(110);
    const float row_y = wide ? bottom - bh : bottom - bh - gap - row_h;
    const float row_w = wide ? (w - gap) * 0.65f : w;
    const float cw1 = (row_w - gap) * 0.5f;
    if (ui.field_box("rate.comment", c.comment, ImVec2(m, row_y), ImVec2(m + cw1, row_y + row_h),
                     ui.tr("rate.comment_hint"), false)) {
      c.editing = RateText::comment;
      c.comment.caret = c.comment.text.size();
    }
    const std::string phone_label = c.phone.empty() ? ui.tr("rate.callback")
                                                    : fill(ui.tr("rate.callback_set"), {{"phone", core::mask_phone(c.phone)}});
    if (ui.chip("rate.callback", phone_label, ImVec2(m + cw1 + gap, row_y), ImVec2(m + row_w, row_y + row_h),
                !c.phone.empty()))
      c.editing = RateText::phone;

    // Reasons (at least one): a group per row in portrait, a group per column in landscape; scrolls if need be.
    const ImVec2 la(m, y), lb(ui.width() - m, row_y - gap);
    const auto& groups = ui.reason_groups();
    const float ch = wide ? ui.px(ui.large() ? 68 : 84) : ui.px(92), title_h = ui.line_height(FontRole::body) + ui.px(compact ? 0 : 6);
    const bool en = ui.language() == "en";
    auto reason_chip = [&](const Reason& r, ImVec2 a, ImVec2 b) {
      const auto it = std::find(c.reasons.begin(), c.reasons.end(), r.id);
      if (ui.chip("reason." + r.id, en ? r.en : r.zh, a, b, it != c.reasons.end())) {
        c.error_key.clear();
        if (it == c.reasons.end())
          c.reasons.push_back(r.id);
        else
          c.reasons.erase(it);
      }
    };
    // Room for the list's position bar, only when the reasons do not all fit, so it never covers a chip.
    const auto bar_room = [&](float content) { return content > lb.y - la.y ? ui.px(18) : 0.0f; };
    if (wide) {
      std::size_t most = 0;
      for (const auto& g : groups) most = std::max(most, g.reasons.size());
      const float row_gap = ui.px(compact ? 8 : 12);
      const float content = title_h + static_cast<float>(most) * (ch + row_gap);
      const float gw = (w - bar_room(content) - gap * static_cast<float>(groups.size() - 1)) / static_cast<float>(groups.size());
      const float offset = ui.begin_list("rate.form", la, lb, content);
      for (std::size_t gi = 0; gi < groups.size(); ++gi) {
        const float x = m + static_cast<float>(gi) * (gw + gap);
        ui.text(FontRole::body, en ? groups[gi].en : groups[gi].zh, ImVec2(x, la.y - offset), t.text2);
        for (std::size_t i = 0; i < groups[gi].reasons.size(); ++i) {
          const float yy = la.y - offset + title_h + static_cast<float>(i) * (ch + row_gap);
          reason_chip(groups[gi].reasons[i], ImVec2(x, yy), ImVec2(x + gw, yy + ch));
        }
      }
      ui.end_list();
    } else {
      const int per_row = 3;
      float content = 0;
      for (const auto& g : groups)
        content += title_h + static_cast<float>((g.reasons.size() + per_row - 1) / per_row) * (ch + gap) + ui.px(8);
      const float cw = (w - bar_room(content) - gap * static_cast<float>(per_row - 1)) / static_cast<float>(per_row);
      const float offset = ui.begin_list("rate.form", la, lb, content);
      float ry = la.y - offset;
      for (const auto& g : groups) {
        ui.text(FontRole::body, en ? g.en : g.zh, ImVec2(m, ry), t.text2);
        ry += title_h;
        for (std::size_t i = 0; i < g.reasons.size(); ++i) {
          const float x = m + static_cast<float>(i % per_row) * (cw + gap);
          const float yy = ry + static_cast<float>(i / per_row) * (ch + gap);
          reason_chip(g.reasons[i], ImVec2(x, yy), ImVec2(x + cw, yy + ch));
        }
        ry += static_cast<float>((g.reasons.size() + per_row - 1) / per_row) * (ch + gap) + ui.px(8);
      }
      ui.end_list();
    }
  }
  const float submit_x = bad && wide ? m + (w - gap) * 0.65f + gap : m;
  if (ui.button("rate.submit", ui.tr("rate.submit"), ImVec2(submit_x, bottom - bh), ImVec2(m + w, bottom),
                valid ? Tone::primary : Tone::disabled)) {
    // What is missing is said where it is missing (see above), so nothing covers the form or this button.
    if (c.level < 0) {
      c.error_key = "rate.need_level";
      return;
    }
    const core::Level level = kLevels[static_cast<std::size_t>(c.level)];
    if (core::is_bad(level) && c.reasons.empty()) {
      c.error_key = "rate.need_reason";
      return;
    }
    core::Rating r;
    r.target_kind = c.target_kind;
    r.target_id = c.target_id;
    r.target_name = c.target_name;
    r.level = level;
    r.reasons = core::is_bad(level) ? c.reasons : std::vector<std::string>{};
    r.reason_version = ui.reason_version();
    r.comment = core::is_bad(level) ? c.comment.text : "";
    if (core::is_bad(level) && !c.phone.empty() && c.consent) r.phone = core::normalize_phone(c.phone);
    r.at = ui.clock().now();
    try {
      ui.store().submit_rating(r);
    } catch (const core::StoreError&) {
      ui.toast(ui.tr("error.save"));
      return;
    }
    const std::string callback = r.phone ? core::mask_phone(*r.phone) : std::string();
    // Nothing chosen or typed stays once the record is safe; the thank-you screen reads what is set next.
    ui.reset_state<RateFlow>();
    ui.keyboard().reset();
    c.thanks_key = "thanks.rating";
    c.thanks_phone = callback;
    c.thanks_until = ui.frame_time() + ui.config().thanks_seconds;
    ui.go(screens::thanks);
  }
}

void draw_thanks(Ui& ui) {
  const Theme& t = ui.theme();
  const RateFlow& c = ui.state<RateFlow>();
  const double until = c.thanks_until - ui.frame_time();
  if (until <= 0) {
    ui.go(screens::home);
    return;
  }
  const int left = static_cast<int>(std::ceil(until));
  ui.shown_countdown = left;
  const ImVec2 origin = ui.header(ui.tr("thanks.title"), std::nullopt);
  // The tick, the thanks, the call-back promise and the countdown, centred in the room between header and
  // footer; the tick gives way first when room is short (landscape, 大字模式).
  const float ld = ui.line_height(FontRole::display), lt = ui.line_height(FontRole::title),
              lb = ui.line_height(FontRole::body), gap = ui.px(20);
  const bool callback = !c.thanks_phone.empty();
  const float lines = ld + gap + (callback ? lt + gap : 0) + lb;
  const float room = ui.footer_top() - origin.y - ui.px(24);
  const float r = std::clamp((room - lines - ui.px(60)) / 2, ui.px(50), ui.px(110));
  float y = origin.y + std::max(0.0f, (room - (2 * r + ui.px(60) + lines)) / 2);
  const ImVec2 centre(ui.width() / 2, y + r);
  ui.dl()->AddCircleFilled(centre, r, t.good, 64);
  const float k = r * 0.36f;
  ui.dl()->AddPolyline(std::array<ImVec2, 3>{ImVec2(centre.x - k * 1.2f, centre.y), ImVec2(centre.x - k * 0.3f, centre.y + k * 0.9f),
                                             ImVec2(centre.x + k * 1.3f, centre.y - k * 0.9f)}
                           .data(),
                       3, t.on_primary, 0, r * 0.13f);
  y += 2 * r + ui.px(60);
  const float m = ui.px(32);
  ui.text_in(FontRole::display, ui.tr(c.thanks_key.empty() ? "thanks.rating" : c.thanks_key.c_str()), ImVec2(m, y),
             ImVec2(ui.width() - m, y + ld), t.text, 0.5f);
  y += ld + gap;
  if (callback) {  // a 差评 that left a phone: say that someone will call
    ui.text_in(FontRole::title, fill(ui.tr("thanks.callback"), {{"phone", c.thanks_phone}}), ImVec2(m, y),
               ImVec2(ui.width() - m, y + lt), t.text, 0.5f);
    y += lt + gap;
  }
  ui.text_in(FontRole::body, fill(ui.tr("thanks.returning"), {{"n", std::to_string(left)}}), ImVec2(m, y),
             ImVec2(ui.width() - m, y + lb), t.text2, 0.5f);
}

namespace {

double thanks_close(const Ui& ui) { return ui.state<RateFlow>().thanks_until; }

}  // namespace

const ScreenDef screens::rate_pick{.name = "rate_pick", .draw = draw_rate_pick, .saves = true};
const ScreenDef screens::rate_form{.name = "rate_form", .draw = draw_rate_form, .saves = true};
const ScreenDef screens::thanks{.name = "thanks", .draw = draw_thanks, .closes_at = thanks_close};

}  // namespace ui
