#include "kiosk/ui/fonts.h"

#include <fcntl.h>
#include <ft2build.h>
#include <imgui.h>
#include <imgui_freetype.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include FT_FREETYPE_H

#include "kiosk/core/utf8.h"

namespace ui {
namespace {

constexpr float kBaseSize[kFontRoles] = {28.0f, 34.0f, 46.0f, 66.0f, 34.0f, 46.0f};
constexpr bool kBold[kFontRoles] = {false, false, true, true, false, true};
// The input atlas starts afresh past this many characters, so typing for long never makes it slow.
constexpr std::size_t kInputAtlasLimit = 1500;
constexpr char32_t kPrivateUseFirst = 0xE000;
constexpr char32_t kPrivateUseLast = 0xF8FF;
constexpr char32_t kFallback = 0x25A1;  // □: drawn for a character the font lacks (and counted)
constexpr std::size_t kTableSize = 0x10000;
// Room the input atlas keeps free for characters added in place (a few hundred at the input sizes).
constexpr int kFreeWidth = 1024, kFreeHeight = 512;
// Rasterised glyphs kept across atlas rebuilds (a few MB at most); past this many the cache starts afresh.
constexpr std::size_t kGlyphCacheLimit = 6000;

// ImGui 1.86 copies font data it does not own (80 MB for four sizes of Noto Sans CJK). So the atlas is told
// it owns our mapped files, and ImGui's allocator ignores frees of pointers into them.
struct MappedRange {
  const char* begin = nullptr;
  const char* end = nullptr;
};
MappedRange g_mapped[2];

void* imgui_alloc(std::size_t size, void*) { return std::malloc(size); }
void imgui_free(void* p, void*) {
  for (const auto& r : g_mapped)
    if (static_cast<const char*>(p) >= r.begin && static_cast<const char*>(p) < r.end) return;
  std::free(p);
}

}  // namespace

// A font file mapped read-only (pages load only as glyphs are used), with a FreeType face on it.
struct Fonts::Mapped {
  void* data = MAP_FAILED;
  std::size_t size = 0;
  FT_Library library = nullptr;
  FT_Face face = nullptr;

  Mapped(const std::string& path, int face_index) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (fd < 0 || fstat(fd, &st) != 0) {
      if (fd >= 0) ::close(fd);
      throw std::runtime_error("cannot open font " + path + " (run deploy/install-deps.sh)");
    }
    size = static_cast<std::size_t>(st.st_size);
    data = mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (data == MAP_FAILED) throw std::runtime_error("cannot map font " + path);
    if (FT_Init_FreeType(&library) != 0 ||
        FT_New_Memory_Face(library, static_cast<const FT_Byte*>(data), static_cast<FT_Long>(size), face_index,
                           &face) != 0)
      throw std::runtime_error("cannot read font " + path);
  }
  ~Mapped() {
    if (face) FT_Done_Face(face);
    if (library) FT_Done_FreeType(library);
    if (data != MAP_FAILED) munmap(data, size);
  }
  Mapped(const Mapped&) = delete;
  Mapped& operator=(const Mapped&) = delete;
};

Fonts::Fonts()
    : atlas_(std::make_unique<ImFontAtlas>()),
      input_atlas_(std::make_unique<ImFontAtlas>()),
      wanted_(kFontRoles),
      unrenderable_seen_(0x110000) {
  for (auto& w : wanted_) w.assign(kTableSize, false);
  // Every role always carries printable ASCII and the fallback box.
  for (int r = 0; r < kFontRoles; ++r) {
    for (char32_t c = 0x20; c < 0x7F; ++c) {
      wanted_[static_cast<std::size_t>(r)][c] = true;
      wanted_list_[r].push_back(c);
    }
    wanted_[static_cast<std::size_t>(r)][kFallback] = true;
    wanted_list_[r].push_back(kFallback);
  }
}

Fonts::~Fonts() {
  atlas_.reset();
  input_atlas_.reset();  // frees its (fake-owned) font data first, while the files are still mapped
  regular_.reset();
  bold_.reset();
  for (auto& r : g_mapped) r = {};
}

void Fonts::open(const std::string& regular_ttc, const std::string& bold_ttc, int face_index,
                 const std::vector<std::string>& fallbacks) {
  face_index_ = face_index;
  atlas_->Clear();
  input_atlas_->Clear();
  regular_ = std::make_unique<Mapped>(regular_ttc, face_index);
  bold_ = std::make_unique<Mapped>(bold_ttc, face_index);
  fallbacks_.clear();
  for (const auto& path : fallbacks) {
    try {
      fallbacks_.push_back(std::make_unique<Mapped>(path, 0));
    } catch (const std::exception& e) {
      std::fprintf(stderr, "kiosk: %s; rare characters it holds will be drawn as boxes\n", e.what());
    }
  }
  int i = 0;
  for (const Mapped* m : {regular_.get(), bold_.get()})
    g_mapped[i++] = {static_cast<const char*>(m->data), static_cast<const char*>(m->data) + m->size};
  ImGui::SetAllocatorFunctions(imgui_alloc, imgui_free, nullptr);
  invalidate();
}

void Fonts::set_scale(float scale) {
  if (scale == scale_) return;
  scale_ = scale;
  invalidate();
}

float Fonts::size(FontRole r) const { return std::round(kBaseSize[static_cast<int>(r)] * scale_); }

Fonts::Mapped* Fonts::source(char32_t cp, bool bold) const {
  if (!regular_) return nullptr;
  if (FT_Get_Char_Index(regular_->face, cp) != 0) return bold ? bold_.get() : regular_.get();
  for (const auto& f : fallbacks_)
    if (FT_Get_Char_Index(f->face, cp) != 0) return f.get();
  return nullptr;
}

bool Fonts::has_glyph(char32_t cp) const { return source(cp, false) != nullptr; }

std::string_view Fonts::prepare(FontRole role, std::string_view text) {
  const int r = static_cast<int>(role);
  auto& wanted = wanted_[static_cast<std::size_t>(r)];
  bool has_supplementary = false;
  auto want = [&](char32_t key, char32_t cp) {
    if (wanted[key]) return;
    wanted[key] = true;
    if (has_glyph(cp)) {
      wanted_list_[r].push_back(key);
      fresh_[r].push_back(key);
      dirty_[atlas_of(r)] = true;
    } else if (!unrenderable_seen_[cp]) {
      unrenderable_seen_[cp] = true;
      unrenderable_.push_back(cp);
      std::fprintf(stderr, "kiosk: the font has no glyph for U+%04X; it is drawn as a box\n",
                   static_cast<unsigned>(cp));
    }
  };
  core::for_each_codepoint(text, [&](char32_t cp) {
    if (cp < 0x20) return;
    if (cp < kTableSize) {
      want(cp, cp);
      return;
    }
    has_supplementary = true;
    auto it = supplementary_.find(cp);
    if (it == supplementary_.end()) {
      const char32_t stand_in = kPrivateUseFirst + static_cast<char32_t>(supplementary_.size());
      if (stand_in > kPrivateUseLast) return;
      it = supplementary_.emplace(cp, static_cast<char16_t>(stand_in)).first;
    }
    want(it->second, cp);
  });
  if (!has_supplementary) return text;
  // Re-encode with the stand-ins in place of characters beyond U+FFFF.
  scratch_.clear();
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t start = pos;
    char32_t cp = core::next_codepoint(text, pos);
    if (cp < kTableSize) {
      scratch_.append(text.substr(start, pos - start));
      continue;
    }
    auto it = supplementary_.find(cp);
    cp = it == supplementary_.end() ? kFallback : it->second;
    scratch_ += static_cast<char>(0xE0 | (cp >> 12));
    scratch_ += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    scratch_ += static_cast<char>(0x80 | (cp & 0x3F));
  }
  return scratch_;
}

std::vector<ImFontAtlas*> Fonts::rebuild() {
  if (!regular_) throw std::logic_error("Fonts::rebuild before open");
  std::vector<ImFontAtlas*> rebuilt;
  if (dirty_[0]) {
    build(*atlas_, 0, kFirstInputRole - 1);
    rebuilt.push_back(atlas_.get());
  }
  if (dirty_[1]) {
    for (int r = kFirstInputRole; r < kFontRoles; ++r) {
      if (wanted_list_[r].size() <= kInputAtlasLimit) continue;
      // Forget the characters of long ago; what is on screen asks again in the next pass.
      for (char32_t c : wanted_list_[r]) wanted_[static_cast<std::size_t>(r)][c] = false;
      wanted_list_[r].clear();
      for (char32_t c = 0x20; c < 0x7F; ++c) wanted_list_[r].push_back(c);
      wanted_list_[r].push_back(kFallback);
      for (char32_t c : wanted_list_[r]) wanted_[static_cast<std::size_t>(r)][c] = true;
      whole_[1] = true;
    }
    if (whole_[1] || !add_in_place()) {
      build(*input_atlas_, kFirstInputRole, kFontRoles - 1);
      rebuilt.push_back(input_atlas_.get());
      std::erase_if(patches_, [&](const Patch& p) { return p.atlas == input_atlas_.get(); });
    }
  }
  if (dirty_[0]) std::erase_if(patches_, [&](const Patch& p) { return p.atlas == atlas_.get(); });
  dirty_[0] = dirty_[1] = false;
  return rebuilt;
}

const Fonts::CachedGlyph* Fonts::glyph(int r, char32_t c, const std::vector<char32_t>& from_stand_in) {
  const char32_t cp = c >= kPrivateUseFirst && c <= kPrivateUseLast ? from_stand_in[c - kPrivateUseFirst] : c;
  if (cp == 0) return nullptr;
  const auto px = static_cast<std::uint64_t>(size(static_cast<FontRole>(r)));
  const std::uint64_t key = (static_cast<std::uint64_t>(r) << 56) | (px << 32) | cp;
  if (auto it = glyph_cache_.find(key); it != glyph_cache_.end()) return &it->second;
  Mapped* from = source(cp, kBold[r]);
  if (!from) return nullptr;
  // Rasterised the way the FreeType builder does (light hinting), on Noto's baseline for this size.
  // Characters beyond U+FFFF come through private-use stand-ins; characters Noto lacks come from a fallback
  // face set to Noto's em size (not its line height), so they match. Fallback faces have no bold, and
  // emboldening turns dense characters such as 𪚥 into blots, so bold roles show them in regular weight.
  Mapped& file = kBold[r] ? *bold_ : *regular_;
  FT_Size_RequestRec req{};
  req.type = FT_SIZE_REQUEST_TYPE_REAL_DIM;
  req.height = static_cast<FT_Long>(static_cast<float>(px) * 64.0f);
  FT_Request_Size(file.face, &req);
  const float ascent = std::ceil(static_cast<float>(file.face->size->metrics.ascender) / 64.0f);
  FT_Size_RequestRec em{};
  em.type = FT_SIZE_REQUEST_TYPE_NOMINAL;
  em.height = FT_MulFix(file.face->units_per_EM, file.face->size->metrics.y_scale);
  FT_Face face = from->face;
  if (from != &file) FT_Request_Size(face, &em);
  const FT_UInt index = FT_Get_Char_Index(face, cp);
  if (index == 0 || FT_Load_Glyph(face, index, FT_LOAD_TARGET_LIGHT) != 0 ||
      FT_Render_Glyph(face->glyph, FT_RENDER_MODE_NORMAL) != 0)
    return nullptr;
  const FT_Bitmap& bm = face->glyph->bitmap;
  CachedGlyph g;
  g.width = static_cast<int>(bm.width);
  g.height = static_cast<int>(bm.rows);
  g.pixels.resize(static_cast<std::size_t>(g.width * g.height));
  for (int y = 0; y < g.height; ++y) std::copy_n(bm.buffer + y * bm.pitch, g.width, g.pixels.begin() + y * g.width);
  g.advance = static_cast<float>(face->glyph->advance.x) / 64.0f;
  g.offset_x = static_cast<float>(face->glyph->bitmap_left);
  g.offset_y = ascent - static_cast<float>(face->glyph->bitmap_top);
  return &glyph_cache_.emplace(key, std::move(g)).first->second;
}

// New characters go on shelves in the free rect, left to right, a new shelf when a row is full. The glyph is
// added to its font the way ImGui's builder adds a custom-rect glyph, and only its pixels are uploaded.
bool Fonts::add_in_place() {
  ImFontAtlas& atlas = *input_atlas_;
  const ImFontAtlasCustomRect* room = free_rect_ >= 0 ? atlas.GetCustomRectByIndex(free_rect_) : nullptr;
  if (!room || !room->IsPacked() || atlas.TexWidth <= 0) return false;
  std::vector<char32_t> from_stand_in(kPrivateUseLast - kPrivateUseFirst + 1, 0);
  for (const auto& [cp, stand_in] : supplementary_) from_stand_in[stand_in - kPrivateUseFirst] = cp;
  if (glyph_cache_.size() > kGlyphCacheLimit) return false;  // the whole build starts the cache afresh
  const float u = 1.0f / static_cast<float>(atlas.TexWidth), v = 1.0f / static_cast<float>(atlas.TexHeight);
  for (int r = kFirstInputRole; r < kFontRoles; ++r) {
    ImFont* font = fonts_[r];
    if (!font || fresh_[r].empty()) continue;
    for (char32_t c : fresh_[r]) {
      const CachedGlyph* g = glyph(r, c, from_stand_in);
      if (!g) continue;
      const int w = std::max(g->width, 1), h = std::max(g->height, 1);
      if (shelf_x_ + w + 1 > room->Width) {
        shelf_x_ = 0;
        shelf_y_ += shelf_h_;
        shelf_h_ = 0;
      }
      if (shelf_y_ + h + 1 > room->Height || w + 1 > room->Width) return false;
      const int x = room->X + shelf_x_, y = room->Y + shelf_y_;
      shelf_x_ += w + 1;
      shelf_h_ = std::max(shelf_h_, h + 1);
      font->AddGlyph(nullptr, static_cast<ImWchar>(c), g->offset_x, g->offset_y, g->offset_x + static_cast<float>(w),
                     g->offset_y + static_cast<float>(h), static_cast<float>(x) * u, static_cast<float>(y) * v,
                     static_cast<float>(x + w) * u, static_cast<float>(y + h) * v, g->advance);
      Patch p{&atlas, x, y, w, h, std::vector<unsigned char>(static_cast<std::size_t>(w * h), 0)};
      for (int row = 0; row < g->height; ++row)
        std::copy_n(g->pixels.begin() + row * g->width, g->width, p.alpha.begin() + row * w);
      patches_.push_back(std::move(p));
    }
    font->BuildLookupTable();
    fresh_[r].clear();
  }
  return true;
}

void Fonts::build(ImFontAtlas& atlas, int first_role, int last_role) {
  std::vector<char32_t> from_stand_in(kPrivateUseLast - kPrivateUseFirst + 1, 0);
  for (const auto& [cp, stand_in] : supplementary_) from_stand_in[stand_in - kPrivateUseFirst] = cp;
  if (glyph_cache_.size() > kGlyphCacheLimit) glyph_cache_.clear();  // bounded memory; redrawn on demand

  atlas.Clear();
  atlas.Flags |= ImFontAtlasFlags_NoMouseCursors;
  atlas.FontBuilderIO = ImGuiFreeType::GetBuilderForFreeType();
  atlas.FontBuilderFlags = ImGuiFreeTypeBuilderFlags_LightHinting;

  struct Pending {
    int rect;
    const CachedGlyph* glyph;
  };
  std::vector<Pending> pending;
  static const ImWchar kSpaceOnly[] = {0x20, 0x20, 0};
  for (int r = first_role; r <= last_role; ++r) {
    auto& list = wanted_list_[r];
    std::sort(list.begin(), list.end());
    // ImGui's builder gives the font its metrics (and the space); every other glyph is rasterised once into
    // the cache below and copied into a custom rect, so a rebuild for a few new characters costs little more
    // than packing and copying.
    Mapped& file = kBold[r] ? *bold_ : *regular_;
    ImFontConfig cfg;
    cfg.FontData = file.data;
    cfg.FontDataSize = static_cast<int>(file.size);
    cfg.FontDataOwnedByAtlas = true;  // not really: see imgui_free
    cfg.FontNo = face_index_;
    cfg.SizePixels = size(static_cast<FontRole>(r));
    cfg.OversampleH = 1;
    cfg.OversampleV = 1;
    cfg.PixelSnapH = true;
    cfg.GlyphRanges = kSpaceOnly;
    std::snprintf(cfg.Name, sizeof cfg.Name, "role%d", r);
    fonts_[r] = atlas.AddFont(&cfg);

    for (char32_t c : list) {
      if (c == 0x20) continue;
      const CachedGlyph* found = glyph(r, c, from_stand_in);
      if (!found) continue;
      const CachedGlyph& g = *found;
      const int rect = atlas.AddCustomRectFontGlyph(fonts_[r], static_cast<ImWchar>(c), std::max(g.width, 1),
                                                    std::max(g.height, 1), g.advance, ImVec2(g.offset_x, g.offset_y));
      pending.push_back({rect, &g});
    }
  }
  const bool input = first_role == kFirstInputRole;
  if (input) {
    // Room for characters added in place (add_in_place), packed with the rest and left empty.
    atlas.TexDesiredWidth = kFreeWidth;
    free_rect_ = atlas.AddCustomRectRegular(kFreeWidth - 4, kFreeHeight);
    shelf_x_ = shelf_y_ = shelf_h_ = 0;
  }
  for (int r = first_role; r <= last_role; ++r) fresh_[r].clear();
  whole_[input ? 1 : 0] = false;
  atlas.Build();
  unsigned char* pixels = nullptr;
  int tex_w = 0, tex_h = 0;
  atlas.GetTexDataAsAlpha8(&pixels, &tex_w, &tex_h);
  for (const auto& p : pending) {
    const ImFontAtlasCustomRect* rect = atlas.GetCustomRectByIndex(p.rect);
    for (int y = 0; y < p.glyph->height; ++y)
      std::copy_n(p.glyph->pixels.begin() + y * p.glyph->width, p.glyph->width, pixels + (rect->Y + y) * tex_w + rect->X);
  }
  for (int r = first_role; r <= last_role; ++r) {
    ImFont* f = fonts_[r];
    if (const ImFontGlyph* box = f->FindGlyphNoFallback(static_cast<ImWchar>(kFallback))) {
      f->FallbackGlyph = box;
      f->FallbackChar = static_cast<ImWchar>(kFallback);
      f->FallbackAdvanceX = box->AdvanceX;
    }
  }
}

std::size_t Fonts::glyph_count() const {
  std::size_t n = 0;
  for (const ImFont* f : fonts_)
    if (f) n += static_cast<std::size_t>(f->Glyphs.Size);
  return n;
}

}  // namespace ui
