// 干部走流程: after their PIN an official records a walk — the 事项 walked, how (驻窗办 / 亲身办 / 陪同办 / 检验办,
// several allowed), today's date, and the problems found with their 整改 — one row group of the 问题整改台账.
#include <algorithm>

#include "kiosk/ui/date_picker.h"
#include "kiosk/ui/screens/home.h"
#include "kiosk/ui/screens/staff.h"
#include "kiosk/ui/ui.h"

namespace ui {
namespace {

constexpr auto kForms = core::all_values<core::WalkForm>();

// The 事项清单 by department: the official's own first; a department opens its items.
void draw_item_picker(Ui& ui) {
  const Theme& t = ui.theme();
  StaffFlow& s = staff(ui);
  bool back = false;
  const ImVec2 o = ui.header_cancel(ui.tr("walk.pick_title"), back);
  if (back) {
    s.picking_item = false;
    return;
  }
  const float m = ui.px(32);
  const ImVec2 la(m, o.y), lb(ui.width() - m, ui.footer_top() - ui.px(16));
  const int cols = ui.landscape() ? 2 : 1;
  std::vector<std::pair<std::string, std::string>> entries;  // id, label; "dept:" ids open a department
  if (!s.item_department.empty()) {
    entries.emplace_back("dept:", ui.tr("rate.all_departments"));
    for (const auto& item : ui.store().service_items(s.item_department)) entries.emplace_back(item.id, item.name);
  } else {
    for (const auto& d : ui.store().departments()) entries.emplace_back("dept:" + d.id, d.name);
  }
  if (entries.size() <= 1) {
    const float h = ui.px(110);
    if (!entries.empty() && ui.chip("walk.dept.", entries[0].second, la, ImVec2(lb.x, la.y + h), false))
      s.item_department.clear();
    ui.text_in(FontRole::body, ui.tr("walk.no_items"), ImVec2(la.x, la.y + h + ui.px(16)),
               ImVec2(lb.x, la.y + h + ui.px(176)), t.text2, 0.5f);
    return;
  }
  ui.grid("walk.items", la, lb, entries.size(), cols, ui.px(104), [&](std::size_t i, ImVec2 a, ImVec2 b) {
    const auto& [id, label] = entries[i];
    const bool is_dept = id.rfind("dept:", 0) == 0;
    if (!ui.chip(is_dept ? "walk.dept." + id.substr(5) : "walk.item." + id, label, a, b, id == s.walk_item_id))
      return false;
    if (is_dept) {
      s.item_department = id.substr(5);
    } else {
      s.walk_item_id = id;
      s.walk_item_name = label;
      s.picking_item = false;
      s.error_key.clear();
    }
    return true;
  });
}

void save_walk(Ui& ui) {
  StaffFlow& s = staff(ui);
  if (s.walk_item_id.empty()) {
    s.error_key = "walk.need_item";
    return;
  }
  if (s.walk_forms.empty()) {
    s.error_key = "walk.need_form";
    return;
  }
  core::Walk w{s.official_id, s.walk_item_id, s.walk_item_name, ui.now().date(), {}, {}, ui.clock().now()};
  for (const auto f : kForms)  // in the ledger's column order
    if (std::find(s.walk_forms.begin(), s.walk_forms.end(), f) != s.walk_forms.end()) w.forms.push_back(f);
  for (const core::Problem& p : s.problems)
    w.findings.push_back({p.description, p.measure, p.solved_on_spot ? std::nullopt : p.due_date, p.section});
  try {
    ui.store().record_walk(w);
  } catch (const core::StoreError&) {
    s.error_key = "error.save";
    return;
  }
  ui.toast(fill(ui.tr("walk.done"), {{"item", s.walk_item_name}}));
  ui.go(screens::home);
}

}  // namespace

void draw_staff_walk(Ui& ui) {
  const Theme& t = ui.theme();
  StaffFlow& s = staff(ui);
  if (!s.verified || !ui.store().official(s.official_id)) {
    ui.go(screens::home);
    return;
  }
  if (s.picking_item) {
    draw_item_picker(ui);
    return;
  }
  const ImVec2 origin = ui.header(ui.tr("walk.title"), screens::staff_menu);
  const float m = ui.px(32), gap = ui.px(16), chip_h = ui.px(96), lh = ui.line_height(FontRole::body);
  // Portrait: one column. Landscape: the 事项, forms and date on the left, the problems on the right.
  const bool wide = ui.landscape();
  const float col_w = wide ? (ui.width() - 2 * m - ui.px(40)) / 2 : ui.width() - 2 * m;
  float y = origin.y;

  ui.text(FontRole::body, ui.tr("walk.item"), ImVec2(m, y), t.text2);
  y += lh + ui.px(6);
  const std::string item_label = s.walk_item_id.empty() ? ui.tr("walk.pick_item") : s.walk_item_name;
  if (ui.button("walk.item", item_label, ImVec2(m, y), ImVec2(m + col_w, y + ui.px(110)), Tone::plain)) {
    s.picking_item = true;
    if (s.item_department.empty())
      if (const auto me = ui.store().official(s.official_id); me && !ui.store().service_items(me->department_id).empty())
        s.item_department = me->department_id;
  }
  y += ui.px(110) + ui.px(24);

  ui.text(FontRole::body, ui.tr("walk.forms"), ImVec2(m, y), t.text2);
  y += lh + ui.px(6);
  const float cw = (col_w - gap) / 2;
  for (std::size_t i = 0; i < kForms.size(); ++i) {
    const float cx = m + static_cast<float>(i % 2) * (cw + gap);
    const float cy = y + static_cast<float>(i / 2) * (chip_h + gap);
    const auto it = std::find(s.walk_forms.begin(), s.walk_forms.end(), kForms[i]);
    const std::string key = core::label_key(kForms[i]);
    if (ui.chip(key, ui.tr(key), ImVec2(cx, cy), ImVec2(cx + cw, cy + chip_h), it != s.walk_forms.end())) {
      if (it == s.walk_forms.end()) s.walk_forms.push_back(kForms[i]);
      else s.walk_forms.erase(it);
      s.error_key.clear();
    }
  }
  y += 2 * (chip_h + gap) + ui.px(8);
  ui.text_in(FontRole::body, fill(ui.tr("walk.date"), {{"date", ui.date_text(ui.now().date(), true)}}), ImVec2(m, y),
             ImVec2(m + col_w, y + lh), t.text);
  y += lh + ui.px(24);

  // The problems found, each removable; none is a walk that found nothing.
  const float px0 = wide ? m + col_w + ui.px(40) : m;
  float py = wide ? origin.y : y;
  const float bottom = ui.footer_top() - ui.px(24), bh = ui.px(120), msg_h = lh + ui.px(12);
  const float add_w = ui.px(240);
  ui.text_in(FontRole::title, fill(ui.tr("checkout.problems"), {{"n", std::to_string(s.problems.size())}}),
             ImVec2(px0, py), ImVec2(px0 + col_w - add_w - gap, py + ui.px(90)), t.text);
  if (ui.button("walk.add", ui.tr("checkout.add"), ImVec2(px0 + col_w - add_w, py), ImVec2(px0 + col_w, py + ui.px(90)),
                Tone::plain))
    open_problem_draft(ui);
  py += ui.px(90) + gap;
  const ImVec2 la(px0, py), lb(px0 + col_w, bottom - bh - msg_h - ui.px(8));
  problem_list(ui, "walk", la, lb, "walk.no_problems");

  // Under the problems: full width in portrait, the right column in landscape (the left one needs its height).
  const float sx0 = wide ? px0 : m, sx1 = wide ? px0 + col_w : ui.width() - m;
  if (!s.error_key.empty())
    ui.text_in(FontRole::body, ui.tr(s.error_key.c_str()), ImVec2(sx0, bottom - bh - msg_h),
               ImVec2(sx1, bottom - bh - ui.px(4)), t.accent, 0.5f);
  if (ui.button("walk.save", ui.tr("walk.save"), ImVec2(sx0, bottom - bh), ImVec2(sx1, bottom), Tone::primary))
    save_walk(ui);
}

const ScreenDef screens::staff_walk{
    .name = "staff_walk", .draw = draw_staff_walk, .on_leave = forget_staff_message, .saves = true};

}  // namespace ui
