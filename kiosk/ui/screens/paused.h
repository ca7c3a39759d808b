#pragma once
// 暂停服务: what a screen that saves a record shows instead of its form while the store cannot save (a full disk,
// a damaged or newer database), and the banner on the home screen that says so before anyone starts.
#include <imgui.h>

namespace ui {

class Ui;

// Draws the notice over the whole content area (header, words, the duty board's button, home).
void draw_paused_notice(Ui& ui);
// The home screen's banner between a and b; true when tapped (it opens the duty board).
bool paused_banner(Ui& ui, ImVec2 a, ImVec2 b);
// The banner's height for a width.
float paused_banner_height(Ui& ui, float width);

}  // namespace ui
