// Rounded rectangles as plain bands and corner fans, which SDL's software renderer draws fast (draw.h).
#include "kiosk/ui/draw.h"

#include <algorithm>

namespace ui {

void round_rect(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float r, ImDrawFlags flags) {
  r = std::min(r, std::min(b.x - a.x, b.y - a.y) / 2);
  if (r < 1.5f) {
    dl->AddRectFilled(a, b, col);
    return;
  }
  if ((flags & ImDrawFlags_RoundCornersMask_) == 0) flags |= ImDrawFlags_RoundCornersAll;
  const float tl = (flags & ImDrawFlags_RoundCornersTopLeft) ? r : 0, tr = (flags & ImDrawFlags_RoundCornersTopRight) ? r : 0;
  const float bl = (flags & ImDrawFlags_RoundCornersBottomLeft) ? r : 0,
              br = (flags & ImDrawFlags_RoundCornersBottomRight) ? r : 0;
  // The bands reach two pixels under the corner fans (fills snap to whole pixels), so the fans'
  // anti-aliased inner edges leave no seam.
  const auto e = [](float c) { return c > 0 ? c - 2 : c; };
  dl->AddRectFilled(ImVec2(a.x + e(tl), a.y), ImVec2(b.x - e(tr), a.y + r), col);
  dl->AddRectFilled(ImVec2(a.x, a.y + r - 2), ImVec2(b.x, b.y - r + 2), col);
  dl->AddRectFilled(ImVec2(a.x + e(bl), b.y - r), ImVec2(b.x - e(br), b.y), col);
  if (tl == 0) dl->AddRectFilled(a, ImVec2(a.x + r, a.y + r), col);
  if (tr == 0) dl->AddRectFilled(ImVec2(b.x - r, a.y), ImVec2(b.x, a.y + r), col);
  if (bl == 0) dl->AddRectFilled(ImVec2(a.x, b.y - r), ImVec2(a.x + r, b.y), col);
  if (br == 0) dl->AddRectFilled(ImVec2(b.x - r, b.y - r), ImVec2(b.x, b.y), col);
  constexpr float kPi = 3.14159265f;
  auto corner = [&](ImVec2 c, float from) {
    dl->PathLineTo(c);
    dl->PathArcTo(c, r, from, from + kPi / 2, 8);
    dl->PathFillConvex(col);
  };
  if (tl > 0) corner(ImVec2(a.x + r, a.y + r), kPi);
  if (tr > 0) corner(ImVec2(b.x - r, a.y + r), kPi * 1.5f);
  if (br > 0) corner(ImVec2(b.x - r, b.y - r), 0);
  if (bl > 0) corner(ImVec2(a.x + r, b.y - r), kPi / 2);
}

}  // namespace ui
