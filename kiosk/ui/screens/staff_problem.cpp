// One problem of the 附件3 row: source, description, 整改措施, on the spot or by a date, 责任科室; or of a 走流程
// (no source).
// A text is edited full-width above the keyboard; the form shows everything else.
#include <algorithm>
#include <array>

#include "kiosk/ui/date_picker.h"
#include "kiosk/ui/screens/home.h"
#include "kiosk/ui/screens/staff.h"
#include "kiosk/ui/ui.h"

namespace ui {

namespace {

// 限期整改: a month view over the work calendar, from the next working day on, any month ahead, with the usual
// spans one tap away. Portrait: the month over the spans; landscape: side by side.
void draw_due_picker(Ui& ui) {
  const Theme& t = ui.theme();
  StaffFlow& s = staff(ui);
  bool back = false;
  const ImVec2 o = ui.header_cancel(ui.tr("picker.title"), back);
  if (back) {
    s.picking_date = false;
    return;
  }
  const float m = ui.px(32), gap = ui.px(16);
  const std::string today = ui.now().date();
  const std::string first = ui.calendar().add_working_days(today, 1);
  const bool wide = ui.landscape();
  const float bottom = ui.footer_top() - ui.px(24);
  const float pw = wide ? ui.width() * 0.6f - m : ui.width() - 2 * m;
  const float note_h = 2 * ui.line_height(FontRole::body) + ui.px(8);
  static constexpr std::array<int, 4> kSpans = {5, 10, 15, 20};
  const float qh = ui.px(wide ? 84 : 96);
  const std::size_t per_row = wide ? 1 : 2;
  const float spans_h = static_cast<float>(kSpans.size() / per_row) * (qh + gap) - gap;
  // Portrait: month, then the note, then the spans. Landscape: the month on the left; spans and note on the right.
  const float month_bottom = wide ? bottom : bottom - spans_h - note_h - 2 * gap;
  DatePick pick = date_picker(ui, "problem.date", s.due_month, first, s.draft.due_date.value_or(""), ImVec2(m, o.y),
                              ImVec2(m + pw, month_bottom));
  const float qx0 = wide ? m + pw + ui.px(48) : m;
  const float qw = wide ? ui.width() - m - qx0 : (pw - gap) / 2;
  const float qy = wide ? o.y : pick.bottom + gap + note_h + gap;
  for (std::size_t i = 0; i < kSpans.size(); ++i) {
    const std::string date = ui.calendar().add_working_days(today, kSpans[i]);
    const float qx = qx0 + static_cast<float>(i % per_row) * (qw + gap);
    const float y = qy + static_cast<float>(i / per_row) * (qh + gap);
    const std::string label =
        fill(ui.tr("picker.span"), {{"n", std::to_string(kSpans[i])}, {"date", day_text(ui, date)}});
    if (ui.chip("problem.date.in." + std::to_string(kSpans[i]), label, ImVec2(qx, y), ImVec2(qx + qw, y + qh),
                s.draft.due_date == date)) {
      pick.kind = DatePick::chosen;
      pick.date = date;
    }
  }
  // What can be chosen, or why the day just tapped cannot.
  std::string note = ui.tr("picker.hint");
  if (!s.refused_date.empty())
    note = fill(ui.tr(s.refused_date < first && ui.calendar().is_working_day(s.refused_date) ? "picker.too_early"
                                                                                             : "picker.not_working"),
                {{"date", day_text(ui, s.refused_date)}});
  const ImVec2 na = wide ? ImVec2(qx0, qy + spans_h + gap) : ImVec2(m, pick.bottom + gap);
  const ImVec2 nb = wide ? ImVec2(ui.width() - m, bottom) : ImVec2(m + pw, na.y + note_h);
  ui.text_in(FontRole::body, note, na, nb, s.refused_date.empty() ? t.text2 : t.accent, wide ? 0.0f : 0.5f,
             wide ? 0.0f : 0.5f);
  if (pick.kind == DatePick::chosen) {
    s.draft.due_date = pick.date;
    s.draft_due = true;
    s.picking_date = false;
    s.refused_date.clear();
    s.error_key.clear();
  } else if (pick.kind == DatePick::refused) {
    s.refused_date = pick.date;
  }
}

}  // namespace

void problem_list(Ui& ui, const std::string& id, ImVec2 la, ImVec2 lb, const char* empty_key) {
  const Theme& t = ui.theme();
  StaffFlow& s = staff(ui);
  const float row_h = ui.px(120), gap = ui.px(16);
  if (s.problems.empty()) {
    ui.text_in(FontRole::body, ui.tr(empty_key), la, ImVec2(lb.x, la.y + row_h), t.text2, 0.5f);
    return;
  }
  const float offset = ui.begin_list(id + ".list", la, lb, static_cast<float>(s.problems.size()) * (row_h + gap) - gap);
  for (std::size_t i = 0; i < s.problems.size(); ++i) {
    const core::Problem& p = s.problems[i];
    const ImVec2 a(la.x, la.y - offset + static_cast<float>(i) * (row_h + gap)), b(lb.x, a.y + row_h);
    if (b.y < la.y || a.y > lb.y) continue;
    ui.panel(a, b, t.surface, 14, true);
    const float del_w = ui.px(150);
    const float lh = ui.line_height(FontRole::body);
    std::string when = p.solved_on_spot ? ui.tr("problem.on_spot")
                                        : fill(ui.tr("problem.due"), {{"date", day_text(ui, p.due_date.value_or(""))}});
    if (!s.walking) when = ui.tr(core::label_key(p.source)) + " · " + when;  // a 走流程's problems have no source
    ui.text_in(FontRole::small, when, ImVec2(a.x + ui.px(20), a.y + ui.px(10)),
               ImVec2(b.x - del_w - gap, a.y + ui.px(10) + ui.line_height(FontRole::small)), t.text2);
    ui.text_in(FontRole::body, p.description, ImVec2(a.x + ui.px(20), b.y - lh - ui.px(12)),
               ImVec2(b.x - del_w - gap, b.y - ui.px(12)), t.text);
    if (ui.button(id + ".remove." + std::to_string(i), ui.tr("checkout.remove"),
                  ImVec2(b.x - del_w - ui.px(12), a.y + ui.px(16)), ImVec2(b.x - ui.px(12), b.y - ui.px(16)), Tone::quiet)) {
      s.problems.erase(s.problems.begin() + static_cast<std::ptrdiff_t>(i));
      break;
    }
  }
  ui.end_list();
}

void open_problem_draft(Ui& ui) {
  StaffFlow& s = staff(ui);
  s.draft = core::Problem{};
  s.draft_due = false;
  s.picking_date = false;
  s.description.clear();
  s.measure.clear();
  s.section.clear();
  s.error_key.clear();
  s.editing = ProblemText::none;
  ui.go(screens::staff_problem);
}

void draw_staff_problem(Ui& ui) {
  const Theme& t = ui.theme();
  StaffFlow& s = staff(ui);
  if (!s.verified) {
    ui.go(screens::home);
    return;
  }
  // The draft's three texts: which one, its label, the field.
  struct Text {
    ProblemText which;
    const char* key;
    TextField* field;
  };
  // A 走流程's problem has no 问题来源, and the ledger's words for its texts.
  const std::array<Text, 3> texts = {
      Text{ProblemText::description, s.walking ? "problem.walk.description" : "problem.description", &s.description},
      Text{ProblemText::measure, s.walking ? "problem.walk.measure" : "problem.measure", &s.measure},
      Text{ProblemText::section, "problem.section", &s.section}};
  const Screen back = s.walking ? Screen(screens::staff_walk) : Screen(screens::staff_checkout);
  const float m = ui.px(32), gap = ui.px(16);

  for (const Text& e : texts)
    if (s.editing == e.which) {
      if (ui.text_editor(ui.tr(e.key), *e.field)) s.editing = ProblemText::none;
      return;
    }

  if (s.picking_date) {
    draw_due_picker(ui);
    return;
  }

  const ImVec2 origin = ui.header(ui.tr("problem.title"), back);
  // Portrait: one column. Landscape: choices on the left, the three texts on the right.
  const bool wide = ui.landscape();
  const float col_w = wide ? (ui.width() - 2 * m - ui.px(40)) / 2 : ui.width() - 2 * m;
  const float right_x = wide ? m + col_w + ui.px(40) : m;
  const float chip_h = ui.px(90);
  float y = origin.y;

  const float cw = (col_w - gap) / 2;
  if (!s.walking) {
    ui.text(FontRole::body, ui.tr("problem.source"), ImVec2(m, y), t.text2);
    y += ui.line_height(FontRole::body) + ui.px(6);
    static constexpr auto kSources = core::all_values<core::ProblemSource>();
    for (std::size_t i = 0; i < kSources.size(); ++i) {
      const float cx = m + static_cast<float>(i % 2) * (cw + gap);
      const float cy = y + static_cast<float>(i / 2) * (chip_h + gap);
      const std::string key = core::label_key(kSources[i]);
      if (ui.chip(key, ui.tr(key), ImVec2(cx, cy), ImVec2(cx + cw, cy + chip_h), s.draft.source == kSources[i]))
        s.draft.source = kSources[i];
    }
    y += 2 * (chip_h + gap) + ui.px(8);
  }

  // On the spot, or by a working day chosen on the month view (限期整改 opens it until a day is chosen).
  auto open_picker = [&] {
    s.picking_date = true;
    s.refused_date.clear();
    s.due_month = s.draft.due_date ? s.draft.due_date->substr(0, 7) : std::string();
  };
  auto draw_when = [&](float wy) {
    ui.text(FontRole::body, ui.tr("problem.when"), ImVec2(m, wy), t.text2);
    wy += ui.line_height(FontRole::body) + ui.px(6);
    if (ui.chip("problem.on_spot", ui.tr("problem.on_spot"), ImVec2(m, wy), ImVec2(m + cw, wy + chip_h), !s.draft_due))
      s.draft_due = false;
    if (ui.chip("problem.later", ui.tr("problem.later"), ImVec2(m + cw + gap, wy), ImVec2(m + col_w, wy + chip_h),
                s.draft_due)) {
      s.draft_due = true;
      if (!s.draft.due_date) open_picker();
    }
    wy += chip_h + gap;
    if (s.draft_due) {
      const std::string label = s.draft.due_date
                                    ? fill(ui.tr("problem.due"), {{"date", day_text(ui, *s.draft.due_date)}}) +
                                          "  ·  " + ui.tr("picker.change")
                                    : ui.tr("picker.choose");
      if (ui.button("problem.due_date", label, ImVec2(m, wy), ImVec2(m + col_w, wy + chip_h), Tone::plain)) open_picker();
      wy += chip_h + gap;
    }
    return wy;
  };
  if (wide) draw_when(y);
  float fy = wide ? origin.y : y;
  const float box_h = wide ? ui.px(110) : ui.px(140);
  for (int i = 0; i < 3; ++i) {
    const Text& e = texts[static_cast<std::size_t>(i)];
    ui.text(FontRole::body, ui.tr(e.key), ImVec2(right_x, fy), t.text2);
    fy += ui.line_height(FontRole::body) + ui.px(6);
    const float h = i == 2 ? ui.px(90) : box_h;
    if (ui.field_box(std::string("problem.field.") + std::to_string(i), *e.field, ImVec2(right_x, fy),
                     ImVec2(right_x + col_w, fy + h), ui.tr("problem.tap_to_type"), false)) {
      s.editing = e.which;
      e.field->caret = e.field->text.size();
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
    ui.go(back);
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
    ui.go(back);
  }
}

const ScreenDef screens::staff_problem{
    .name = "staff_problem", .draw = draw_staff_problem, .on_leave = forget_staff_message,
    .saves = true};

}  // namespace ui
