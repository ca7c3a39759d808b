#include "kiosk/app/render_sdl.h"

#include <imgui.h>

#include <cstddef>
#include <cstdint>
#include <stdexcept>

namespace app {

SdlRenderer::~SdlRenderer() {
  for (auto& [atlas, texture] : textures_) SDL_DestroyTexture(texture);
  SDL_DestroyRenderer(renderer_);
}

namespace {

// Glyph coverage (one byte a pixel) written as white ARGB pixels with that alpha, as the font textures hold
// them, into rows `pitch` bytes apart.
void white_with_alpha(const unsigned char* alpha, int w, int h, void* out, int pitch) {
  for (int y = 0; y < h; ++y) {
    auto* row = reinterpret_cast<std::uint32_t*>(static_cast<unsigned char*>(out) + static_cast<std::ptrdiff_t>(y) * pitch);
    const unsigned char* a = alpha + static_cast<std::ptrdiff_t>(y) * w;
    for (int x = 0; x < w; ++x) row[x] = (std::uint32_t{a[x]} << 24) | 0x00FFFFFFu;
  }
}

}  // namespace

void SdlRenderer::upload_fonts(ImFontAtlas* atlas) {
  unsigned char* alpha = nullptr;
  int w = 0, h = 0;
  atlas->GetTexDataAsAlpha8(&alpha, &w, &h);
  SDL_Texture*& texture = textures_[atlas];
  if (texture) SDL_DestroyTexture(texture);
  // Streaming, so the pixels are written once, straight into the texture (no full-size copy to fault in).
  texture = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STREAMING, w, h);
  if (!texture) throw std::runtime_error(std::string("cannot create the font texture: ") + SDL_GetError());
  void* pixels = nullptr;
  int pitch = 0;
  if (SDL_LockTexture(texture, nullptr, &pixels, &pitch) != 0)
    throw std::runtime_error(std::string("cannot write the font texture: ") + SDL_GetError());
  white_with_alpha(alpha, w, h, pixels, pitch);
  SDL_UnlockTexture(texture);
  SDL_SetTextureBlendMode(texture, SDL_BLENDMODE_BLEND);
  atlas->SetTexID(static_cast<ImTextureID>(texture));
  atlas->ClearTexData();
}

void SdlRenderer::update_fonts(const ImFontAtlas* atlas, int x, int y, int w, int h, const unsigned char* alpha) {
  const auto it = textures_.find(atlas);
  if (it == textures_.end() || !it->second || w <= 0 || h <= 0) return;
  const SDL_Rect rect{x, y, w, h};
  void* pixels = nullptr;
  int pitch = 0;
  if (SDL_LockTexture(it->second, &rect, &pixels, &pitch) != 0) return;  // only for a rect outside the texture
  white_with_alpha(alpha, w, h, pixels, pitch);
  SDL_UnlockTexture(it->second);
}

namespace {

// Two triangles (i, i+1, i+2), (i, i+2, i+3) over an axis-aligned rectangle in one colour: what ImGui emits for
// filled rectangles and for every glyph. SDL's software renderer fills and blits those far faster than it
// rasterises triangles, so they take the fast path.
bool is_quad(const ImDrawVert* v, const ImDrawIdx* idx) {
  const ImDrawIdx a = idx[0];
  if (idx[1] != a + 1 || idx[2] != a + 2 || idx[3] != a || idx[4] != a + 2 || idx[5] != a + 3) return false;
  const ImDrawVert* q = v + a;
  return q[0].col == q[1].col && q[0].col == q[2].col && q[0].col == q[3].col && q[0].pos.y == q[1].pos.y &&
         q[1].pos.x == q[2].pos.x && q[2].pos.y == q[3].pos.y && q[3].pos.x == q[0].pos.x && q[0].uv.y == q[1].uv.y &&
         q[1].uv.x == q[2].uv.x && q[2].uv.y == q[3].uv.y && q[3].uv.x == q[0].uv.x;
}

}  // namespace

void SdlRenderer::draw(const ImDrawData* data) {
  const ImVec2 white = ImGui::GetIO().Fonts->TexUvWhitePixel;
  for (int n = 0; n < data->CmdListsCount; ++n) {
    const ImDrawList* list = data->CmdLists[n];
    const ImDrawVert* vtx = list->VtxBuffer.Data;
    const ImDrawIdx* idx = list->IdxBuffer.Data;
    for (const ImDrawCmd& cmd : list->CmdBuffer) {
      if (cmd.UserCallback) continue;
      const SDL_Rect clip{static_cast<int>(cmd.ClipRect.x), static_cast<int>(cmd.ClipRect.y),
                          static_cast<int>(cmd.ClipRect.z - cmd.ClipRect.x),
                          static_cast<int>(cmd.ClipRect.w - cmd.ClipRect.y)};
      if (clip.w <= 0 || clip.h <= 0) continue;
      SDL_RenderSetClipRect(renderer_, &clip);
      auto* texture = static_cast<SDL_Texture*>(cmd.GetTexID());
      int tex_w = 0, tex_h = 0;
      if (texture) SDL_QueryTexture(texture, nullptr, nullptr, &tex_w, &tex_h);
      const ImDrawVert* v = vtx + cmd.VtxOffset;
      const ImDrawIdx* first = idx + cmd.IdxOffset;
      const int count = static_cast<int>(cmd.ElemCount);
      int run = 0;  // start of the pending run of ordinary triangles
      auto flush = [&](int end) {
        if (end <= run) return;
        // ImU32 colours are laid out R, G, B, A in memory, as SDL_Color is.
        SDL_RenderGeometryRaw(renderer_, texture, &v->pos.x, sizeof(ImDrawVert), reinterpret_cast<const SDL_Color*>(&v->col),
                              sizeof(ImDrawVert), &v->uv.x, sizeof(ImDrawVert),
                              list->VtxBuffer.Size - static_cast<int>(cmd.VtxOffset), first + run, end - run,
                              sizeof(ImDrawIdx));
      };
      for (int i = 0; i + 6 <= count;) {
        if (!is_quad(v, first + i)) {
          i += 3;
          continue;
        }
        flush(i);
        const ImDrawVert* q = v + first[i];
        const ImU32 col = q[0].col;  // IM_COL32 packs R in the low byte
        const SDL_Color c{static_cast<Uint8>(col & 0xFF), static_cast<Uint8>((col >> 8) & 0xFF),
                          static_cast<Uint8>((col >> 16) & 0xFF), static_cast<Uint8>(col >> 24)};
        const SDL_FRect dst{q[0].pos.x, q[0].pos.y, q[2].pos.x - q[0].pos.x, q[2].pos.y - q[0].pos.y};
        if (q[0].uv.x == white.x && q[0].uv.y == white.y && q[2].uv.x == white.x && q[2].uv.y == white.y) {
          SDL_SetRenderDrawBlendMode(renderer_, c.a == 255 ? SDL_BLENDMODE_NONE : SDL_BLENDMODE_BLEND);
          SDL_SetRenderDrawColor(renderer_, c.r, c.g, c.b, c.a);
          SDL_RenderFillRectF(renderer_, &dst);
        } else if (texture && tex_w > 0) {
          const SDL_Rect src{static_cast<int>(q[0].uv.x * static_cast<float>(tex_w) + 0.5f),
                             static_cast<int>(q[0].uv.y * static_cast<float>(tex_h) + 0.5f),
                             static_cast<int>((q[2].uv.x - q[0].uv.x) * static_cast<float>(tex_w) + 0.5f),
                             static_cast<int>((q[2].uv.y - q[0].uv.y) * static_cast<float>(tex_h) + 0.5f)};
          SDL_SetTextureColorMod(texture, c.r, c.g, c.b);
          SDL_SetTextureAlphaMod(texture, c.a);
          SDL_RenderCopyF(renderer_, texture, &src, &dst);
        }
        i += 6;
        run = i;
      }
      flush(count);
    }
  }
  SDL_RenderSetClipRect(renderer_, nullptr);
}

}  // namespace app
