#pragma once
// Screenshots as PNG files.
#include <SDL.h>

#include <string>

namespace app {

// Reads the renderer's current target and writes it as an RGB PNG. Returns false with a message on stderr.
bool save_png(SDL_Renderer* renderer, int width, int height, const std::string& path);

}  // namespace app
