#include "kiosk/app/png.h"

#include <png.h>

#include <cstdio>
#include <vector>

namespace app {

bool save_png(SDL_Renderer* renderer, int width, int height, const std::string& path) {
  std::vector<unsigned char> rgba(static_cast<std::size_t>(width) * static_cast<std::size_t>(height) * 4);
  // ABGR8888 on a little-endian machine is R, G, B, A in memory.
  if (SDL_RenderReadPixels(renderer, nullptr, SDL_PIXELFORMAT_ABGR8888, rgba.data(), width * 4) != 0) {
    std::fprintf(stderr, "kiosk: cannot read the screen for %s: %s\n", path.c_str(), SDL_GetError());
    return false;
  }
  png_image image{};
  image.version = PNG_IMAGE_VERSION;
  image.width = static_cast<png_uint_32>(width);
  image.height = static_cast<png_uint_32>(height);
  image.format = PNG_FORMAT_RGBA;
  for (std::size_t i = 3; i < rgba.size(); i += 4) rgba[i] = 0xFF;
  if (!png_image_write_to_file(&image, path.c_str(), 0, rgba.data(), width * 4, nullptr)) {
    std::fprintf(stderr, "kiosk: cannot write %s: %s\n", path.c_str(), image.message);
    return false;
  }
  return true;
}

}  // namespace app
