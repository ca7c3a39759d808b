// 好差评: choose what to rate (a leader on duty today, a window, or a service item), then the five faces,
// reasons for a 差评, an optional comment and an optional call-back phone.
#include <algorithm>
#include <array>

#include "kiosk/ui/ui.h"

namespace ui {
namespace {

constexpr auto kLevels = core::all_values<core::Level>();

void choose(Ui& ui, core::TargetKind kind, const std::string& id, const std::string& name) {
  CitizenFlow& c = ui.citizen;
  c.target_kind = kind;
  c.target_id = id;
  c.target_name = name;
  c.level = -1;
  c.reasons.clear();
  ui.go(Screen::rate_form);
}

}  // namespace

void draw_rate_pick(Ui& ui) {
  const Theme& t = ui.theme();
  CitizenFlow& c = ui.citizen;
  if (c.editing == 4) {
    if (ui.text_editor("rate.search", c.search)) c.editing = -1;
    return;
  }
  const ImVec2 origin = ui.header(ui.tr("rate.title"), Screen::home);
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
    c.editing = 4;
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
  CitizenFlow& c = ui.citizen;
  if (c.editing == 0) {
    if (ui.text_editor("rate.comment", c.comment)) c.editing = -1;
    return;
  }
  if (c.editing == 1) {
    if (ui.phone_editor(c.phone, c.consent, c.error_key, "phone.purpose.rating")) c.editing = -1;
    return;
  }
  const ImVec2 origin = ui.header(ui.tr("rate.title"), Screen::rate_pick);
  const float m = ui.px(32), gap = ui.px(16);
  const float w = ui.width() - 2 * m;
  float y = origin.y;
  ui.text_in(FontRole::title, fill(ui.tr("rate.rating"), {{"name", c.target_name}}), ImVec2(m, y),
             ImVec2(m + w, y + ui.line_height(FontRole::title)), t.text);
  y += ui.line_height(FontRole::title) + ui.px(12);

  // The five faces.
  const bool wide = ui.landscape();
  const float fw = (w - 4 * gap) / 5, fh = wide ? ui.px(160) : std::min(ui.px(250), fw * 1.25f);
  for (int i = 0; i < 5; ++i) {
    const float x = m + static_cast<float>(i) * (fw + gap);
    const core::Level level = kLevels[static_cast<std::size_t>(i)];
    const std::string key = core::label_key(level);
    if (ui.face_button(key, level, ui.tr(key), ImVec2(x, y), ImVec2(x + fw, y + fh), c.level == i))
      c.level = i;
  }
  y += fh + ui.px(20);

  const float bottom = ui.footer_top() - ui.px(24), bh = ui.px(110);
  const bool bad = c.level >= 0 && core::is_bad(kLevels[static_cast<std::size_t>(c.level)]);
  if (bad) {
    // A comment and a call-back phone sit in a fixed row: above the submit button, or beside it when wide.
    const float row_y = wide ? bottom - bh : bottom - bh - gap - ui.px(110);
    const float row_w = wide ? (w - gap) * 0.65f : w;
    const float cw1 = (row_w - gap) * 0.5f;
    if (ui.field_box("rate.comment", c.comment, ImVec2(m, row_y), ImVec2(m + cw1, row_y + ui.px(110)),
                     ui.tr("rate.comment_hint"), false)) {
      c.editing = 0;
      c.comment.caret = c.comment.text.size();
    }
    const std::string phone_label = c.phone.empty() ? ui.tr("rate.callback")
                                                    : fill(ui.tr("rate.callback_set"), {{"phone", core::mask_phone(c.phone)}});
    if (ui.chip("rate.callback", phone_label, ImVec2(m + cw1 + gap, row_y), ImVec2(m + row_w, row_y + ui.px(110)),
                !c.phone.empty()))
      c.editing = 1;

    // Reasons (at least one): a group per row in portrait, a group per column in landscape; scrolls if need be.
    const ImVec2 la(m, y), lb(ui.width() - m, row_y - gap);
    const auto& groups = ui.reason_groups();
    const float ch = wide ? ui.px(84) : ui.px(92), title_h = ui.line_height(FontRole::body) + ui.px(6);
    const bool en = ui.language() == "en";
    auto reason_chip = [&](const Reason& r, ImVec2 a, ImVec2 b) {
      const auto it = std::find(c.reasons.begin(), c.reasons.end(), r.id);
      if (ui.chip("reason." + r.id, en ? r.en : r.zh, a, b, it != c.reasons.end())) {
        if (it == c.reasons.end())
          c.reasons.push_back(r.id);
        else
          c.reasons.erase(it);
      }
    };
    if (wide) {
      const float gw = (w - gap * static_cast<float>(groups.size() - 1)) / static_cast<float>(groups.size());
      std::size_t most = 0;
      for (const auto& g : groups) most = std::max(most, g.reasons.size());
      const float offset = ui.begin_list("rate.form", la, lb, title_h + static_cast<float>(most) * (ch + ui.px(12)));
      for (std::size_t gi = 0; gi < groups.size(); ++gi) {
        const float x = m + static_cast<float>(gi) * (gw + gap);
        ui.text(FontRole::body, en ? groups[gi].en : groups[gi].zh, ImVec2(x, la.y - offset), t.text2);
        for (std::size_t i = 0; i < groups[gi].reasons.size(); ++i) {
          const float yy = la.y - offset + title_h + static_cast<float>(i) * (ch + ui.px(12));
          reason_chip(groups[gi].reasons[i], ImVec2(x, yy), ImVec2(x + gw, yy + ch));
        }
      }
      ui.end_list();
    } else {
      const int per_row = 3;
      const float cw = (w - gap * static_cast<float>(per_row - 1)) / static_cast<float>(per_row);
      float content = 0;
      for (const auto& g : groups)
        content += title_h + static_cast<float>((g.reasons.size() + per_row - 1) / per_row) * (ch + gap) + ui.px(8);
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
                c.level >= 0 ? Tone::primary : Tone::plain)) {
    // Problems are said in a message over the screen, so the form keeps its place.
    if (c.level < 0) {
      ui.toast(ui.tr("rate.need_level"));
      return;
    }
    const core::Level level = kLevels[static_cast<std::size_t>(c.level)];
    if (core::is_bad(level) && c.reasons.empty()) {
      ui.toast(ui.tr("rate.need_reason"));
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
    ui.end_citizen();
    ui.citizen.thanks_key = "thanks.rating";
    ui.citizen.thanks_until = ui.clock().now() + ui.config().thanks_seconds;
    ui.go(Screen::thanks);
  }
}

void draw_thanks(Ui& ui) {
  const Theme& t = ui.theme();
  CitizenFlow& c = ui.citizen;
  const std::int64_t left = c.thanks_until - ui.clock().now();
  if (left <= 0) {
    ui.go(Screen::home);
    return;
  }
  const ImVec2 origin = ui.header(ui.tr("thanks.title"), std::nullopt);
  const ImVec2 centre(ui.width() / 2, origin.y + ui.px(220));
  ui.dl()->AddCircleFilled(centre, ui.px(110), t.good, 64);
  const float k = ui.px(40);
  ui.dl()->AddPolyline(std::array<ImVec2, 3>{ImVec2(centre.x - k * 1.2f, centre.y), ImVec2(centre.x - k * 0.3f, centre.y + k * 0.9f),
                                             ImVec2(centre.x + k * 1.3f, centre.y - k * 0.9f)}
                           .data(),
                       3, t.on_primary, 0, ui.px(14));
  float y = centre.y + ui.px(170);
  const float m = ui.px(32);
  ui.text_in(FontRole::display, ui.tr(c.thanks_key.empty() ? "thanks.rating" : c.thanks_key.c_str()), ImVec2(m, y),
             ImVec2(ui.width() - m, y + ui.line_height(FontRole::display)), t.text, 0.5f);
  y += ui.line_height(FontRole::display) + ui.px(20);
  ui.text_in(FontRole::body, fill(ui.tr("thanks.returning"), {{"n", std::to_string(left)}}), ImVec2(m, y),
             ImVec2(ui.width() - m, y + ui.line_height(FontRole::body)), t.text2, 0.5f);
}

}  // namespace ui
