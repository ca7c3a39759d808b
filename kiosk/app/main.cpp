// kiosk: the service-hall touch kiosk. See --help.
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include <iostream>

#include "kiosk/app/app.h"
#include "kiosk/core/pin.h"

namespace {

constexpr const char* kHelp = R"(kiosk — the service-hall touch kiosk (局长科长坐窗口 · 好差评 · 办不成事)

usage: kiosk [options]

  --config FILE        TOML settings (every key: assets/config/kiosk.toml)
  --db FILE            SQLite database (overrides the config's "database")
  --assets DIR         assets folder (default: the source tree's assets/)
  --demo               load the demo data first: departments, windows, officials, items,
                       and a schedule with check-ins laid around today
  --reference FILE     apply a reference-data JSON file (sync/PROTOCOL.md) before starting
  --orientation O      portrait (1080x1920) or landscape (1920x1080)
  --size WxH           window or surface size in pixels
  --lang L             zh-CN or en
  --large              start in 大字模式 (large text)
  --now TIME           set the injected clock, e.g. 2026-11-28T09:30:00+08:00
  --window             a window instead of full screen (development)

Headless (no display needed; SDL's software renderer):
  --headless           run the normal event loop on SDL's offscreen video driver
  --script FILE        play a scenario (tests/scenarios/README.md); exit 1 if an expectation fails
  --tour DIR           render every screen (both orientations, both languages, normal and
                       大字模式) to PNG files in DIR
  --first-frame        exit after the first frame (for the start-up benchmark)
  --monkey SEED:EVENTS random input from SEED (taps, drags, keys, candidate picks, clock jumps,
                       long idles), checking after each event that nothing is stuck, lost or
                       unrenderable; exit 1 with the seed and event number on the first failure
  --trace              print "trace SECONDS SCREEN COUNTDOWN" whenever the screen or a countdown
                       changes (timing tests of the real loop)
  --control            read "tap WIDGET" and "quit" lines from standard input

Tools:
  --hash-pin           read a PIN (6-8 digits) from standard input and print its argon2id hash,
                       e.g. for operator_pin_hash in the config

At exit the kiosk prints how many characters it could not render.
)";

bool parse_size(const char* s, int& w, int& h) { return std::sscanf(s, "%dx%d", &w, &h) == 2 && w > 0 && h > 0; }

}  // namespace

int main(int argc, char** argv) {
  app::Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "kiosk: %s needs a value (see --help)\n", a.c_str());
        std::exit(2);
      }
      return argv[++i];
    };
    if (a == "--help" || a == "-h") {
      std::fputs(kHelp, stdout);
      return 0;
    }
    if (a == "--hash-pin") {
      std::string pin;
      std::getline(std::cin, pin);
      if (!core::valid_pin(pin)) {
        core::wipe(pin);
        std::fprintf(stderr, "kiosk: a PIN is 6 to 8 digits\n");
        return 2;
      }
      std::printf("%s\n", core::hash_pin(pin).c_str());
      core::wipe(pin);
      return 0;
    } else if (a == "--config") {
      o.config_path = value();
    } else if (a == "--db") {
      o.db_path = value();
    } else if (a == "--assets") {
      o.assets_dir = value();
    } else if (a == "--demo") {
      o.demo = true;
    } else if (a == "--reference") {
      o.reference_file = value();
    } else if (a == "--orientation") {
      o.orientation = value();
    } else if (a == "--size") {
      if (!parse_size(value().c_str(), o.width, o.height)) {
        std::fprintf(stderr, "kiosk: --size wants WIDTHxHEIGHT, e.g. 1080x1920\n");
        return 2;
      }
    } else if (a == "--lang") {
      o.language = value();
    } else if (a == "--large") {
      o.large = true;
    } else if (a == "--now") {
      o.now = value();
    } else if (a == "--window") {
      o.windowed = true;
    } else if (a == "--headless") {
      o.headless = true;
    } else if (a == "--script") {
      o.script = value();
    } else if (a == "--tour") {
      o.tour_dir = value();
    } else if (a == "--monkey") {
      const std::string v = value();
      unsigned long long seed = 0;
      int events = 0;
      if (std::sscanf(v.c_str(), "%llu:%d", &seed, &events) != 2 || events <= 0) {
        std::fprintf(stderr, "kiosk: --monkey wants SEED:EVENTS, e.g. 7:3000\n");
        return 2;
      }
      o.monkey_seed = seed;
      o.monkey_events = events;
    } else if (a == "--trace") {
      o.trace = true;
    } else if (a == "--control") {
      o.control = true;
    } else if (a == "--first-frame") {
      o.first_frame_only = true;
    } else {
      std::fprintf(stderr, "kiosk: unknown option %s (see --help)\n", a.c_str());
      return 2;
    }
  }
  try {
    app::App kiosk(o);
    if (!o.script.empty()) return kiosk.run_script_file(o.script);
    if (!o.tour_dir.empty()) return kiosk.run_tour(o.tour_dir);
    if (o.monkey_events > 0) return kiosk.run_monkey(o.monkey_seed, o.monkey_events);
    return kiosk.run_window();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "kiosk: %s\n", e.what());
    return 1;
  }
}
