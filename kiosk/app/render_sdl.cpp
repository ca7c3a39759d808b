#include "kiosk/app/render_sdl.h"

#include <imgui.h>

#include <cstdint>
#include <stdexcept>
#include <vector>

namespace app {

SdlRenderer::~SdlRenderer() {
  if (font_texture_) SDL_DestroyTexture(font_texture_);
  SDL_DestroyRenderer(renderer_);
}

void SdlRenderer::upload_fonts(ImFontAtlas* atlas) {
  unsigned char* alpha = nullptr;
  int w = 0, h = 0;
  atlas->GetTexDataAsAlpha8(&alpha, &w, &h);
  if (font_texture_) SDL_DestroyTexture(font_texture_);
  font_texture_ = SDL_CreateTexture(renderer_, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_STATIC, w, h);
  if (!font_texture_) throw std::runtime_error(std::string("cannot create the font texture: ") + SDL_GetError());
  std::vector<std::uint32_t> argb(static_cast<std::size_t>(w) * static_cast<std::size_t>(h));
  for (std::size_t i = 0; i < argb.size(); ++i) argb[i] = (std::uint32_t{alpha[i]} << 24) | 0x00FFFFFFu;
  SDL_UpdateTexture(font_texture_, nullptr, argb.data(), w * 4);
  SDL_SetTextureBlendMode(font_texture_, SDL_BLENDMODE_BLEND);
  atlas->SetTexID(static_cast<ImTextureID>(font_texture_));
  atlas->ClearTexData();
}

void SdlRenderer::draw(const ImDrawData* data) {
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
      const ImDrawVert* v = vtx + cmd.VtxOffset;
      // ImU32 colours are laid out R, G, B, A in memory, as SDL_Color is.
      SDL_RenderGeometryRaw(renderer_, static_cast<SDL_Texture*>(cmd.GetTexID()), &v->pos.x, sizeof(ImDrawVert),
                            reinterpret_cast<const SDL_Color*>(&v->col), sizeof(ImDrawVert), &v->uv.x,
                            sizeof(ImDrawVert), list->VtxBuffer.Size - static_cast<int>(cmd.VtxOffset),
                            idx + cmd.IdxOffset, static_cast<int>(cmd.ElemCount), sizeof(ImDrawIdx));
    }
  }
  SDL_RenderSetClipRect(renderer_, nullptr);
}

}  // namespace app
