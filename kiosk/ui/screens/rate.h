#pragma once
// 好差评: choose what to rate, the five faces with reasons for a 差评, then the thank-you screen.
#include <string>
#include <vector>

#include "kiosk/core/citizen.h"
#include "kiosk/core/pin.h"
#include "kiosk/ui/keyboard.h"
#include "kiosk/ui/screen.h"

namespace ui {

// Which text of the rating the keyboard or keypad edits.
enum class RateText { none, search, comment, phone };

// What the citizen has chosen and typed for a rating, and what the thank-you screen says after it.
struct RateFlow {
  int pick_tab = 0;  // 0 leaders, 1 windows, 2 service items
  std::string browse_department;
  TextField search{{}, 0, 20, false};
  core::TargetKind target_kind = core::TargetKind::official;
  std::string target_id, target_name;
  int level = -1;  // index into the five levels, -1 none yet
  std::vector<std::string> reasons;
  TextField comment{{}, 0, core::kMaxComment, true};
  // The call-back phone of a 差评: only with consent.
  bool consent = false;
  std::string phone;
  RateText editing = RateText::none;
  std::string error_key;
  double thanks_until = 0;  // on clock().elapsed()
  std::string thanks_key;
  std::string thanks_phone;  // masked: the call-back number a 差评 left, for the thank-you screen

  ~RateFlow() {
    for (std::string* secret : {&phone, &comment.text, &search.text}) core::wipe(*secret);
  }
};

namespace screens {

extern const ScreenDef rate_pick;  // set RateFlow's target first to skip it, as the person card does
extern const ScreenDef rate_form;
extern const ScreenDef thanks;

}  // namespace screens
}  // namespace ui
