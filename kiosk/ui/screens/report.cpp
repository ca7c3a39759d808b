// 办不成事反映, step by step: department → matter → problem kind → description → contact (optional) →
// review → receipt (number with check digit, QR code of the follow-up link, promised reply date).
#include "kiosk/ui/screens/report.h"

#include <algorithm>
#include <array>

#include "kiosk/core/receipt.h"
#include "kiosk/ui/screens/home.h"
#include "kiosk/ui/ui.h"

namespace ui {
namespace {

constexpr auto kKinds = core::all_values<core::ReportKind>();

std::string chip_id(core::ReportKind k) { return std::string("report.kind.") + core::to_string(k); }

constexpr int kSteps = 6;  // department, matter, kind, description, contact, review

// What was chosen so far, "区行政审批局 › 企业开办 › 材料、证明多", up to (not including) step `step`.
std::string chosen_so_far(Ui& ui, int step) {
  const ReportFlow& c = ui.state<ReportFlow>();
  std::string out;
  auto add = [&](const std::string& part) {
    if (part.empty()) return;
    if (!out.empty()) out += " › ";
    out += part;
  };
  if (step > 1)
    for (const auto& d : ui.store().departments())
      if (d.id == c.department_id) add(d.name);
  if (step > 2) add(c.item_name);
  if (step > 3 && c.kind) add(ui.tr(core::label_key(*c.kind)));
  return out;
}

// "第 2 步/共 6 步" with the step's question, then what was chosen so far.
float step_line(Ui& ui, float y, int step, const char* question_key) {
  const float m = ui.px(32);
  const std::string s = fill(ui.tr("report.step"), {{"n", std::to_string(step)}, {"total", std::to_string(kSteps)}}) +
                        "  " + ui.tr(question_key);
  ui.text_in(FontRole::title, s, ImVec2(m, y), ImVec2(ui.width() - m, y + ui.line_height(FontRole::title)), ui.theme().text);
  y += ui.line_height(FontRole::title) + ui.px(8);
  if (const std::string so_far = chosen_so_far(ui, step); !so_far.empty()) {
    ui.text_in(FontRole::body, so_far, ImVec2(m, y), ImVec2(ui.width() - m, y + ui.line_height(FontRole::body)),
               ui.theme().text2);
    y += ui.line_height(FontRole::body) + ui.px(8);
  }
  return y + ui.px(8);
}

// A scrolling grid of choice chips below `top`; returns the index tapped, or -1.
int choice_grid(Ui& ui, const std::string& list_id, const std::vector<std::pair<std::string, std::string>>& items,
                float top, int cols, float chip_h, const std::string& selected) {
  const float m = ui.px(32);
  int hit = -1;
  ui.grid(list_id, ImVec2(m, top), ImVec2(ui.width() - m, ui.footer_top() - ui.px(16)), items.size(), cols, chip_h,
          [&](std::size_t i, ImVec2 a, ImVec2 b) {
            if (!ui.chip(items[i].first, items[i].second, a, b, items[i].first == selected)) return false;
            hit = static_cast<int>(i);
            return true;
          });
  return hit;
}

void draw_review(Ui& ui, float y) {
  const Theme& t = ui.theme();
  ReportFlow& c = ui.state<ReportFlow>();
  const float m = ui.px(32);
  std::string department;
  for (const auto& d : ui.store().departments())
    if (d.id == c.department_id) department = d.name;
  const std::string phone = c.phone.empty() ? ui.tr("report.none_given") : core::mask_phone(c.phone);
  const std::array<std::pair<const char*, std::string>, 6> rows = {{
      {"report.review.department", department},
      {"report.review.item", c.item_name},
      {"report.review.kind", ui.tr(core::label_key(c.kind.value_or(core::ReportKind::other)))},
      {"report.review.description", c.description.text},
      {"report.review.name", c.name.text.empty() ? ui.tr("report.none_given") : c.name.text},
      {"report.review.phone", phone},
  }};
  const float label_w = ui.landscape() ? ui.px(300) : ui.px(240);
  for (const auto& [key, value] : rows) {
    ui.text(FontRole::body, ui.tr(key), ImVec2(m, y), t.text2);
    y += ui.text_wrapped(FontRole::body, value, ImVec2(m + label_w, y), ui.width() - 2 * m - label_w, t.text) + ui.px(14);
  }
}

void submit(Ui& ui) {
  ReportFlow& c = ui.state<ReportFlow>();
  core::Report r;
  r.department_id = c.department_id;
  if (!c.item_id.empty()) r.item_id = c.item_id;
  r.item_name = c.item_name;
  r.kind = c.kind.value_or(core::ReportKind::other);
  r.description = c.description.text;
  r.name = c.name.text;
  if (!c.phone.empty() && c.consent) r.phone = core::normalize_phone(c.phone);
  r.at = ui.clock().now();
  r.due_date = ui.calendar().add_working_days(ui.now().date(), ui.config().reply_working_days);
  try {
    c.receipt = ui.store().submit_report(r, ui.config().kiosk_number);
  } catch (const core::StoreError&) {
    c.error_key = "error.save";
    return;
  }
  c.due_date = r.due_date;
  // Nothing personal stays in memory once the record is safe.
  for (std::string* secret : {&c.phone, &c.name.text, &c.description.text}) core::wipe(*secret);
  ui.go(screens::report_receipt);
}

void draw_report_dept(Ui& ui) {
  ReportFlow& c = ui.state<ReportFlow>();
  const int cols = ui.landscape() ? 3 : 2;
  const float y = step_line(ui, ui.header(ui.tr("report.title"), screens::home).y, 1, "report.q.department");
  std::vector<std::pair<std::string, std::string>> items;
  const auto departments = ui.store().departments();
  for (const auto& d : departments) items.emplace_back("report.dept." + d.id, d.name);
  const int hit = choice_grid(ui, "report.list", items, y, cols, ui.px(110), "report.dept." + c.department_id);
  if (hit >= 0) {
    c.department_id = departments[static_cast<std::size_t>(hit)].id;
    ui.go(screens::report_item);
  }
}

void draw_report_item(Ui& ui) {
  ReportFlow& c = ui.state<ReportFlow>();
  const float y = step_line(ui, ui.header(ui.tr("report.title"), screens::report_dept).y, 2, "report.q.item");
  const auto service_items = ui.store().service_items(c.department_id);
  std::vector<std::pair<std::string, std::string>> items;
  for (const auto& i : service_items) items.emplace_back("report.item." + i.id, i.name);
  items.emplace_back("report.item.other", ui.tr("report.other_item"));
  const int hit = choice_grid(ui, "report.list", items, y, ui.landscape() ? 2 : 1, ui.px(104), "");
  if (hit >= 0) {
    if (static_cast<std::size_t>(hit) < service_items.size()) {
      c.item_id = service_items[static_cast<std::size_t>(hit)].id;
      c.item_name = service_items[static_cast<std::size_t>(hit)].name;
    } else {
      c.item_id.clear();
      c.item_name = ui.tr("report.other_item");
    }
    ui.go(screens::report_kind);
  }
}

void draw_report_kind(Ui& ui) {
  ReportFlow& c = ui.state<ReportFlow>();
  const int cols = ui.landscape() ? 3 : 2;
  const float y = step_line(ui, ui.header(ui.tr("report.title"), screens::report_item).y, 3, "report.q.kind");
  std::vector<std::pair<std::string, std::string>> items;
  for (const core::ReportKind k : kKinds) items.emplace_back(chip_id(k), ui.tr(core::label_key(k)));
  const int hit = choice_grid(ui, "report.list", items, y, cols, ui.px(110), c.kind ? chip_id(*c.kind) : "");
  if (hit >= 0) {
    c.kind = kKinds[static_cast<std::size_t>(hit)];
    c.description.caret = c.description.text.size();
    ui.go(screens::report_text);
  }
}

void draw_report_text(Ui& ui) {
  ReportFlow& c = ui.state<ReportFlow>();
  const std::string title = fill(ui.tr("report.step"), {{"n", "4"}, {"total", std::to_string(kSteps)}}) + "  " +
                            ui.tr("report.q.description");
  if (ui.text_editor(title, c.description, screens::report_kind)) {
    if (c.description.text.find_first_not_of(" \n") == std::string::npos)
      ui.toast(ui.tr("report.need_description"));
    else
      ui.go(screens::report_contact);
  }
}

void draw_report_contact(Ui& ui) {
  const Theme& t = ui.theme();
  ReportFlow& c = ui.state<ReportFlow>();
  const float m = ui.px(32), gap = ui.px(16);
  if (c.editing == ReportText::name) {
    if (ui.text_editor(ui.tr("report.name"), c.name)) c.editing = ReportText::none;
    return;
  }
  if (c.editing == ReportText::phone) {
    if (ui.phone_editor(c.phone, c.consent, c.error_key, "phone.purpose.report")) c.editing = ReportText::none;
    return;
  }
  float y = step_line(ui, ui.header(ui.tr("report.title"), screens::report_text).y, 5, "report.q.contact");
  y += ui.text_wrapped(FontRole::body, ui.tr("report.contact_hint"), ImVec2(m, y), ui.width() - 2 * m, t.text2) + gap;
  const float w = ui.width() - 2 * m, h = ui.px(110);
  ui.text(FontRole::body, ui.tr("report.name"), ImVec2(m, y), t.text2);
  y += ui.line_height(FontRole::body) + ui.px(6);
  if (ui.field_box("report.name", c.name, ImVec2(m, y), ImVec2(m + w, y + h), ui.tr("problem.tap_to_type"), false)) {
    c.editing = ReportText::name;
    c.name.caret = c.name.text.size();
  }
  y += h + gap;
  const std::string phone_label =
      c.phone.empty() ? ui.tr("report.phone") : fill(ui.tr("rate.callback_set"), {{"phone", core::mask_phone(c.phone)}});
  if (ui.chip("report.phone", phone_label, ImVec2(m, y), ImVec2(m + w, y + h), !c.phone.empty())) c.editing = ReportText::phone;
  const float bottom = ui.footer_top() - ui.px(24), bh = ui.px(120);
  if (ui.button("report.next", ui.tr("report.next"), ImVec2(m, bottom - bh), ImVec2(m + w, bottom), Tone::primary))
    ui.go(screens::report_review);
}

void draw_report_review(Ui& ui) {
  const Theme& t = ui.theme();
  ReportFlow& c = ui.state<ReportFlow>();
  const float m = ui.px(32), gap = ui.px(16);
  const float y = step_line(ui, ui.header(ui.tr("report.title"), screens::report_contact).y, 6, "report.q.review");
  draw_review(ui, y);
  const float bottom = ui.footer_top() - ui.px(24), bh = ui.px(120), w = ui.width() - 2 * m;
  const float bw = (w - gap) / 2;
  if (!c.error_key.empty())
    ui.text_in(FontRole::body, ui.tr(c.error_key.c_str()), ImVec2(m, bottom - bh - ui.px(60)),
               ImVec2(m + w, bottom - bh - ui.px(8)), t.accent, 0.5f);
  if (ui.button("report.edit", ui.tr("report.edit"), ImVec2(m, bottom - bh), ImVec2(m + bw, bottom), Tone::plain))
    ui.go(screens::report_dept);
  if (ui.button("report.submit", ui.tr("report.submit"), ImVec2(m + bw + gap, bottom - bh), ImVec2(m + w, bottom),
                Tone::primary))
    submit(ui);
}

void draw_report_receipt(Ui& ui) {
  const Theme& t = ui.theme();
  ReportFlow& c = ui.state<ReportFlow>();
  const float m = ui.px(32);
  const ImVec2 origin = ui.header(ui.tr("report.done_title"), std::nullopt);
  float y = origin.y;
  ui.text_in(FontRole::body, ui.tr("report.receipt_label"), ImVec2(m, y), ImVec2(ui.width() - m, y + ui.line_height(FontRole::body)),
             t.text2, 0.5f);
  y += ui.line_height(FontRole::body) + ui.px(8);
  ui.text_in(FontRole::display, core::group_digits(c.receipt), ImVec2(m, y),
             ImVec2(ui.width() - m, y + ui.line_height(FontRole::display)), t.primary, 0.5f);
  y += ui.line_height(FontRole::display) + ui.px(24);
  const float qr = ui.landscape() ? ui.px(300) : ui.px(380);
  ui.qr_code(core::follow_up_url(ui.config(), c.receipt), ImVec2((ui.width() - qr) / 2, y), qr);
  y += qr + ui.px(20);
  const std::string promise =
      fill(ui.tr("report.promise"), {{"date", ui.date_text(c.due_date, true)}, {"n", std::to_string(ui.config().reply_working_days)}});
  y += ui.text_wrapped(FontRole::body, promise, ImVec2(m, y), ui.width() - 2 * m, t.text) + ui.px(8);
  ui.text_wrapped(FontRole::small, ui.tr("report.keep_receipt"), ImVec2(m, y), ui.width() - 2 * m, t.text2);
}

}  // namespace

const ScreenDef screens::report_dept{.name = "report_dept", .draw = draw_report_dept, .saves = true};
const ScreenDef screens::report_item{.name = "report_item", .draw = draw_report_item, .saves = true};
const ScreenDef screens::report_kind{.name = "report_kind", .draw = draw_report_kind, .saves = true};
const ScreenDef screens::report_text{.name = "report_text", .draw = draw_report_text, .saves = true};
const ScreenDef screens::report_contact{.name = "report_contact", .draw = draw_report_contact, .saves = true};
const ScreenDef screens::report_review{.name = "report_review", .draw = draw_report_review, .saves = true};
const ScreenDef screens::report_receipt{.name = "report_receipt", .draw = draw_report_receipt};

}  // namespace ui
