#pragma once
// 上月评价结果: each department's 好评率 and number of ratings for the last full month, as HQ publishes them.
#include "kiosk/ui/screen.h"

namespace ui::screens {

extern const ScreenDef results;

}  // namespace ui::screens
