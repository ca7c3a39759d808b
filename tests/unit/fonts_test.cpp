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
const std::vector<std::string> kFallbacks = {"/usr/share/fonts/truetype/hanazono/HanaMinB.ttf",
                                             "/usr/share/fonts/truetype/babelstone/BabelStoneHan.ttf"};

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

// Characters Noto Sans CJK lacks: 𪚥 (U+2A6A5, Extension B) and 𫠠 (U+2B820, Extension E) from HanaMinB, 鿰
// (U+9FF0, in the BMP) from BabelStone Han; drawn in regular and bold roles at the role's size.
TEST(Fonts, CharactersNotoLacksComeFromTheFallbackFaces) {
  ui::Fonts without;
  without.open(kRegular, kBold, 2);
  without.prepare(ui::FontRole::body, "郗\U0002A6A5");
  EXPECT_EQ(without.unrenderable(), 1u) << "Noto alone lacks U+2A6A5 (else this test proves nothing)";
  ui::Fonts f;
  f.open(kRegular, kBold, 2, kFallbacks);
  std::vector<std::pair<ui::FontRole, char32_t>> shown;
  for (auto role : {ui::FontRole::body, ui::FontRole::title}) {
    const std::string s(f.prepare(role, "郗\U0002A6A5\U0002B820\u9FF0"));
    std::size_t pos = 0;
    while (pos < s.size()) shown.push_back({role, core::next_codepoint(s, pos)});
  }
  EXPECT_EQ(f.unrenderable(), 0u);
  f.rebuild();
  for (const auto& [role, cp] : shown) {
    const ImFontGlyph* g = f.font(role)->FindGlyphNoFallback(static_cast<ImWchar>(cp));
    ASSERT_TRUE(g) << std::hex << static_cast<unsigned>(cp);
    EXPECT_GT(g->X1 - g->X0, f.size(role) * 0.5f) << std::hex << static_cast<unsigned>(cp);
    EXPECT_GT(g->Y1 - g->Y0, f.size(role) * 0.5f) << std::hex << static_cast<unsigned>(cp);
    EXPECT_GT(g->Y0, 0.0f) << "sits under the line's top, on Noto's baseline";
  }
}

TEST(Fonts, ACharacterTheFontLacksIsCountedOnce) {
  ui::Fonts f;
  f.open(kRegular, kBold, 2);
  f.prepare(ui::FontRole::body, "\xEE\x80\x81");  // U+E001, private use: no glyph in Noto
  f.prepare(ui::FontRole::title, "\xEE\x80\x81");
  EXPECT_EQ(f.unrenderable(), 1u);
}

// Text being typed and the candidate bar share the small atlas: a character chosen into the text never rebuilds
// the main atlas with every screen's glyphs; it is added to the small one in place (no rebuild at all, only
// its pixels to upload), and then draws at body size.
TEST(Fonts, TypedTextIsAddedInPlaceToTheSmallAtlas) {
  ui::Fonts f;
  f.open(kRegular, kBold, 2, kFallbacks);
  f.prepare(ui::FontRole::body, "请描述遇到的问题");
  f.rebuild();
  f.take_patches();
  ImFontAtlas* small = f.font(ui::FontRole::typed)->ContainerAtlas;
  ASSERT_NE(small, f.atlas());
  f.prepare(ui::FontRole::typed, "办不成事");
  ASSERT_TRUE(f.dirty());
  const auto rebuilt = f.rebuild();
  EXPECT_TRUE(rebuilt.empty()) << "added in place, not rebuilt";
  EXPECT_FALSE(f.dirty());
  const auto patches = f.take_patches();
  ASSERT_EQ(patches.size(), 4u);
  for (const auto& p : patches) {
    EXPECT_EQ(p.atlas, small);
    EXPECT_EQ(p.alpha.size(), static_cast<std::size_t>(p.w * p.h));
    EXPECT_LE(p.x + p.w, small->TexWidth);
    EXPECT_LE(p.y + p.h, small->TexHeight);
  }
  EXPECT_EQ(f.size(ui::FontRole::typed), f.size(ui::FontRole::body));
  const ImFontGlyph* g = f.font(ui::FontRole::typed)->FindGlyphNoFallback(0x529E);  // 办
  ASSERT_TRUE(g);
  EXPECT_GT(g->X1 - g->X0, f.size(ui::FontRole::body) * 0.5f);
  // Its texture coordinates point at the patch that carries its pixels.
  EXPECT_NEAR(g->U0 * static_cast<float>(small->TexWidth), static_cast<float>(patches[0].x), 0.01f);
  EXPECT_NEAR(g->V0 * static_cast<float>(small->TexHeight), static_cast<float>(patches[0].y), 0.01f);
  // Glyphs kept from the first build are still drawn the same after the second.
  const ImFontGlyph* wen = f.font(ui::FontRole::body)->FindGlyphNoFallback(0x95EE);  // 问
  ASSERT_TRUE(wen);
  EXPECT_GT(wen->X1 - wen->X0, f.size(ui::FontRole::body) * 0.5f);
}

// When the room kept free is used up, the small atlas is rebuilt whole (with fresh room) and every character
// asked for is still there; patches of the old texture are dropped, the whole texture goes up instead.
TEST(Fonts, TheSmallAtlasIsRebuiltWholeWhenItsRoomRunsOut) {
  ui::Fonts f;
  f.open(kRegular, kBold, 2, kFallbacks);
  f.rebuild();
  f.take_patches();
  std::string many;
  for (char32_t c = 0x4E00; c < 0x4E00 + 1000; ++c) {  // a thousand common-block characters at title size
    many += static_cast<char>(0xE0 | (c >> 12));
    many += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    many += static_cast<char>(0x80 | (c & 0x3F));
  }
  f.prepare(ui::FontRole::input, many);
  const auto rebuilt = f.rebuild();
  ASSERT_EQ(rebuilt.size(), 1u);
  EXPECT_EQ(rebuilt[0], f.font(ui::FontRole::input)->ContainerAtlas);
  EXPECT_TRUE(f.take_patches().empty());
  EXPECT_TRUE(f.font(ui::FontRole::input)->FindGlyphNoFallback(0x4E00));
  EXPECT_TRUE(f.font(ui::FontRole::input)->FindGlyphNoFallback(0x4E00 + 999));
  // And the next new character goes in place again.
  f.prepare(ui::FontRole::input, "龑");
  EXPECT_TRUE(f.rebuild().empty());
  EXPECT_EQ(f.take_patches().size(), 1u);
  EXPECT_TRUE(f.font(ui::FontRole::input)->FindGlyphNoFallback(0x9F91));
}
