// One problem of the 附件3 row: source, description, 整改措施, on the spot or by a date, 责任科室.
// A text is edited full-width above the keyboard; the form shows everything else.
#include <array>

#include "kiosk/ui/screens/home.h"
#include "kiosk/ui/screens/staff.h"
#include "kiosk/ui/ui.h"

namespace ui {


void draw_staff_problem(Ui& ui) {
  const Theme& t = ui.theme();
  StaffFlow& s = staff(ui);
  if (!s.verified) {
    ui.go(screens::home);
    return;
  }
  static constexpr std::array<const char*, 3> kFieldKeys = {"problem.description", "problem.measure", "problem.section"};
  TextField* fields[3] = {&s.description, &s.measure, &s.section};
  const float m = ui.px(32), gap = ui.px(16);

  if (s.editing >= 0) {
    if (ui.text_editor(ui.tr(kFieldKeys[static_cast<std::size_t>(s.editing)]), *fields[s.editing])) s.editing = -1;
    return;
  }

  const ImVec2 origin = ui.header(ui.tr("problem.title"), screens::staff_checkout);
  // Portrait: one column. Landscape: choices on the left, the three texts on the right.
  const bool wide = ui.landscape();
  const float col_w = wide ? (ui.width() - 2 * m - ui.px(40)) / 2 : ui.width() - 2 * m;
  const float right_x = wide ? m + col_w + ui.px(40) : m;
  const float chip_h = ui.px(90);
  float y = origin.y;

  ui.text(FontRole::body, ui.tr("problem.source"), ImVec2(m, y), t.text2);
  y += ui.line_height(FontRole::body) + ui.px(6);
  static constexpr auto kSources = core::all_values<core::ProblemSource>();
  const float cw = (col_w - gap) / 2;
  for (std::size_t i = 0; i < kSources.size(); ++i) {
    const float cx = m + static_cast<float>(i % 2) * (cw + gap);
    const float cy = y + static_cast<float>(i / 2) * (chip_h + gap);
    const std::string key = core::label_key(kSources[i]);
    if (ui.chip(key, ui.tr(key), ImVec2(cx, cy), ImVec2(cx + cw, cy + chip_h), s.draft.source == kSources[i]))
      s.draft.source = kSources[i];
  }
  y += 2 * (chip_h + gap) + ui.px(8);

  // On the spot, or by a date some days ahead.
  auto draw_when = [&](float wy) {
    ui.text(FontRole::body, ui.tr("problem.when"), ImVec2(m, wy), t.text2);
    wy += ui.line_height(FontRole::body) + ui.px(6);
    if (ui.chip("problem.on_spot", ui.tr("problem.on_spot"), ImVec2(m, wy), ImVec2(m + cw, wy + chip_h), !s.draft_due))
      s.draft_due = false;
    if (ui.chip("problem.later", ui.tr("problem.later"), ImVec2(m + cw + gap, wy), ImVec2(m + col_w, wy + chip_h),
                s.draft_due))
      s.draft_due = true;
    wy += chip_h + gap;
    if (s.draft_due) {
      static constexpr std::array<int, 4> kDays = {3, 7, 15, 30};
      for (std::size_t d = 0; d < kDays.size(); ++d) {
        const std::string date = core::add_days(ui.now().date(), kDays[d]);
        const float dx = m + static_cast<float>(d % 2) * (cw + gap);
        const float dy = wy + static_cast<float>(d / 2) * (chip_h + gap);
        if (ui.chip("problem.due." + std::to_string(kDays[d]), ui.date_text(date, false), ImVec2(dx, dy),
                    ImVec2(dx + cw, dy + chip_h), s.draft.due_date == date))
          s.draft.due_date = date;
      }
      wy += 2 * (chip_h + gap);
    }
    return wy;
  };
  if (wide) draw_when(y);
  float fy = wide ? origin.y : y;
  const float box_h = wide ? ui.px(110) : ui.px(140);
  for (int i = 0; i < 3; ++i) {
    ui.text(FontRole::body, ui.tr(kFieldKeys[static_cast<std::size_t>(i)]), ImVec2(right_x, fy), t.text2);
    fy += ui.line_height(FontRole::body) + ui.px(6);
    const float h = i == 2 ? ui.px(90) : box_h;
    if (ui.field_box(std::string("problem.field.") + std::to_string(i), *fields[i], ImVec2(right_x, fy),
                     ImVec2(right_x + col_w, fy + h), ui.tr("problem.tap_to_type"), false)) {
      s.editing = i;
      fields[i]->caret = fields[i]->text.size();
      ui.keyboard().reset();
    }
    fy += h + gap;
    if (i == 1 && !wide) fy = draw_when(fy);
  }
  const float w = ui.width() - 2 * m;

  const float bottom = ui.footer_top() - ui.px(24), bh = ui.px(110);
  if (!s.error_key.empty())
    ui.text_in(FontRole::body, ui.tr(s.error_key.c_str()), ImVec2(m, bottom - bh - ui.px(60)),
               ImVec2(ui.width() - m, bottom - bh - ui.px(8)), t.accent, 0.5f);
  const float bw = (w - gap) / 2;
  if (ui.button("problem.cancel", ui.tr("problem.cancel"), ImVec2(m, bottom - bh), ImVec2(m + bw, bottom), Tone::plain)) {
    s.error_key.clear();
    ui.go(screens::staff_checkout);
  }
  if (ui.button("problem.save", ui.tr("problem.save"), ImVec2(m + bw + gap, bottom - bh), ImVec2(m + w, bottom),
                Tone::primary)) {
    if (s.description.text.find_first_not_of(" \n") == std::string::npos) {
      s.error_key = "problem.need_description";
      return;
    }
    if (s.draft_due && !s.draft.due_date) {
      s.error_key = "problem.need_date";
      return;
    }
    core::Problem p = s.draft;
    p.description = s.description.text;
    p.measure = s.measure.text;
    p.section = s.section.text;
    p.solved_on_spot = !s.draft_due;
    if (p.solved_on_spot) p.due_date.reset();
    s.problems.push_back(p);
    s.error_key.clear();
    ui.go(screens::staff_checkout);
  }
}

const ScreenDef screens::staff_problem{
    .name = "staff_problem", .draw = draw_staff_problem, .on_leave = forget_staff_message};

}  // namespace ui
