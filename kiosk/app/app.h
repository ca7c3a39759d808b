#pragma once
// The kiosk application: config, store, fonts, screens, and the loops that drive them —
// an event-driven loop on a window, or a scenario player on an in-memory software surface.
#include <SDL.h>

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <optional>
#include <string>

#include "kiosk/app/binary_watch.h"
#include "kiosk/app/render_sdl.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/config.h"
#include "kiosk/core/store.h"
#include "kiosk/ui/fonts.h"
#include "kiosk/ui/ui.h"

namespace app {

class UiQueue;

// The exit status after which the kiosk wants to be started again (a new version was installed): the
// service restarts on it; the operator's "leave" exits 0, which it does not restart on.
constexpr int kExitRestart = 75;

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
  std::uint64_t monkey_seed = 0;
  int monkey_events = 0;  // > 0: run the monkey (--monkey SEED:EVENTS)
  bool trace = false;    // print a line whenever the screen or a countdown changes (real-loop tests)
  bool control = false;  // take `tap WIDGET` / `quit` lines from standard input (real-loop tests)
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
  // Random input from a seed, checking after each event what must always hold (kiosk/app/monkey.cpp).
  int run_monkey(std::uint64_t seed, int events);

 private:
  void start_surface(int w, int h);
  void handle_event(const SDL_Event& e, UiQueue& queue, bool& running);
  void control_command(const std::string& line, bool& running);
  // Draws one frame; when the frame met characters new to the atlas, rebuilds it and draws again.
  // raster = false builds the frame (widgets, texts, atlas) without painting pixels (the monkey, mostly).
  void render(float dt, bool raster = true);
  bool step(const std::string& line, int line_no, const std::string& name);
  // Once a minute: housekeeping that depends on the clock.
  void maintain();
  void settle();

  const BinaryWatch binary_;  // first: it notes the file started from before anything else runs
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
  std::map<std::string, std::pair<ImVec2, ImVec2>> remembered_;  // widget rects by name ("remember")
};

}  // namespace app
