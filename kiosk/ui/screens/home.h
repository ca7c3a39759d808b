#pragma once
// Home: the hall, who sits the windows now and the four services. Every visit starts here; going here ends it.
#include "kiosk/ui/screen.h"

namespace ui::screens {

extern const ScreenDef home;

}  // namespace ui::screens
