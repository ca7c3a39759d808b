#pragma once
// 今日坐窗口: today's schedule by half-day with live status.
#include "kiosk/ui/screen.h"

namespace ui::screens {

extern const ScreenDef duty_board;  // opens on the current half-day

}  // namespace ui::screens
