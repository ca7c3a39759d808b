#pragma once
// 本周/下周坐窗口: the published 坐窗口 schedule from today to the end of next week, by day and half-day.
#include "kiosk/ui/screen.h"

namespace ui::screens {

extern const ScreenDef two_weeks;  // opens on this week

}  // namespace ui::screens
