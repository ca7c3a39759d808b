#pragma once
// 进度查询: a receipt number typed on the keypad, and what HQ has said about that report.
#include "kiosk/ui/screen.h"

namespace ui::screens {

extern const ScreenDef query;

}  // namespace ui::screens
