#pragma once
// 办不成事反映, one screen per step: department → matter → problem kind → description → contact (optional) →
// review → receipt.
#include <optional>
#include <string>

#include "kiosk/core/citizen.h"
#include "kiosk/core/pin.h"
#include "kiosk/ui/keyboard.h"
#include "kiosk/ui/screen.h"

namespace ui {

// Which text of the contact step the keyboard or keypad edits (the description has a step of its own).
enum class ReportText { none, name, phone };

// What the citizen has chosen and typed for a report, and its receipt once it is saved.
struct ReportFlow {
  std::string department_id, item_id, item_name;
  std::optional<core::ReportKind> kind;
  TextField description{{}, 0, core::kMaxDescription, true};
  TextField name{{}, 0, core::kMaxName, false};
  // The contact phone: only with consent.
  bool consent = false;
  std::string phone;
  ReportText editing = ReportText::none;
  std::string error_key;
  std::string receipt, due_date;

  ~ReportFlow() {
    for (std::string* secret : {&phone, &description.text, &name.text}) core::wipe(*secret);
  }
};

namespace screens {

extern const ScreenDef report_dept;
extern const ScreenDef report_item;  // set ReportFlow's department_id first
extern const ScreenDef report_kind;
extern const ScreenDef report_text;
extern const ScreenDef report_contact;
extern const ScreenDef report_review;
extern const ScreenDef report_receipt;

}  // namespace screens
}  // namespace ui
