// 办事指南: departments with their number of items, a department's items (name and type), and an item's card.
#include "kiosk/ui/screens/guide.h"

#include <algorithm>
#include <array>
#include <map>

#include "kiosk/ui/draw.h"
#include "kiosk/ui/screens/home.h"
#include "kiosk/ui/screens/rate.h"
#include "kiosk/ui/ui.h"

namespace ui {
namespace {

// An item's 办事指南 fields, in the order of the 事项清单's columns, with their headings.
std::array<std::pair<const char*, const std::string*>, 6> fields_of(const core::ServiceItem& item) {
  return {{{"guide.audience", &item.audience},
           {"guide.mode", &item.mode},
           {"guide.channel", &item.channel},
           {"guide.section", &item.section},
           {"guide.contact", &item.contact},
           {"guide.note", &item.note}}};
}

void draw_departments(Ui& ui, GuideState& g, ImVec2 la, ImVec2 lb) {
  std::map<std::string, int> counts;
  for (const auto& item : ui.store().service_items()) ++counts[item.department_id];
  std::vector<std::pair<core::Department, int>> depts;
  for (auto& d : ui.store().departments())
    if (const auto it = counts.find(d.id); it != counts.end()) depts.emplace_back(std::move(d), it->second);
  if (depts.empty()) {
    ui.text_in(FontRole::body, ui.tr("guide.none"), la, ImVec2(lb.x, la.y + ui.px(200)), ui.theme().text2, 0.5f);
    return;
  }
  ui.grid("guide.list", la, lb, depts.size(), ui.landscape() ? 2 : 1, ui.px(110), [&](std::size_t i, ImVec2 a, ImVec2 b) {
    const std::string label = fill(ui.tr("guide.department"), {{"name", depts[i].first.name},
                                                               {"n", std::to_string(depts[i].second)}});
    if (!ui.chip("guide.dept." + depts[i].first.id, label, a, b, false)) return false;
    g.department_id = depts[i].first.id;
    return true;
  });
}

void draw_items(Ui& ui, GuideState& g, ImVec2 la, ImVec2 lb) {
  const Theme& t = ui.theme();
  const float back_h = ui.px(96);
  if (ui.chip("guide.all", ui.tr("rate.all_departments"), la, ImVec2(la.x + std::min(lb.x - la.x, ui.px(460)), la.y + back_h),
              false)) {
    g.department_id.clear();
    return;
  }
  const std::vector<core::ServiceItem> items = ui.store().service_items(g.department_id);
  const ImVec2 ia(la.x, la.y + back_h + ui.px(16));
  // Every item as tall as the longest name needs (one line or more), so no panel has a gap.
  const int cols = ui.landscape() ? 2 : 1;
  const float col_w = (lb.x - ia.x - ui.px(16) * static_cast<float>(cols - 1)) / static_cast<float>(cols);
  const float lh_s = ui.line_height(FontRole::small);
  float name_h = ui.line_height(FontRole::body);
  for (const auto& item : items)
    name_h = std::max(name_h, ui.text_wrapped(FontRole::body, item.name, ImVec2(), col_w - ui.px(80), 0, false));
  const float item_h = name_h + lh_s + ui.px(44);
  ui.grid("guide.list", ia, lb, items.size(), cols, item_h, [&](std::size_t i, ImVec2 a, ImVec2 b) {
    const core::ServiceItem& item = items[i];
    const std::string id = "guide.item." + item.id;
    const bool hit = ui.tap(id, a, b);
    ui.panel(a, b, ui.held(id) ? t.pressed : t.surface, 16, true);
    // The name, then its type and who it serves; a chevron says it opens.
    const float right = b.x - ui.px(56);
    ui.text_wrapped(FontRole::body, item.name, ImVec2(a.x + ui.px(24), a.y + ui.px(14)), right - a.x - ui.px(24), t.text);
    std::string sub = ui.tr(core::label_key(item.type));
    if (!item.audience.empty()) sub += " · " + item.audience;
    ui.text_in(FontRole::small, sub, ImVec2(a.x + ui.px(24), b.y - ui.px(16) - lh_s), ImVec2(right, b.y - ui.px(16)), t.text2);
    const float cx = b.x - ui.px(30), cy = (a.y + b.y) / 2, k = ui.px(9);
    ui.dl()->AddPolyline(std::array<ImVec2, 3>{ImVec2(cx - k, cy - 2 * k), ImVec2(cx, cy), ImVec2(cx - k, cy + 2 * k)}.data(),
                         3, t.primary, 0, ui.px(4));
    if (!hit) return false;
    g.item_id = item.id;
    ui.go(screens::guide_item);
    return true;
  });
}

}  // namespace

void draw_guide(Ui& ui) {
  const Theme& t = ui.theme();
  GuideState& g = ui.state<GuideState>();
  const ImVec2 origin = ui.header(ui.tr("guide.title"), screens::home);
  const float m = ui.px(32);
  float y = origin.y;
  std::string hint = ui.tr("guide.hint");
  if (!g.department_id.empty())
    for (const auto& d : ui.store().departments())
      if (d.id == g.department_id) hint = d.name;
  const float hh = ui.text_wrapped(FontRole::body, hint, ImVec2(m, y), ui.width() - 2 * m, g.department_id.empty() ? t.text2 : t.text);
  y += hh + ui.px(16);
  const ImVec2 la(m, y), lb(ui.width() - m, ui.footer_top() - ui.px(16));
  if (g.department_id.empty())
    draw_departments(ui, g, la, lb);
  else
    draw_items(ui, g, la, lb);
}

void draw_guide_item(Ui& ui) {
  const Theme& t = ui.theme();
  GuideState& g = ui.state<GuideState>();
  const ImVec2 origin = ui.header(ui.tr("guide.title"), screens::guide);
  std::optional<core::ServiceItem> found;
  for (auto& item : ui.store().service_items(g.department_id))
    if (item.id == g.item_id) found = std::move(item);
  if (!found) {  // gone with a sync: back to the list
    ui.go(screens::guide);
    return;
  }
  const core::ServiceItem& item = *found;
  // Rating the item is the one action, at the bottom where a thumb reaches it: under the card in portrait, beside
  // it in landscape (where the card keeps the height for its fields).
  const bool wide = ui.landscape();
  const float m = ui.px(32), gap = ui.px(24), pad = ui.px(28);
  const float bh = ui.px(120), bottom = ui.footer_top() - ui.px(24);
  const float bw = wide ? (ui.width() - 2 * m) * 0.3f : ui.width() - 2 * m;
  const float w = wide ? ui.width() - 2 * m - bw - gap : bw;
  if (ui.button("guide.rate", ui.tr("guide.rate"), ImVec2(ui.width() - m - bw, bottom - bh), ImVec2(ui.width() - m, bottom),
                Tone::primary)) {
    RateFlow& rating = ui.state<RateFlow>();
    rating.target_kind = core::TargetKind::item;
    rating.target_id = item.id;
    rating.target_name = item.name;
    ui.go(screens::rate_form);
    return;
  }

  // The card scrolls when its words are long (大字模式, English): name, type and department, then each field.
  std::string dept;
  for (const auto& d : ui.store().departments())
    if (d.id == item.department_id) dept = d.name;
  const float inner = w - 2 * pad;
  const float name_h = ui.text_wrapped(FontRole::title, item.name, ImVec2(), inner, 0, false);
  const std::string kind = ui.tr(core::label_key(item.type)) + (dept.empty() ? "" : " · " + dept);
  const float kind_h = ui.text_wrapped(FontRole::body, kind, ImVec2(), inner, 0, false);
  const float label_h = ui.line_height(FontRole::small);
  float content = pad + name_h + ui.px(8) + kind_h + ui.px(12);
  for (const auto& [key, value] : fields_of(item))
    if (!value->empty()) content += ui.px(20) + label_h + ui.text_wrapped(FontRole::body, *value, ImVec2(), inner, 0, false);
  content += pad;
  const ImVec2 la(m, origin.y), lb(m + w, wide ? bottom : bottom - bh - gap);
  const float offset = ui.begin_list("guide.card", la, lb, content);
  const ImVec2 pa(m, la.y - offset);
  ui.panel(pa, ImVec2(pa.x + w, pa.y + content), t.surface, 22, true);
  float y = pa.y + pad;
  const float x = m + pad;
  y += ui.text_wrapped(FontRole::title, item.name, ImVec2(x, y), inner, t.text) + ui.px(8);
  y += ui.text_wrapped(FontRole::body, kind, ImVec2(x, y), inner, t.primary) + ui.px(12);
  for (const auto& [key, value] : fields_of(item)) {
    if (value->empty()) continue;
    y += ui.px(20);
    ui.text(FontRole::small, ui.tr(key), ImVec2(x, y), t.text2);
    y += label_h;
    y += ui.text_wrapped(FontRole::body, *value, ImVec2(x, y), inner, t.text);
  }
  ui.end_list();
}

const ScreenDef screens::guide{.name = "guide", .draw = draw_guide};
const ScreenDef screens::guide_item{.name = "guide_item", .draw = draw_guide_item};

}  // namespace ui
