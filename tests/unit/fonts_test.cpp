// Real fonts: every character of every UI string and of the demo and rare-name data has a glyph, the atlas
// holds what was asked for (and no whole CJK range), and characters beyond U+FFFF get glyphs too.
#include <gtest/gtest.h>
#include <imgui.h>

#include <fstream>
#include <sstream>

#include "kiosk/core/strings.h"
#include "kiosk/core/utf8.h"
#include "kiosk/ui/fonts.h"

namespace {

constexpr const char* kRegular = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";
constexpr const char* kBold = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc";

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream b;
  b << in.rdbuf();
  return b.str();
}

}  // namespace

TEST(Fonts, EveryUiStringAndDataCharacterRenders) {
  ui::Fonts f;
  f.open(kRegular, kBold, 2);
  for (const char* lang : {"zh-CN", "en"}) {
    core::Strings s;
    s.load(std::string(KIOSK_ASSETS_DIR) + "/i18n/" + lang + ".json");
    for (const auto& [k, v] : s.all()) f.prepare(ui::FontRole::body, v);
  }
  f.prepare(ui::FontRole::body, read(std::string(KIOSK_ASSETS_DIR) + "/demo/reference.json"));
  f.prepare(ui::FontRole::body, read(std::string(KIOSK_SOURCE_DIR) + "/tests/data/rare_names.json"));
  EXPECT_EQ(f.unrenderable(), 0u);
  f.rebuild();
  EXPECT_FALSE(f.dirty());
  // The atlas holds what was asked for, not a whole CJK block (20,000+ glyphs per size).
  EXPECT_LT(f.glyph_count(), 2500u);
}

TEST(Fonts, NewCharactersMarkTheAtlasDirtyAndAreThenPresent) {
  ui::Fonts f;
  f.open(kRegular, kBold, 2);
  f.prepare(ui::FontRole::title, "坐窗口");
  f.rebuild();
  EXPECT_FALSE(f.dirty());
  EXPECT_TRUE(f.font(ui::FontRole::title)->FindGlyphNoFallback(0x5750));  // 坐
  EXPECT_FALSE(f.font(ui::FontRole::title)->FindGlyphNoFallback(0x9F91));  // 龑 not asked for yet
  f.prepare(ui::FontRole::title, "坐窗口");
  EXPECT_FALSE(f.dirty());  // nothing new
  f.prepare(ui::FontRole::title, "刘龑");
  EXPECT_TRUE(f.dirty());
  f.rebuild();
  EXPECT_TRUE(f.font(ui::FontRole::title)->FindGlyphNoFallback(0x9F91));
}

TEST(Fonts, SupplementaryCharactersGetAStandInWithAGlyph) {
  ui::Fonts f;
  f.open(kRegular, kBold, 2);
  const std::string name = "王\xF0\xAC\xB1\x96";  // 王𬱖 (U+2CC56, CJK Extension E)
  const std::string_view shown = f.prepare(ui::FontRole::body, name);
  EXPECT_EQ(f.unrenderable(), 0u);
  std::size_t pos = 0;
  const std::string s(shown);
  core::next_codepoint(s, pos);
  const char32_t stand_in = core::next_codepoint(s, pos);
  EXPECT_GE(stand_in, 0xE000u);
  EXPECT_LE(stand_in, 0xF8FFu);
  f.rebuild();
  const ImFontGlyph* g = f.font(ui::FontRole::body)->FindGlyphNoFallback(static_cast<ImWchar>(stand_in));
  ASSERT_TRUE(g);
  EXPECT_GT(g->X1 - g->X0, 10.0f);  // a real glyph, not an empty box
}

TEST(Fonts, ACharacterTheFontLacksIsCountedOnce) {
  ui::Fonts f;
  f.open(kRegular, kBold, 2);
  f.prepare(ui::FontRole::body, "\xEE\x80\x81");  // U+E001, private use: no glyph in Noto
  f.prepare(ui::FontRole::title, "\xEE\x80\x81");
  EXPECT_EQ(f.unrenderable(), 1u);
}
