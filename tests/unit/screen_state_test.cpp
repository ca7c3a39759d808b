// Screens and their state (kiosk/ui/screen.h, Ui::state): going home makes every screen's state afresh in
// place, a staff message goes with the screen that gave it, and screens keep the names scenarios use.
#include <gtest/gtest.h>

#include "kiosk/core/clock.h"
#include "kiosk/core/store.h"
#include "kiosk/ui/screens/home.h"
#include "kiosk/ui/screens/rate.h"
#include "kiosk/ui/screens/report.h"
#include "kiosk/ui/screens/staff.h"
#include "kiosk/ui/ui.h"
#include "test_util.h"

namespace {

// No pinyin dictionary: libgooglepinyin's decoder is process-wide, and opening it again in one process (the
// next test, the pinyin tests) trips a new[]/delete mismatch inside the library under ASan.
core::Config without_pinyin() {
  core::Config c;
  c.pinyin_dictionary = "/nonexistent/dict_pinyin.dat";
  return c;
}

struct Kiosk {
  testutil::TempDir dir;
  core::Store store{dir.file("k.db")};
  core::ManualClock clock{1795746000};  // 2026-11-27 10:20 at UTC+8
  core::Config config = without_pinyin();
  ui::Fonts fonts;
  ui::Ui ui{store, clock, config, fonts, KIOSK_ASSETS_DIR};
};

TEST(ScreenState, GoingHomeMakesEveryStateAfreshWhereItIs) {
  Kiosk k;
  ui::StaffFlow& s = ui::staff(k.ui);
  ui::RateFlow& r = k.ui.state<ui::RateFlow>();
  s.official_id = "o01";
  s.pin = "2024";
  s.verified = true;
  r.phone = "13800000000";
  r.editing = ui::RateText::phone;
  k.ui.go(ui::screens::staff_menu);
  EXPECT_EQ(&s, &ui::staff(k.ui));  // the same state until home
  EXPECT_EQ(s.official_id, "o01");
  k.ui.go(ui::screens::home);
  // A screen that sent the kiosk home may still hold its reference: it must stay valid, and be empty.
  EXPECT_EQ(&s, &ui::staff(k.ui));
  EXPECT_EQ(&r, &k.ui.state<ui::RateFlow>());
  EXPECT_TRUE(s.official_id.empty());
  EXPECT_TRUE(s.pin.empty());
  EXPECT_FALSE(s.verified);
  EXPECT_TRUE(r.phone.empty());
  EXPECT_EQ(r.editing, ui::RateText::none);
}

TEST(ScreenState, ResettingOneStateLeavesTheOthers) {
  Kiosk k;
  k.ui.state<ui::RateFlow>().target_id = "o01";
  k.ui.state<ui::ReportFlow>().department_id = "d1";
  k.ui.reset_state<ui::RateFlow>();
  EXPECT_TRUE(k.ui.state<ui::RateFlow>().target_id.empty());
  EXPECT_EQ(k.ui.state<ui::ReportFlow>().department_id, "d1");
}

TEST(ScreenState, AStaffMessageGoesWithItsScreen) {
  Kiosk k;
  k.ui.go(ui::screens::staff_problem);
  ui::staff(k.ui).error_key = "problem.need_description";
  k.ui.go(ui::screens::staff_problem);  // the same screen again: the message stays
  EXPECT_EQ(ui::staff(k.ui).error_key, "problem.need_description");
  k.ui.go(ui::screens::staff_checkout);
  EXPECT_TRUE(ui::staff(k.ui).error_key.empty());
}

TEST(ScreenState, ScreensAreTheirOwnHandles) {
  Kiosk k;
  EXPECT_EQ(k.ui.screen(), ui::screens::home);
  k.ui.go(ui::screens::report_kind);
  EXPECT_EQ(k.ui.screen(), ui::screens::report_kind);
  EXPECT_NE(k.ui.screen(), ui::screens::report_text);
  // The staff and operator PIN pads draw alike and are still two screens.
  EXPECT_EQ(ui::screens::staff_pin.draw, ui::screens::operator_pin.draw);
  EXPECT_NE(ui::Screen(ui::screens::staff_pin), ui::Screen(ui::screens::operator_pin));
  // Names are what scenario files and the monkey's messages use.
  EXPECT_STREQ(ui::screen_name(k.ui.screen()), "report_kind");
  EXPECT_STREQ(ui::screens::rate_form.name, "rate_form");
  EXPECT_STREQ(ui::screens::operator_pin.name, "operator_pin");
  // Only the thank-you screen counts down by itself.
  EXPECT_NE(ui::screens::thanks.closes_at, nullptr);
  EXPECT_EQ(ui::screens::rate_form.closes_at, nullptr);
}

}  // namespace

namespace {

// A screen whose store calls fail as they do on a full disk: every frame it draws throws.
int g_throws = 0;
void draw_failing(ui::Ui&) {
  ++g_throws;
  throw core::StoreError("database or disk is full");
}
const ui::ScreenDef failing{"failing", draw_failing};

}  // namespace

TEST(ScreenState, AScreenThatThrowsIsCaughtAtItsBoundaryAndTheKioskGoesHome) {
  Kiosk k;
  k.fonts.open("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
               "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc", 2);
  ImGui::CreateContext(k.fonts.atlas());
  ImGui::GetIO().IniFilename = nullptr;
  ImGui::GetIO().DisplaySize = ImVec2(1080, 1920);
  k.fonts.rebuild();
  k.ui.go(failing);
  for (int frame = 0; frame < 3; ++frame) {
    ImGui::NewFrame();
    EXPECT_NO_THROW(k.ui.frame(1080, 1920, 1.0f / 60, false));
    ImGui::Render();  // the frame closes: the next NewFrame() would assert otherwise
  }
  EXPECT_EQ(g_throws, 3);
  EXPECT_EQ(k.ui.screen(), ui::screens::home) << "after three failed frames in a row";
  ImGui::NewFrame();
  k.ui.frame(1080, 1920, 1.0f / 60, false);
  ImGui::Render();
  bool message = false;
  for (const auto& t : k.ui.texts()) message = message || t.text.find("这一步没能完成") != std::string::npos;
  EXPECT_TRUE(message) << "the error is shown";
  ImGui::DestroyContext();
}
