#pragma once
// Drawing that SDL's software renderer does fast: a rounded rectangle as plain rectangles (filled and
// blitted quickly) plus four small corner fans, instead of one polygon spanning the whole area.
#include <imgui.h>

namespace ui {

// Like ImDrawList::AddRectFilled with rounding; flags choose corners as ImDrawFlags_RoundCorners* (0 = all).
// Drawn as overlapping bands and corner fans (the software renderer fills rectangles fast, triangles slowly),
// so a translucent colour shows darker seams: use it only where they are hidden (shadows under panels).
void round_rect(ImDrawList* dl, ImVec2 a, ImVec2 b, ImU32 col, float rounding = 0, ImDrawFlags flags = 0);

}  // namespace ui
