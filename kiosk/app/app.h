#pragma once
// The kiosk application: config, store, fonts, screens, and the loops that drive them —
// an event-driven loop on a window, or a scenario player on an in-memory software surface.
#include <SDL.h>

#include <memory>
#include <set>
#include <optional>
#include <string>

#include "kiosk/app/render_sdl.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/config.h"
#include "kiosk/core/store.h"
#include "kiosk/ui/fonts.h"
#include "kiosk/ui/ui.h"

namespace app {

struct Options {
  std::string config_path;
  std::string db_path;
  std::string assets_dir;
  std::string reference_file;
  std::string orientation;
  std::string language;
  std::string now;  // ISO time for the injected clock
  std::string script;
  std::string tour_dir;
  int width = 0, height = 0;
  bool demo = false;
  bool headless = false;
  bool windowed = false;
  bool large = false;  // start in 大字模式 (scenarios)
  bool first_frame_only = false;
};

class App {
 public:
  explicit App(const Options& options);  // throws std::runtime_error with a message for people
  ~App();
  App(const App&) = delete;
  App& operator=(const App&) = delete;

  // The event-driven loop on a window (a real display, or SDL's offscreen driver when headless).
  int run_window();
  // Plays a scenario (see tests/scenarios/README.md); returns 0 when every expectation held.
  int run_script_file(const std::string& path);
  int run_script(const std::string& text, const std::string& name);
  // Renders every screen in both orientations, both languages, normal and 大字模式, into dir.
  int run_tour(const std::string& dir);

 private:
  void start_surface(int w, int h);
  // Draws one frame; when the frame met characters new to the atlas, rebuilds it and draws again.
  void render(float dt);
  bool step(const std::string& line, int line_no, const std::string& name);
  // Once a minute: housekeeping that depends on the clock.
  void maintain();
  void settle();

  Options options_;
  core::Config config_;
  std::string assets_;
  std::unique_ptr<core::Clock> clock_;
  core::ManualClock* manual_clock_ = nullptr;
  std::unique_ptr<core::Store> store_;
  ui::Fonts fonts_;
  std::unique_ptr<ui::Ui> ui_;
  SDL_Window* window_ = nullptr;
  SDL_Surface* surface_ = nullptr;
  std::unique_ptr<SdlRenderer> renderer_;
  int width_ = 0, height_ = 0;
  double sim_t_ = 0;  // seconds, for scripted input timestamps
  std::string shot_dir_ = ".";
  std::string script_dir_ = ".";  // relative file names in a scenario are read from here
  int failures_ = 0;
  std::set<std::string> seen_;  // every text drawn since the scenario began
};

}  // namespace app
