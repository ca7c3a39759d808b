#pragma once
// A leader's card: who they are, this week's sittings, and buttons to rate them or report to their office.
#include <string>

#include "kiosk/ui/screen.h"

namespace ui {

// Whose card is shown: set it, then go to screens::person_card.
struct PersonCardState {
  std::string official_id;
};

namespace screens {

extern const ScreenDef person_card;

}  // namespace screens
}  // namespace ui
