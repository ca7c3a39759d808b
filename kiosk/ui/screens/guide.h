#pragma once
// 办事指南: the 事项清单 for citizens, by department; each item opens a card with its 办理方式, 办理途径, 责任科室,
// 联系方式 and the rest of what the list carries.
#include <string>

#include "kiosk/ui/screen.h"

namespace ui {

// The department browsed ("" : the list of departments) and the item whose card is open.
struct GuideState {
  std::string department_id;
  std::string item_id;
};

namespace screens {

extern const ScreenDef guide;       // departments, then a department's items
extern const ScreenDef guide_item;  // one item's card

}  // namespace screens
}  // namespace ui
