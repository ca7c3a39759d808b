// One problem of the 附件3 row: source, description, 整改措施, on the spot or by a date, 责任科室.
// A text is edited full-width above the keyboard; the form shows everything else.
#include <array>

#include "kiosk/ui/ui.h"

namespace ui {

const char* problem_source_key(core::ProblemSource p);

void draw_staff_problem(Ui& ui) {
  const Theme& t = ui.theme();
  StaffFlow& s = ui.staff;
  if (!s.verified) {
    ui.go(Screen::home);
    return;
  }
  static constexpr std::array<const char*, 3> kFieldKeys = {"problem.description", "problem.measure", "problem.section"};
  TextField* fields[3] = {&s.description, &s.measure, &s.section};
  const float m = ui.px(32), gap = ui.px(16);

  if (s.editing >= 0) {
    // Editing one text: its label, the text, a count, and the keyboard.
    TextField& f = *fields[s.editing];
    const ImVec2 origin = ui.header(ui.tr(kFieldKeys[static_cast<std::size_t>(s.editing)]), std::nullopt);
    const float kb_top = ui.height() - ui.keyboard().height(ui);
    const std::string count = std::to_string(f.chars()) + " / " + std::to_string(f.max_chars);
    ui.text(FontRole::small, count, ImVec2(ui.width() - m - ui.measure(FontRole::small, count).x, origin.y - ui.px(8)), t.text2);
    ui.field_box("problem.editor", f, ImVec2(m, origin.y + ui.px(30)), ImVec2(ui.width() - m, kb_top - ui.px(24)), "", true);
    if (ui.keyboard().draw(ui, f, kb_top)) {
      s.editing = -1;
      ui.keyboard().reset();
    }
    return;
  }

  const ImVec2 origin = ui.header(ui.tr("problem.title"), Screen::staff_checkout);
  float y = origin.y;
  const float w = ui.width() - 2 * m;
  const float chip_h = ui.px(90);

  ui.text(FontRole::body, ui.tr("problem.source"), ImVec2(m, y), t.text2);
  y += ui.line_height(FontRole::body) + ui.px(6);
  static constexpr std::array<core::ProblemSource, 4> kSources = {
      core::ProblemSource::citizen, core::ProblemSource::staff, core::ProblemSource::self_check, core::ProblemSource::other};
  const int per_row = ui.landscape() ? 4 : 2;
  const float cw = (w - gap * static_cast<float>(per_row - 1)) / static_cast<float>(per_row);
  for (std::size_t i = 0; i < kSources.size(); ++i) {
    const float cx = m + static_cast<float>(i % static_cast<std::size_t>(per_row)) * (cw + gap);
    const float cy = y + static_cast<float>(i / static_cast<std::size_t>(per_row)) * (chip_h + gap);
    const char* key = problem_source_key(kSources[i]);
    if (ui.chip(key, ui.tr(key), ImVec2(cx, cy), ImVec2(cx + cw, cy + chip_h), s.draft.source == kSources[i]))
      s.draft.source = kSources[i];
  }
  y += static_cast<float>((kSources.size() + per_row - 1) / per_row) * (chip_h + gap) + ui.px(8);

  const float box_h = ui.landscape() ? ui.px(100) : ui.px(150);
  for (int i = 0; i < 3; ++i) {
    ui.text(FontRole::body, ui.tr(kFieldKeys[static_cast<std::size_t>(i)]), ImVec2(m, y), t.text2);
    y += ui.line_height(FontRole::body) + ui.px(6);
    const float h = i == 2 ? ui.px(96) : box_h;
    if (ui.field_box(std::string("problem.field.") + std::to_string(i), *fields[i], ImVec2(m, y), ImVec2(m + w, y + h),
                     ui.tr("problem.tap_to_type"), false)) {
      s.editing = i;
      fields[i]->caret = fields[i]->text.size();
      ui.keyboard().reset();
    }
    y += h + gap;
    if (i == 1) {
      // On the spot, or by a date a few working days ahead.
      ui.text(FontRole::body, ui.tr("problem.when"), ImVec2(m, y), t.text2);
      y += ui.line_height(FontRole::body) + ui.px(6);
      const float hw = (w - gap) / 2;
      if (ui.chip("problem.on_spot", ui.tr("problem.on_spot"), ImVec2(m, y), ImVec2(m + hw, y + chip_h), !s.draft_due))
        s.draft_due = false;
      if (ui.chip("problem.later", ui.tr("problem.later"), ImVec2(m + hw + gap, y), ImVec2(m + w, y + chip_h), s.draft_due))
        s.draft_due = true;
      y += chip_h + gap;
      if (s.draft_due) {
        static constexpr std::array<int, 4> kDays = {3, 7, 15, 30};
        const float dw = (w - 3 * gap) / 4;
        for (std::size_t d = 0; d < kDays.size(); ++d) {
          const std::string date = core::add_days(ui.now().date(), kDays[d]);
          const float dx = m + static_cast<float>(d) * (dw + gap);
          if (ui.chip("problem.due." + std::to_string(kDays[d]), ui.date_text(date, false), ImVec2(dx, y),
                      ImVec2(dx + dw, y + chip_h), s.draft.due_date == date))
            s.draft.due_date = date;
        }
        y += chip_h + gap;
      }
    }
  }

  const float bottom = ui.footer_top() - ui.px(24), bh = ui.px(110);
  if (!s.error_key.empty())
    ui.text_in(FontRole::body, ui.tr(s.error_key.c_str()), ImVec2(m, bottom - bh - ui.px(60)),
               ImVec2(ui.width() - m, bottom - bh - ui.px(8)), t.accent, 0.5f);
  const float bw = (w - gap) / 2;
  if (ui.button("problem.cancel", ui.tr("problem.cancel"), ImVec2(m, bottom - bh), ImVec2(m + bw, bottom), Tone::plain))
    ui.go(Screen::staff_checkout);
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
    ui.go(Screen::staff_checkout);
  }
}

}  // namespace ui
