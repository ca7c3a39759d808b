// The monkey: the real kiosk on the scenario surface, fed random input from a seed — taps anywhere on
// whatever is drawn, drags, double taps, long presses, the on-screen and a physical keyboard, candidate
// picks and pages, 中/英, language and 大字模式, clock jumps and long idles — checking after every event
// what must always hold. A failure prints its seed and event number; the same seed replays it exactly.
#include <unistd.h>

#include <cinttypes>
#include <csignal>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>

#include "kiosk/app/app.h"
#include "kiosk/ui/screens/home.h"
#include "kiosk/ui/screens/rate.h"
#include "kiosk/ui/screens/report.h"
#include "kiosk/ui/screens/staff.h"

namespace app {
namespace {

constexpr float kFrame = 1.0f / 60;

// Which seed and event were running when the process died: said by a signal handler (async-signal-safe).
char g_dying[160];
volatile sig_atomic_t g_event = 0;

void say_died(int sig) {
  char line[240];
  std::size_t n = 0;
  for (const char* p = g_dying; *p && n < 150; ++p) line[n++] = *p;
  char digits[16];
  int k = 0;
  for (int e = g_event; k == 0 || e > 0; e /= 10) digits[k++] = static_cast<char>('0' + e % 10);
  for (const char* p = " at event "; *p;) line[n++] = *p++;
  while (k > 0) line[n++] = digits[--k];
  line[n++] = '\n';
  [[maybe_unused]] const ssize_t w = write(STDOUT_FILENO, line, n);
  signal(sig, SIG_DFL);
  raise(sig);
}

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// Widgets that lead out of a screen, tried in this order when the monkey checks there is a way home.
constexpr const char* kWaysOut[] = {"nav.home", "nav.back", "kb.done", "phone.pad.ok", "idle.stay"};

bool leads_out(const std::string& id) {
  for (const char* out : kWaysOut)
    if (id == out) return true;
  return false;
}

}  // namespace

int App::run_monkey(std::uint64_t seed, int events) {
  if (SDL_Init(SDL_INIT_EVENTS) != 0) {
    std::fprintf(stderr, "kiosk: cannot start SDL: %s\n", SDL_GetError());
    return 2;
  }
  std::printf("monkey seed %" PRIu64 ": %d events, %dx%d\n", seed, events, width_, height_);
  std::fflush(stdout);
  std::snprintf(g_dying, sizeof g_dying, "monkey seed %" PRIu64 " DIED (replay: kiosk --demo --monkey %" PRIu64 ":%d --size %dx%d)",
                seed, seed, events, width_, height_);
  for (int sig : {SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL}) signal(sig, say_died);
  start_surface(width_, height_);
  std::mt19937_64 rng(seed);
  auto uniform = [&](double a, double b) { return std::uniform_real_distribution<double>(a, b)(rng); };
  auto chance = [&](double p) { return uniform(0, 1) < p; };
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(std::uniform_int_distribution<std::size_t>(0, n - 1)(rng)); };
  using Kind = ui::PointerEvent::Kind;
  int event = 0;
  std::string failure;
  auto fail = [&](const std::string& what) {
    if (failure.empty())
      failure = "event " + std::to_string(event) + " on screen " + ui::screen_name(ui_->screen()) + ": " + what;
  };
  // A few frames, as the runner draws after input. The first frame of each screen visit and every 40th are
  // painted too, so every screen's drawing is exercised without spending the run in the software rasteriser.
  int frame_no = 0;
  ui::Screen painted = ui::screens::thanks;
  auto frames = [&](int n) {
    for (int i = 0; i < n; ++i) {
      sim_t_ += kFrame;
      const bool paint = ++frame_no % 40 == 0 || ui_->screen() != painted;
      painted = ui_->screen();
      render(kFrame, paint);
      if (ui_->quit_requested) ui_->quit_requested = false;  // 退出 on the operator screen: the monkey stays
      if (!ui_->animating() && !ui_->input().pending() && i >= 1) break;
    }
  };
  auto point_in = [&](const ui::Widget& w) {
    return ImVec2(static_cast<float>(uniform(w.min.x, std::max(w.min.x + 1, w.max.x))),
                  static_cast<float>(uniform(w.min.y, std::max(w.min.y + 1, w.max.y))));
  };
  const bool verbose = std::getenv("KIOSK_MONKEY_VERBOSE") != nullptr;  // each event, for a replay
  auto tap_at = [&](ImVec2 p, double hold) {
    if (verbose) std::printf("  %d %s: tap %.0f,%.0f for %.2f s\n", event, ui::screen_name(ui_->screen()), p.x, p.y, hold);
    ui_->input().push({Kind::down, p.x, p.y, sim_t_});
    if (hold > kFrame) frames(1);
    ui_->input().push({Kind::up, p.x, p.y, sim_t_ + hold});
    sim_t_ += hold;
    frames(12);
  };
  auto find = [&](const std::string& id) -> const ui::Widget* {
    for (const auto& w : ui_->widgets())
      if (w.id == id) return &w;
    return nullptr;
  };
  // Waits on the manual clock a second at a time; the screen must reach home by the configured idle time
  // (plus the one second of this step), and not before it unless the screen returns home by itself.
  auto long_idle = [&] {
    const ui::Screen from = ui_->screen();
    if (from == ui::screens::home) return;
    const int limit = config_.idle_timeout_seconds + 1;
    for (int s = 1; s <= limit; ++s) {
      manual_clock_->advance(1);
      sim_t_ += 1;
      if (manual_clock_->now() % 60 == 0) maintain();
      frames(1);
      if (ui_->screen() == ui::screens::home) {
        if (s < config_.idle_timeout_seconds - 1 && from != ui::screens::thanks && from != ui::screens::report_receipt)
          fail("went home after " + std::to_string(s) + " s idle, before the configured " +
               std::to_string(config_.idle_timeout_seconds) + " s");
        return;
      }
    }
    fail(std::string("still on ") + ui::screen_name(ui_->screen()) + " after " + std::to_string(limit) + " s idle");
  };
  // Taps what leads out until home: a screen without such a way is a trap for the next visitor.
  auto way_home = [&] {
    for (int step = 0; step < 12 && ui_->screen() != ui::screens::home; ++step) {
      const ui::Widget* out = nullptr;
      for (const char* id : kWaysOut)
        if (!out) out = find(id);
      if (!out) {
        std::string ids;
        for (const auto& w : ui_->widgets()) ids += " " + w.id;
        fail("no way home; on screen:" + ids);
        return;
      }
      sim_t_ += 0.4;
      tap_at(ImVec2((out->min.x + out->max.x) / 2, (out->min.y + out->max.y) / 2), 0.05);
    }
    if (ui_->screen() != ui::screens::home) {
      std::string ids;
      for (const auto& w : ui_->widgets())
        ids += " " + w.id + "(" + std::to_string(static_cast<int>(w.min.x)) + "," + std::to_string(static_cast<int>(w.min.y)) +
               "-" + std::to_string(static_cast<int>(w.max.x)) + "," + std::to_string(static_cast<int>(w.max.y)) + ")";
      fail("twelve taps on back, done and home did not lead home; on screen:" + ids);
    }
  };
  auto check_db = [&] {
    if (const auto ok = store_->quick_check(); ok != "ok") fail("database check: " + ok);
    // Every record has its outbox row and every outbox row its record: nothing half-written.
    if (const auto bad = store_->half_written(); !bad.empty()) fail("half-written record: " + bad);
  };

  frames(3);
  static const char* const kTexts[] = {"a", "zhong", "ni", "hao", "'", " ", "1", "。", "中", "𫖯", "😀", "\t"};
  for (event = 0; event < events && failure.empty(); ++event) {
    g_event = event;
    sim_t_ += chance(0.3) ? uniform(0.01, 0.3) : uniform(0.3, 2.0);
    const auto& ws = ui_->widgets();
    const double r = uniform(0, 1);
    if (ws.empty() || r < 0.01) {
      long_idle();
    } else if (r < 0.04) {
      way_home();
    } else if (r < 0.06) {
      // The wall clock jumps (NTP, a new half-day, midnight): an hour, a day, or back.
      static const std::int64_t kJumps[] = {-86400, -3600, -61, 59, 600, 3600, 4 * 3600, 86400, 3 * 86400};
      manual_clock_->set(manual_clock_->now() + kJumps[pick(std::size(kJumps))]);
      maintain();
      ui_->reload_data();
      frames(2);
    } else if (r < 0.09) {
      // A physical keyboard: letters, editing keys, and text no on-screen key gives.
      if (chance(0.5))
        ui_->input().push_text(std::string(1, static_cast<char>('a' + pick(26))));
      else if (chance(0.5))
        ui_->input().push_text(kTexts[pick(std::size(kTexts))]);
      else
        ui_->input().push_key(static_cast<ui::Key>(pick(4)));
      frames(3);
    } else if (r < 0.12) {
      // A drag from anywhere on screen, some short enough to stay a tap, some flings.
      const ImVec2 p = point_in(ws[pick(ws.size())]);
      const float dx = static_cast<float>(uniform(-400, 400)), dy = static_cast<float>(uniform(-900, 900));
      const int steps = 1 + static_cast<int>(pick(10));
      ui_->input().push({Kind::down, p.x, p.y, sim_t_});
      for (int i = 1; i <= steps; ++i) {
        sim_t_ += kFrame;
        const float f = static_cast<float>(i) / static_cast<float>(steps);
        ui_->input().push({Kind::move, p.x + dx * f, p.y + dy * f, sim_t_});
        frames(1);
      }
      ui_->input().push({Kind::up, p.x + dx, p.y + dy, sim_t_ + (chance(0.5) ? 0.01 : 0.2)});
      frames(30);
    } else if (r < 0.14) {
      const ImVec2 p = point_in(ws[pick(ws.size())]);
      ui_->input().push({Kind::down, p.x, p.y, sim_t_});
      ui_->input().push({Kind::up, p.x, p.y, sim_t_ + 0.04});
      ui_->input().push({Kind::down, p.x + 3, p.y + 2, sim_t_ + 0.15});
      ui_->input().push({Kind::up, p.x + 3, p.y + 2, sim_t_ + 0.2});
      sim_t_ += 0.2;
      frames(12);
    } else if (r < 0.15) {
      const ImVec2 p = point_in(ws[pick(ws.size())]);
      ui_->input().push({Kind::down, p.x, p.y, sim_t_});
      for (int i = 0; i < 70; ++i) frames(1);
      ui_->input().push({Kind::up, p.x, p.y, sim_t_ + 0.01});
      frames(6);
    } else {
      // A tap. Where a keyboard or keypad is up, mostly on its keys and candidates, as a person typing.
      std::vector<const ui::Widget*> keys, cands;
      for (const auto& w : ws) {
        if (starts_with(w.id, "kb.key.") || starts_with(w.id, "kb.sym.") || w.id.find(".pad.") != std::string::npos ||
            w.id == "kb.space" || w.id == "kb.backspace")
          keys.push_back(&w);
        if (starts_with(w.id, "kb.cand.") || starts_with(w.id, "kb.pred.")) cands.push_back(&w);
      }
      const ui::Widget* target = &ws[pick(ws.size())];
      if (!cands.empty() && chance(0.35))
        target = cands[pick(cands.size())];
      else if (!keys.empty() && chance(0.6))
        target = keys[pick(keys.size())];
      if (leads_out(target->id) && chance(0.5)) target = &ws[pick(ws.size())];  // explore more than leave
      // The right PIN now and then, so the staff screens behind it are reached too (demo PINs: 2024NN).
      if (ui_->screen() == ui::screens::staff_pin && chance(0.1) && ui::staff(*ui_).official_id.size() == 3) {
        for (char c : "2024" + ui::staff(*ui_).official_id.substr(1))
          if (const ui::Widget* k = find("pin.pad." + std::string(1, c))) tap_at(point_in(*k), 0.03);
        continue;
      }
      tap_at(point_in(*target), chance(0.8) ? uniform(0.01, 0.15) : uniform(0.15, 0.6));
    }
    if (fonts_.unrenderable() > 0) fail("a character could not be rendered");
    if (ui_->missing_strings() > 0) fail("a string key is missing from assets/i18n");
    if (event % 500 == 499) check_db();
  }
  if (failure.empty()) way_home();
  if (failure.empty()) check_db();
  const std::string records = [&] {
    const auto n = store_->outbox().counts(0);
    return std::to_string(n.pending + n.sent + n.parked);
  }();
  if (!failure.empty()) {
    std::printf("monkey seed %" PRIu64 " FAILED at %s\n  replay: kiosk --demo --monkey %" PRIu64 ":%d --size %dx%d\n",
                seed, failure.c_str(), seed, events, width_, height_);
    return 1;
  }
  std::printf("monkey seed %" PRIu64 ": passed, %d events, %s records written, characters that could not be rendered: %zu\n",
              seed, events, records.c_str(), fonts_.unrenderable());
  return 0;
}

}  // namespace app
