#pragma once
// The officials' and the operator's screens: pick yourself, PIN, 签到/签退 with the problems found, 走流程, and the
// operator panel. They share one StaffFlow.
#include <cstdint>
#include <string>
#include <vector>

#include "kiosk/core/store.h"
#include "kiosk/core/pin.h"
#include "kiosk/ui/screen.h"
#include "kiosk/ui/ui.h"

namespace ui {

// Which text of a problem's draft the keyboard edits.
enum class ProblemText { none, description, measure, section };

// What the staff screens are in the middle of. Made afresh (and the PIN wiped) whenever the kiosk goes home.
struct StaffFlow {
  bool pick_all = false;         // choosing from every official, not just today's schedule
  std::string official_id;       // who is signing in
  std::string pin;               // digits being typed; wiped after each check
  std::string message_key;       // why the last PIN was refused
  int attempts_left = 0;
  std::int64_t locked_until = 0;
  bool verified = false;
  std::string schedule_id;       // the planned sitting chosen at check-in ("" = unscheduled)
  std::string window_id;
  std::string reason_key;        // unscheduled: why
  std::string visitors;          // digits
  std::vector<core::Problem> problems;
  core::Problem draft;
  bool draft_due = false;        // 限期整改 rather than solved on the spot
  bool picking_date = false;     // the 限期整改 month view is open
  std::string due_month;         // the month it shows (YYYY-MM)
  std::string refused_date;      // the last day tapped there that cannot be chosen
  ProblemText editing = ProblemText::none;  // the draft's text being edited
  TextField description{{}, 0, 500, true}, measure{{}, 0, 500, true}, section{{}, 0, 30, false};
  std::string error_key;         // a plain-words problem with what was entered; goes when the screen does
  bool for_operator = false;     // the PIN pad serves the operator screen
  bool walking = false;          // the problems are a 走流程's (no 问题来源), not a check-out's
  std::string walk_item_id, walk_item_name;  // the 事项 walked
  std::vector<core::WalkForm> walk_forms;    // as tapped, each once
  bool picking_item = false;     // the 事项 list is open
  std::string item_department;   // the department whose items it shows ("" = the departments)
  std::string health;            // quick_check's answer, once per operator visit (it reads the whole file)

  ~StaffFlow() {
    for (std::string* secret : {&pin, &description.text, &measure.text, &section.text}) core::wipe(*secret);
  }
};

inline StaffFlow& staff(Ui& ui) { return ui.state<StaffFlow>(); }

// The problems drafted so far (StaffFlow::problems) as a scrolling list in la..lb, each with its 删除 (widget ids
// `id`.list and `id`.remove.N); `empty_key` says there are none.
void problem_list(Ui& ui, const std::string& id, ImVec2 la, ImVec2 lb, const char* empty_key);

// A fresh problem draft on the problem screen (for a check-out, or a 走流程 when StaffFlow::walking).
void open_problem_draft(Ui& ui);

// Every staff screen's on_leave: a message belongs to the screen that gave it.
inline void forget_staff_message(Ui& ui) { staff(ui).error_key.clear(); }

namespace screens {

extern const ScreenDef staff_pick;
extern const ScreenDef staff_pin;
extern const ScreenDef operator_pin;  // the same PIN pad for the operator (StaffFlow::for_operator)
extern const ScreenDef staff_menu;
extern const ScreenDef staff_checkin;
extern const ScreenDef staff_checkout;
extern const ScreenDef staff_problem;
extern const ScreenDef staff_walk;
extern const ScreenDef operator_panel;

}  // namespace screens
}  // namespace ui
