#pragma once
// A font atlas that holds exactly the glyphs the screens have asked for, at the sizes they use.
// Text is announced with prepare() before it is drawn; unseen characters mark the atlas dirty and the
// runner rebuilds it and redraws the frame before showing it, so a "?" never reaches the screen.
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct ImFont;
struct ImFontAtlas;

namespace ui {

// small/body/title/display live in the main atlas. typed (body-sized, the text being typed in the editor) and
// input (title-sized, the pinyin candidate bar) share a small atlas of their own, so a keystroke that brings
// new characters — a candidate shown, or chosen into the text — rebuilds only that one.
enum class FontRole { small, body, title, display, typed, input };
inline constexpr int kFontRoles = 6;
inline constexpr int kFirstInputRole = static_cast<int>(FontRole::typed);

class Fonts {
 public:
  Fonts();
  ~Fonts();
  Fonts(const Fonts&) = delete;
  Fonts& operator=(const Fonts&) = delete;

  // Maps the Noto Sans CJK files (regular and bold) and picks the Simplified Chinese face; throws on failure.
  // Characters Noto lacks (most of CJK Extension B–G, where many given names are) come from the fallback
  // files, in order; a fallback file that cannot be read is logged and skipped.
  void open(const std::string& regular_ttc, const std::string& bold_ttc, int face_index,
            const std::vector<std::string>& fallbacks = {});
  // Pixel size of each role = base size × scale (大字模式 uses a larger scale).
  void set_scale(float scale);
  float scale() const { return scale_; }
  float size(FontRole r) const;

  // Makes sure every character of text can be drawn in role r; returns the text to hand to ImGui
  // (characters beyond U+FFFF are mapped to private-use code points that carry their glyphs).
  std::string_view prepare(FontRole r, std::string_view text);
  bool dirty() const { return dirty_[0] || dirty_[1]; }
  // Marks both atlases for rebuilding (e.g. their textures went with an old renderer).
  void invalidate() { dirty_[0] = dirty_[1] = whole_[0] = whole_[1] = true; }
  // Rebuilds the atlases that need it (call between frames); returns those rebuilt, for texture upload.
  // Characters new to the input atlas are usually added in place instead: rasterised into room the atlas
  // keeps free, with no rebuild; their pixels then wait in patches() for the renderer.
  std::vector<ImFontAtlas*> rebuild();
  // A rectangle of an atlas's texture to update (alpha, w × h), left by characters added in place.
  struct Patch {
    ImFontAtlas* atlas;
    int x, y, w, h;
    std::vector<unsigned char> alpha;
  };
  // The patches since the last call (after rebuild(), which discards those of an atlas it rebuilt whole).
  std::vector<Patch> take_patches() { return std::move(patches_); }
  ImFontAtlas* atlas() { return atlas_.get(); }  // the main atlas (also ImGui's io.Fonts)
  ImFont* font(FontRole r) const { return fonts_[static_cast<int>(r)]; }

  // Characters the font itself lacks, each counted once; they are logged when first met.
  std::size_t unrenderable() const { return unrenderable_.size(); }
  std::size_t glyph_count() const;

 private:
  bool has_glyph(char32_t cp) const;
  // The face that draws cp for a role: Noto's own (regular or bold), else the first fallback that has it.
  struct Mapped;
  Mapped* source(char32_t cp, bool bold) const;
  void build(ImFontAtlas& atlas, int first_role, int last_role);
  struct CachedGlyph;
  // The glyph of c (a code point or a stand-in) for role r, rasterised once; null if no font draws it.
  const CachedGlyph* glyph(int r, char32_t c, const std::vector<char32_t>& from_stand_in);
  // Adds the characters asked for since the input atlas was built into its free room; false when they do
  // not fit (then it is rebuilt whole).
  bool add_in_place();
  static int atlas_of(int role) { return role >= kFirstInputRole ? 1 : 0; }
  std::unique_ptr<Mapped> regular_, bold_;
  std::vector<std::unique_ptr<Mapped>> fallbacks_;
  int face_index_ = 0;
  float scale_ = 1.0f;
  std::unique_ptr<ImFontAtlas> atlas_, input_atlas_;
  ImFont* fonts_[kFontRoles] = {};
  std::vector<std::vector<bool>> wanted_;  // per role, by code point (BMP, plus mapped ones)
  std::vector<char32_t> wanted_list_[kFontRoles];
  std::vector<char32_t> fresh_[kFontRoles];  // wanted since the last build of their atlas
  bool whole_[2] = {true, true};             // the next rebuild must be whole (new size, new file, trimmed)
  int free_rect_ = -1;                       // the input atlas's free room: a custom rect it packs empty
  int shelf_x_ = 0, shelf_y_ = 0, shelf_h_ = 0;
  std::vector<Patch> patches_;
  std::vector<bool> unrenderable_seen_;
  std::vector<char32_t> unrenderable_;
  std::unordered_map<char32_t, char16_t> supplementary_;  // code point → private-use stand-in
  std::string scratch_;
  // A glyph as FreeType rasterised it, kept so that a rebuild only rasterises characters new to the atlas.
  struct CachedGlyph {
    std::vector<unsigned char> pixels;
    int width = 0, height = 0;
    float advance = 0, offset_x = 0, offset_y = 0;
  };
  std::unordered_map<std::uint64_t, CachedGlyph> glyph_cache_;  // by role, pixel size and code point
  bool dirty_[2] = {true, true};
};

}  // namespace ui
