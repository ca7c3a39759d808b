#pragma once
// Draws ImGui's draw lists with SDL_Renderer (works on SDL's software renderer, so no GPU is needed).
#include <SDL.h>

#include <map>

struct ImDrawData;
struct ImFontAtlas;

namespace app {

class SdlRenderer {
 public:
  explicit SdlRenderer(SDL_Renderer* r) : renderer_(r) {}  // takes ownership
  ~SdlRenderer();
  SdlRenderer(const SdlRenderer&) = delete;
  SdlRenderer& operator=(const SdlRenderer&) = delete;

  // Uploads the atlas's pixels as a texture and frees the CPU copy.
  void upload_fonts(ImFontAtlas* atlas);
  // Updates one rectangle of an uploaded atlas's texture (alpha, w × h): characters added in place.
  void update_fonts(const ImFontAtlas* atlas, int x, int y, int w, int h, const unsigned char* alpha);
  void draw(const ImDrawData* data);
  SDL_Renderer* sdl() const { return renderer_; }

 private:
  SDL_Renderer* renderer_;
  std::map<const ImFontAtlas*, SDL_Texture*> textures_;  // one per font atlas
};

}  // namespace app
