#include "kiosk/app/app.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string_view>
#include <toml++/toml.h>

#include "kiosk/app/stdin_control.h"
#include "kiosk/app/stop_signals.h"
#include "kiosk/app/ui_queue.h"
#include "kiosk/ui/screens/home.h"
#include "sync/client/sync_worker.h"
#include "kiosk/core/seed.h"
#include "sync/common/installed_assets.h"
#include "sync/common/service_manager.h"

namespace app {

App::App(const Options& options) : options_(options) {
  if (!options.config_path.empty()) config_ = core::load_config(options.config_path);
  if (!options.db_path.empty()) config_.database = options.db_path;
  if (!options.orientation.empty()) config_.orientation = options.orientation;
  config_.hq.orientation = config_.orientation;  // what the status report tells HQ
  if (!options.language.empty()) config_.language = options.language;
  assets_ = !options.assets_dir.empty() ? options.assets_dir
            : !config_.assets_dir.empty() ? config_.assets_dir
                                          : common::installed_assets("hall-kiosk", KIOSK_ASSETS_DIR);

  std::optional<std::int64_t> start;
  if (!options.now.empty()) {
    start = core::parse_iso8601(options.now, config_.utc_offset_minutes);
    if (!start) throw std::runtime_error("--now must be an ISO time like 2026-11-28T09:30:00+08:00");
  }
  if (!options.script.empty() || !options.tour_dir.empty() || options.monkey_events > 0) {
    // Scenarios move time only when told to.
    auto clock = std::make_unique<core::ManualClock>(start.value_or(core::SystemClock().now()));
    manual_clock_ = clock.get();
    clock_ = std::move(clock);
  } else if (start) {
    clock_ = std::make_unique<core::OffsetClock>(*start);
  } else {
    clock_ = std::make_unique<core::SystemClock>();
  }

  // The store looks after its file: a damaged one is set aside (kept whole) for a fresh one, and a newer schema
  // or a full disk leave the board a copy in memory and the forms a 暂停服务 notice; the hall never goes dark.
  store_ = core::Store::open_for_kiosk(config_.database, *clock_);
  store_->set_utc_offset(config_.utc_offset_minutes);
  try {
    if (options.demo) core::seed_demo(*store_, assets_, clock_->now(), config_);
    if (!options.reference_file.empty()) core::apply_reference_file(*store_, options.reference_file);
  } catch (const core::StoreError& e) {
    if (store_->can_save()) throw;
    std::fprintf(stderr, "kiosk: %s\n", e.what());  // nothing can be saved now: the kiosk starts all the same
  }

  toml::table fonts_cfg;
  try {
    fonts_cfg = toml::parse_file(assets_ + "/fonts.toml");
  } catch (const toml::parse_error& e) {
    throw std::runtime_error("cannot read " + assets_ + "/fonts.toml: " + std::string(e.description()));
  }
  std::vector<std::string> fallbacks;
  if (const toml::array* list = fonts_cfg["fallback"].as_array())
    for (const auto& f : *list)
      if (auto path = f.value<std::string>()) fallbacks.push_back(*path);
  fonts_.open(fonts_cfg["regular"].value_or(std::string()), fonts_cfg["bold"].value_or(std::string()),
              fonts_cfg["face_index"].value_or(2), fallbacks);

  ImGui::CreateContext(fonts_.atlas());
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.LogFilename = nullptr;
  ui_ = std::make_unique<ui::Ui>(*store_, *clock_, config_, fonts_, assets_);
  if (options.large) ui_->set_large(true);
  maintain();

  const bool landscape = config_.orientation == "landscape";
  width_ = options.width > 0 ? options.width : (landscape ? 1920 : 1080);
  height_ = options.height > 0 ? options.height : (landscape ? 1080 : 1920);
}

App::~App() {
  renderer_.reset();
  ui_.reset();
  if (ImGui::GetCurrentContext()) ImGui::DestroyContext();
  if (surface_) SDL_FreeSurface(surface_);
  if (window_) SDL_DestroyWindow(window_);
  SDL_Quit();
}

void App::tend_storage() {
  // Idle: nobody on a screen but home for a while (a checkpoint then costs nobody a frame).
  const bool idle = ui_->screen() == ui::screens::home && ui_->idle_for() >= 20;
  if (store_->tend(idle)) ui_->reload_data();
}

void App::maintain() {
  try {
    // A check-out forgotten past the end of its half-day is closed and marked 未签退.
    if (store_->close_forgotten(clock_->now(), config_.hours, config_.min_sitting_hours) > 0) ui_->reload_data();
  } catch (const core::StoreError& e) {
    std::fprintf(stderr, "kiosk: %s\n", e.what());
  }
}

void App::render(float dt, bool raster) {
  ImGuiIO& io = ImGui::GetIO();
  io.DisplaySize = ImVec2(static_cast<float>(width_), static_cast<float>(height_));
  // Up to three passes: a pass that met new characters (or changed screen) is drawn again at once, so what
  // is shown never lacks a glyph and never mixes two screens.
  for (int pass = 0; pass < 3; ++pass) {
    if (fonts_.dirty()) {
      for (ImFontAtlas* atlas : fonts_.rebuild()) renderer_->upload_fonts(atlas);
      for (const auto& p : fonts_.take_patches()) renderer_->update_fonts(p.atlas, p.x, p.y, p.w, p.h, p.alpha.data());
    }
    io.DeltaTime = dt > 0 ? dt : 1.0f / 60;
    ImGui::NewFrame();
    try {
      ui_->frame(io.DisplaySize.x, io.DisplaySize.y, pass == 0 ? dt : 0.0f, pass > 0);
    } catch (const std::exception& e) {
      // Ui::frame catches what its screens throw; anything past it (the footer, a banner) still must not leave
      // ImGui's frame open, which would abort the next NewFrame() or the font atlas (issue 19, point 5).
      std::fprintf(stderr, "kiosk: a frame failed: %s\n", e.what());
    } catch (...) {
      ImGui::Render();
      throw;
    }
    ImGui::Render();
    if (!fonts_.dirty() && !ui_->wants_redo()) break;
  }
  if (surface_)
    for (const auto& t : ui_->texts()) seen_.insert(t.text);  // scenarios only: "expect seen"
  if (!raster) return;
  SDL_SetRenderDrawColor(renderer_->sdl(), 0xF2, 0xF4, 0xF7, 0xFF);
  SDL_RenderClear(renderer_->sdl());
  renderer_->draw(ImGui::GetDrawData());
}

int App::run_window() {
  // The runner keeps time on the kiosk's clock (elapsed(): real, monotonic), the one the screens' timers use.
  const double t0 = clock_->elapsed();
  const auto since_start = [&] { return clock_->elapsed() - t0; };
  UiQueue queue;
  bool running = true;
  // Before SDL and the sync worker start threads of their own, so that they all leave these signals to it.
  StopSignals stop_signals([&queue, &running](int) { queue.post([&running] { running = false; }); });
  SDL_SetHint(SDL_HINT_NO_SIGNAL_HANDLERS, "1");
  if (options_.headless) SDL_SetHint(SDL_HINT_VIDEODRIVER, "offscreen");
  const bool software = options_.headless || config_.renderer == "software";
  // Without this SDL backs even a software window with an OpenGL texture (llvmpipe: +100 MB, +100 ms). Under
  // Wayland (the cage session) there is no other way to show a software-drawn frame, so there it stays on.
  const char* driver = std::getenv("SDL_VIDEODRIVER");
  const bool wayland = driver ? std::string_view(driver) == "wayland" : std::getenv("WAYLAND_DISPLAY") != nullptr;
  if (software && !wayland) SDL_SetHint(SDL_HINT_FRAMEBUFFER_ACCELERATION, "0");
  if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS) != 0)
    throw std::runtime_error(std::string("cannot start the display: ") + SDL_GetError());
  Uint32 flags = SDL_WINDOW_SHOWN;
  if (!options_.windowed && !options_.headless) flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
  window_ = SDL_CreateWindow("政务服务大厅", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, width_, height_, flags);
  if (!window_) throw std::runtime_error(std::string("cannot open the window: ") + SDL_GetError());
  SDL_Renderer* r = SDL_CreateRenderer(window_, -1, software ? SDL_RENDERER_SOFTWARE : 0);
  if (!r) r = SDL_CreateRenderer(window_, -1, SDL_RENDERER_SOFTWARE);
  if (!r) throw std::runtime_error(std::string("cannot create a renderer: ") + SDL_GetError());
  renderer_ = std::make_unique<SdlRenderer>(r);
  SDL_GetRendererOutputSize(r, &width_, &height_);
  if (!options_.headless) SDL_ShowCursor(SDL_DISABLE);

  // Background sync when the config names an HQ; what it pulls reaches the screens through the queue.
  std::unique_ptr<sync_client::SyncWorker> sync;
  if (!config_.hq.url.empty()) {
    sync = std::make_unique<sync_client::SyncWorker>(config_.hq, config_.database,
                                                     [&queue, this] { queue.post([this] { ui_->reload_data(); }); });
    sync->storage_status = [this] { return store_->storage(); };
    sync->on_damage = [&queue, this] {
      queue.post([this] {
        store_->check_now();
        ui_->reload_data();
      });
    };
    sync->start();
    ui_->on_sync_now = [&sync, this] {
      sync->sync_now();
      ui_->toast(ui_->tr("operator.syncing"));
    };
    ui_->sync_status = [&sync] { return std::make_pair(sync->last_ok(), sync->last_error()); };
  }
  // Tests tap the running kiosk through standard input (`tap WIDGET`, `quit`).
  std::unique_ptr<StdinControl> control;
  if (options_.control)
    control = std::make_unique<StdinControl>([&queue, &running, this](std::string line) {
      queue.post([&running, this, line = std::move(line)] { control_command(line, running); });
    });
  std::uint64_t synced_revision = store_->revision();
  int frames_left = 1;  // render a few frames after each event, then sleep
  double last = clock_->elapsed();
  // When a timer of the screens (clock minute, idle countdown, thank-you) next changes what is shown.
  auto deadline = last;
  std::int64_t last_minute = clock_->now() / 60;
  double tended_at = last;
  std::string traced;
  bool first = true;
  int exit_status = 0;
  // Under systemd's watchdog the loop itself says "alive", so a hung loop gets the kiosk restarted.
  const double watchdog = common::watchdog_interval();
  double alive_at = 0;
  while (running) {
    if (watchdog > 0 && clock_->elapsed() >= alive_at) {
      common::service_alive();
      alive_at = clock_->elapsed() + watchdog;
    }
    int timeout_ms = 0;
    if (frames_left <= 0 && !ui_->animating()) {
      // Wake for the watchdog too: waiting out a whole deadline past alive_at left up to two intervals silent.
      const double wake = watchdog > 0 ? std::min(deadline, alive_at) : deadline;
      const double wait = wake - clock_->elapsed();
      timeout_ms = wait > 0 ? static_cast<int>(std::ceil(wait * 1000.0)) + 2 : 0;
    }
    SDL_Event e;
    bool woke = false;
    if (timeout_ms == 0) {
      woke = SDL_PollEvent(&e) != 0;
    } else if (options_.headless) {
      queue.wait(timeout_ms);
      woke = SDL_PollEvent(&e) != 0;
    } else {
      woke = SDL_WaitEventTimeout(&e, timeout_ms) != 0;
    }
    while (woke) {
      handle_event(e, queue, running);
      frames_left = 2;
      woke = SDL_PollEvent(&e) != 0;
    }
    if (sync && store_->revision() != synced_revision) {  // a new record: send it soon
      synced_revision = store_->revision();
      sync->sync_now();
    }
    // The storage every few seconds (every second while it cannot save: it recovers as soon as there is room).
    if (clock_->elapsed() - tended_at >= (store_->can_save() ? 5.0 : 1.0)) {
      tended_at = clock_->elapsed();
      const bool could = store_->can_save();
      tend_storage();
      if (store_->can_save() != could) frames_left = std::max(frames_left, 1);
    }
    if (const std::int64_t minute = clock_->now() / 60; minute != last_minute) {
      last_minute = minute;
      frames_left = std::max(frames_left, 1);
      maintain();
      // After an upgrade: restart into the new version, but only on the home screen with nobody at it.
      if (ui_->screen() == ui::screens::home && ui_->idle_for() >= 20 && binary_.replaced()) {
        std::printf("kiosk: a new version is installed; restarting from the home screen\n");
        std::fflush(stdout);
        exit_status = kExitRestart;
        running = false;
      }
    }
    if (ui_->quit_requested) running = false;
    const double now = clock_->elapsed();
    if (!running || (frames_left <= 0 && !ui_->animating() && now < deadline)) continue;
    const auto dt = static_cast<float>(now - last);
    last = now;
    render(dt);
    SDL_RenderPresent(r);
    --frames_left;
    // Never sooner than 4 ms: a timer that keeps saying "now" must not spin the loop.
    deadline = clock_->elapsed() + std::clamp(ui_->next_timer(), 0.004, watchdog > 0 ? std::min(watchdog, 60.0) : 60.0);
    if (options_.trace) {
      // One line whenever the screen or a countdown's number changes, timed on the kiosk's clock.
      const std::string state = std::string(ui::screen_name(ui_->screen())) + " " + std::to_string(ui_->shown_countdown);
      if (state != traced) {
        traced = state;
        std::printf("trace %.3f %s\n", since_start(), state.c_str());
        std::fflush(stdout);
      }
    }
    if (first) {
      first = false;
      common::service_ready();
      std::printf("first frame after %.1f ms (from SDL start)\n", since_start() * 1000.0);
      std::fflush(stdout);
      if (options_.first_frame_only) running = false;
    }
  }
  control.reset();
  ui_->on_sync_now = nullptr;  // they refer to the worker, which ends with this loop
  ui_->sync_status = nullptr;
  std::printf("characters that could not be rendered: %zu\n", fonts_.unrenderable());
  return exit_status;
}

void App::handle_event(const SDL_Event& e, UiQueue& queue, bool& running) {
  const double t = static_cast<double>(e.common.timestamp) / 1000.0;
  using Kind = ui::PointerEvent::Kind;
  switch (e.type) {
    case SDL_QUIT: running = false; break;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
      if (e.button.button == SDL_BUTTON_LEFT)
        ui_->input().push({e.type == SDL_MOUSEBUTTONDOWN ? Kind::down : Kind::up, static_cast<float>(e.button.x),
                           static_cast<float>(e.button.y), t});
      break;
    case SDL_MOUSEMOTION:
      if (e.motion.state & SDL_BUTTON_LMASK)
        ui_->input().push({Kind::move, static_cast<float>(e.motion.x), static_cast<float>(e.motion.y), t});
      break;
    case SDL_TEXTINPUT: ui_->input().push_text(e.text.text); break;
    case SDL_KEYDOWN:
      // Ctrl+Alt+Q leaves the kiosk on a developer's desktop (deploy/run.sh). Run as the hall's appliance, by
      // systemd, no key leaves it: only the operator screen's 退出, behind the operator PIN (issue 16;
      // tests/real_loop_timing.py).
      if (!common::under_service_manager() && e.key.keysym.sym == SDLK_q && (e.key.keysym.mod & KMOD_CTRL) &&
          (e.key.keysym.mod & KMOD_ALT))
        running = false;
      if (e.key.keysym.sym == SDLK_BACKSPACE) ui_->input().push_key(ui::Key::backspace);
      if (e.key.keysym.sym == SDLK_LEFT) ui_->input().push_key(ui::Key::left);
      if (e.key.keysym.sym == SDLK_RIGHT) ui_->input().push_key(ui::Key::right);
      if (e.key.keysym.sym == SDLK_RETURN || e.key.keysym.sym == SDLK_KP_ENTER) ui_->input().push_key(ui::Key::enter);
      break;
    case SDL_WINDOWEVENT:
      if (e.window.event == SDL_WINDOWEVENT_SIZE_CHANGED) SDL_GetRendererOutputSize(renderer_->sdl(), &width_, &height_);
      break;
    default:
      if (e.type == queue.event_type()) queue.drain();
      break;
  }
}

void App::control_command(const std::string& line, bool& running) {
  if (line == "quit") {
    running = false;
    return;
  }
  if (line.rfind("key ", 0) == 0) {  // "key ctrl+alt+q": that key pressed and let go, as the keyboard would
    std::string spec = line.substr(4);
    Uint16 mod = KMOD_NONE;
    for (auto plus = spec.find('+'); plus != std::string::npos && plus + 1 < spec.size(); plus = spec.find('+')) {
      const std::string m = spec.substr(0, plus);
      const int bit = m == "ctrl" ? KMOD_LCTRL : m == "alt" ? KMOD_LALT : m == "shift" ? KMOD_LSHIFT : m == "gui" ? KMOD_LGUI : 0;
      mod = static_cast<Uint16>(mod | bit);
      spec.erase(0, plus + 1);
    }
    const SDL_Keycode key = SDL_GetKeyFromName(spec.c_str());
    if (key == SDLK_UNKNOWN) {
      std::printf("control: no key \"%s\"\n", spec.c_str());
      std::fflush(stdout);
      return;
    }
    for (const Uint32 type : {SDL_KEYDOWN, SDL_KEYUP}) {
      SDL_Event e{};
      e.type = type;
      e.key.state = type == SDL_KEYDOWN ? SDL_PRESSED : SDL_RELEASED;
      e.key.keysym.sym = key;
      e.key.keysym.scancode = SDL_GetScancodeFromKey(key);
      e.key.keysym.mod = mod;
      e.key.timestamp = SDL_GetTicks();
      SDL_PushEvent(&e);
    }
    return;
  }
  if (line.rfind("tap ", 0) != 0) {
    std::printf("control: unknown command \"%s\" (tap WIDGET, key KEY, quit)\n", line.c_str());
    return;
  }
  const std::string id = line.substr(4);
  for (const auto& w : ui_->widgets())
    if (w.id == id) {
      const float x = (w.min.x + w.max.x) / 2, y = (w.min.y + w.max.y) / 2;
      const double t = static_cast<double>(SDL_GetTicks()) / 1000.0;
      ui_->input().push({ui::PointerEvent::Kind::down, x, y, t});
      ui_->input().push({ui::PointerEvent::Kind::up, x, y, t + 0.05});
      return;
    }
  std::printf("control: no widget \"%s\" on screen %s\n", id.c_str(), ui::screen_name(ui_->screen()));
  std::fflush(stdout);
}

void App::start_surface(int w, int h) {
  renderer_.reset();
  if (surface_) SDL_FreeSurface(surface_);
  width_ = w;
  height_ = h;
  surface_ = SDL_CreateRGBSurfaceWithFormat(0, w, h, 32, SDL_PIXELFORMAT_ARGB8888);
  if (!surface_) throw std::runtime_error(std::string("cannot create the screen surface: ") + SDL_GetError());
  SDL_Renderer* r = SDL_CreateSoftwareRenderer(surface_);
  if (!r) throw std::runtime_error(std::string("cannot create the software renderer: ") + SDL_GetError());
  renderer_ = std::make_unique<SdlRenderer>(r);
  // The atlas texture belongs to the old renderer: upload it again.
  if (fonts_.atlas()->Fonts.Size > 0) {
    fonts_.invalidate();
    for (ImFontAtlas* atlas : fonts_.rebuild()) renderer_->upload_fonts(atlas);
    fonts_.take_patches();  // whole uploads: nothing left to patch
  }
}

}  // namespace app
