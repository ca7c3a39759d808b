// The scenario player: the same application on an in-memory software surface, driven line by line.
// The language is documented in tests/scenarios/README.md.
#include <imgui.h>
#include "sync/common/read_text.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>
#include <cmath>  // fabs, for "expect rect"
#include <cstdlib>
#include <sys/stat.h>
#include <unistd.h>

#include "kiosk/app/app.h"
#include "kiosk/app/png.h"
#include "kiosk/core/seed.h"
#include "kiosk/core/utf8.h"

namespace app {
namespace {

constexpr float kFrame = 1.0f / 60;

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  std::string w;
  while (in >> w) out.push_back(w);
  return out;
}

// The rest of the line after the first n words.
std::string rest_after(const std::string& line, int n) {
  std::size_t pos = 0;
  for (int i = 0; i < n; ++i) {
    pos = line.find_first_not_of(" \t", pos);
    pos = line.find_first_of(" \t", pos);
    if (pos == std::string::npos) return {};
  }
  pos = line.find_first_not_of(" \t", pos);
  return pos == std::string::npos ? std::string() : line.substr(pos);
}

const ui::Widget* find_widget(const ui::Ui& u, const std::string& id) {
  for (const auto& w : u.widgets())
    if (w.id == id) return &w;
  return nullptr;
}

long rss_kb() {
  std::ifstream in("/proc/self/status");
  std::string key;
  long value = 0;
  while (in >> key) {
    if (key == "VmRSS:") {
      in >> value;
      return value;
    }
    in.ignore(1 << 12, '\n');
  }
  return -1;
}

}  // namespace

void App::settle() {
  // Draw until nothing moves (bounded: ten simulated seconds).
  for (int i = 0; i < 600; ++i) {
    sim_t_ += kFrame;
    render(kFrame);
    if (!ui_->animating() && !ui_->input().pending()) break;
  }
}

int App::run_script_file(const std::string& path) {
  const auto text = common::read_text(path);
  if (!text) {
    std::fprintf(stderr, "kiosk: cannot read scenario %s\n", path.c_str());
    return 2;
  }
  const auto slash = path.find_last_of('/');
  if (slash != std::string::npos) script_dir_ = path.substr(0, slash);
  return run_script(*text, path);
}

int App::run_script(const std::string& text, const std::string& name) {
  if (SDL_Init(SDL_INIT_EVENTS) != 0) {
    std::fprintf(stderr, "kiosk: cannot start SDL: %s\n", SDL_GetError());
    return 2;
  }
  start_surface(width_, height_);
  settle();
  std::istringstream in(text);
  std::string line;
  int line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    const auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos || line[first] == '#') continue;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    try {
      if (!step(line.substr(first), line_no, name)) ++failures_;
    } catch (const std::exception& e) {
      std::fprintf(stderr, "%s:%d: %s\n", name.c_str(), line_no, e.what());
      ++failures_;
    }
  }
  std::printf("characters that could not be rendered: %zu\n", fonts_.unrenderable());
  if (ui_->missing_strings() > 0) {
    std::fprintf(stderr, "%s: %zu string key(s) missing from assets/i18n\n", name.c_str(), ui_->missing_strings());
    ++failures_;
  }
  std::printf("%s: %s (%d failed)\n", name.c_str(), failures_ == 0 ? "passed" : "FAILED", failures_);
  return failures_ == 0 ? 0 : 1;
}

bool App::step(const std::string& line, int line_no, const std::string& name) {
  const auto w = split(line);
  const std::string& cmd = w[0];
  auto fail = [&](const std::string& msg) {
    std::fprintf(stderr, "%s:%d: %s\n  on screen %s\n", name.c_str(), line_no, msg.c_str(),
                 ui::screen_name(ui_->screen()));
    return false;
  };
  auto need = [&](std::size_t n) {
    if (w.size() < n + 1) throw std::runtime_error("\"" + cmd + "\" needs " + std::to_string(n) + " argument(s)");
  };
  auto widget_centre = [&](const std::string& id) -> std::optional<ImVec2> {
    const ui::Widget* wd = find_widget(*ui_, id);
    if (!wd) return std::nullopt;
    return ImVec2((wd->min.x + wd->max.x) / 2, (wd->min.y + wd->max.y) / 2);
  };
  using Kind = ui::PointerEvent::Kind;
  // A person pauses between deliberate touches; quicker ones on a new screen's same spot count as a double tap.
  if (cmd == "tap" || cmd == "long-press" || cmd == "double-tap" || cmd == "drag" || cmd == "scroll-to" ||
      cmd == "type" || cmd == "measure-key")
    sim_t_ += 0.35;

  if (cmd == "double-tap") {
    // Two quick taps on the same spot, as an impatient finger gives them.
    need(1);
    const auto c = widget_centre(w[1]);
    if (!c) return fail("no widget \"" + w[1] + "\" to tap");
    for (int i = 0; i < 2; ++i) {
      ui_->input().push({Kind::down, c->x, c->y, sim_t_ + 0.12 * i});
      ui_->input().push({Kind::up, c->x, c->y, sim_t_ + 0.12 * i + 0.05});
    }
    settle();
  } else if (cmd == "tap" || cmd == "long-press") {
    need(1);
    const auto c = widget_centre(w[1]);
    if (!c) return fail("no widget \"" + w[1] + "\" to tap");
    ui_->input().push({Kind::down, c->x, c->y, sim_t_});
    if (cmd == "long-press") {
      for (int i = 0; i < 70; ++i) {
        sim_t_ += kFrame;
        render(kFrame);
      }
    }
    // A quick tap: down and up land before the next frame; the input queue must still see both.
    ui_->input().push({Kind::up, c->x, c->y, sim_t_ + 0.01});
    settle();
  } else if (cmd == "scroll-to") {
    // Drags a list up (then down) until a widget is on screen, as a person looking for a row would.
    need(2);
    for (int i = 0; i < 40 && !find_widget(*ui_, w[1]); ++i) {
      const auto c = widget_centre(w[2]);
      if (!c) return fail("no list \"" + w[2] + "\" to scroll");
      const float dy = i < 20 ? -250.0f : 250.0f;
      ui_->input().push({Kind::down, c->x, c->y, sim_t_});
      render(kFrame);
      for (int k = 1; k <= 6; ++k) {
        sim_t_ += kFrame;
        ui_->input().push({Kind::move, c->x, c->y + dy * static_cast<float>(k) / 6, sim_t_});
        render(kFrame);
      }
      sim_t_ += 0.3;  // rest before lifting: no fling
      ui_->input().push({Kind::up, c->x, c->y + dy, sim_t_});
      settle();
    }
    if (!find_widget(*ui_, w[1])) return fail("\"" + w[1] + "\" is nowhere in \"" + w[2] + "\"");
  } else if (cmd == "drag") {
    need(3);
    const auto c = widget_centre(w[1]);
    if (!c) return fail("no widget \"" + w[1] + "\" to drag");
    const float dx = std::stof(w[2]), dy = std::stof(w[3]);
    ui_->input().push({Kind::down, c->x, c->y, sim_t_});
    render(kFrame);
    constexpr int kSteps = 12;
    for (int i = 1; i <= kSteps; ++i) {
      sim_t_ += kFrame;
      const float f = static_cast<float>(i) / kSteps;
      ui_->input().push({Kind::move, c->x + dx * f, c->y + dy * f, sim_t_});
      render(kFrame);
    }
    ui_->input().push({Kind::up, c->x + dx, c->y + dy, sim_t_ + 0.005});
    settle();
  } else if (cmd == "type") {
    // Taps the on-screen keys for each character (letters, digits, symbols, space).
    const std::string text = rest_after(line, 1);
    std::size_t pos = 0;
    while (pos < text.size()) {
      const std::size_t start = pos;
      core::next_codepoint(text, pos);
      const std::string ch = text.substr(start, pos - start);
      std::string id = ch == " " ? "kb.space" : "kb.key." + ch;
      if (!find_widget(*ui_, id)) id = "kb.sym." + ch;
      if (!find_widget(*ui_, id))
        for (const auto& wd : ui_->widgets())
          if (wd.id.size() > ch.size() + 5 && wd.id.compare(wd.id.size() - ch.size() - 5, std::string::npos, ".pad." + ch) == 0)
            id = wd.id;
      const auto c = widget_centre(id);
      if (!c) return fail("no key for \"" + ch + "\" on screen");
      ui_->input().push({Kind::down, c->x, c->y, sim_t_});
      ui_->input().push({Kind::up, c->x, c->y, sim_t_ + 0.01});
      settle();
    }
  } else if (cmd == "keys") {
    // A physical keyboard: text as typed on it; \b is backspace, \n is enter.
    std::string text = rest_after(line, 1);
    for (std::size_t at; (at = text.find("\\b")) != std::string::npos;) text.replace(at, 2, "\b");
    for (std::size_t at; (at = text.find("\\n")) != std::string::npos;) text.replace(at, 2, "\n");
    for (char c : text) {
      if (c == '\b')
        ui_->input().push_key(ui::Key::backspace);
      else if (c == '\n')
        ui_->input().push_key(ui::Key::enter);
      else
        ui_->input().push_text(std::string(1, c));
      render(kFrame);
    }
    settle();
  } else if (cmd == "measure-key") {
    // For the benchmark: the time of the one frame that handles a key's release (pinyin, candidates, and any
    // atlas rebuild for new glyphs included).
    need(1);
    const auto c = widget_centre(w[1]);
    if (!c) return fail("no widget \"" + w[1] + "\"");
    ui_->input().push({Kind::down, c->x, c->y, sim_t_});
    render(kFrame);
    ui_->input().push({Kind::up, c->x, c->y, sim_t_ + 0.01});
    const std::size_t glyphs = fonts_.glyph_count();
    // Real time spent (the scenario's own clock stands still).
    const double t0 = common::system_clock().elapsed();
    render(kFrame);
    const double ms = (common::system_clock().elapsed() - t0) * 1000.0;
    std::printf("key %s: %.2f ms%s\n", w[1].c_str(), ms, fonts_.glyph_count() != glyphs ? " (new glyphs)" : "");
    settle();
  } else if (cmd == "now") {
    need(1);
    const auto t = core::parse_iso8601(w[1], config_.utc_offset_minutes);
    if (!t) throw std::runtime_error("not an ISO time: " + w[1]);
    // Forward, the time passes (idle timers run out); backward, only the wall clock is set.
    if (*t > manual_clock_->now())
      manual_clock_->advance(*t - manual_clock_->now());
    else
      manual_clock_->set(*t);
    maintain();
    ui_->reload_data();
    settle();
  } else if (cmd == "wait") {
    need(1);
    const int seconds = std::stoi(w[1]);
    for (int i = 0; i < seconds; ++i) {
      manual_clock_->advance(1);
      sim_t_ += 1;
      if (manual_clock_->now() % 60 == 0) maintain();
      tend_storage();
      render(kFrame);
    }
    settle();
  } else if (cmd == "wait-gone") {
    // Real time, up to 60 s, until FILE is gone (a test script frees the disk, then the scenario goes on).
    need(1);
    const double until = common::system_clock().elapsed() + 60;
    struct stat st {};
    while (::stat(w[1].c_str(), &st) == 0) {
      if (common::system_clock().elapsed() > until) return fail("still there after 60 s: " + w[1]);
      ::usleep(50 * 1000);
    }
  } else if (cmd == "exit-now") {
    // A power cut or kill -9 as the database sees it: the process ends with its connection open (no checkpoint,
    // the WAL stays as it is).
    std::fflush(stdout);
    std::fflush(stderr);
    std::_Exit(failures_ > 0 ? 1 : 0);
  } else if (cmd == "size") {
    need(2);
    start_surface(std::stoi(w[1]), std::stoi(w[2]));
    settle();
  } else if (cmd == "lang") {
    need(1);
    ui_->set_language(w[1]);
    settle();
  } else if (cmd == "large") {
    need(1);
    ui_->set_large(w[1] == "on");
    settle();
  } else if (cmd == "reference") {
    need(1);
    core::apply_reference_file(*store_, w[1].front() == '/' ? w[1] : script_dir_ + "/" + w[1]);
    ui_->reload_data();
    settle();
  } else if (cmd == "checkin" || cmd == "checkout") {
    // Stands in for the staff screens of a later issue: a check-in or -out recorded in the store.
    need(1);
    const auto now = core::to_civil(clock_->now(), config_.utc_offset_minutes);
    bool done = false;
    for (const auto& e : store_->schedule(now.date(), now.date())) {
      if (e.official_id != w[1] || e.half != ui_->current_half()) continue;
      if (cmd == "checkin") {
        store_->check_in({e.official_id, e.window_id, e.id, e.date, e.half, clock_->now(), std::nullopt});
      } else {
        for (const auto& s : store_->sittings(now.date(), now.date()))
          if (s.official_id == w[1] && !s.checkout_at) store_->check_out(s.uuid, clock_->now());
      }
      done = true;
    }
    if (!done) return fail("\"" + w[1] + "\" is not scheduled this half-day");
    settle();
  } else if (cmd == "sh") {
    // Test set-up from inside a scenario (e.g. filling the disk the database is on, tests/run_scenario.sh):
    // the rest of the line runs under /bin/sh with $KIOSK_DB naming the database; a failure fails the step.
    need(1);
    setenv("KIOSK_DB", config_.database.c_str(), 1);
    const int rc = std::system(line.substr(line.find("sh") + 2).c_str());
    if (rc != 0) return fail("sh: the command ended with status " + std::to_string(rc));
    settle();
  } else if (cmd == "screenshot") {
    need(1);
    const std::string path = w[1].front() == '/' ? w[1] : shot_dir_ + "/" + w[1];
    render(0);
    if (!save_png(renderer_->sdl(), width_, height_, path)) return fail("screenshot failed");
    std::printf("screenshot %s\n", path.c_str());
  } else if (cmd == "shots") {
    need(1);
    shot_dir_ = w[1];
    std::error_code ec;  // parents too: a fresh build folder has no screenshots/ yet
    std::filesystem::create_directories(shot_dir_, ec);
  } else if (cmd == "widgets") {
    // Lists what can be tapped now, with its centre: for writing scenarios, or for xdotool under Xvfb.
    for (const auto& wd : ui_->widgets())
      std::printf("widget %s %d %d\n", wd.id.c_str(), static_cast<int>((wd.min.x + wd.max.x) / 2),
                  static_cast<int>((wd.min.y + wd.max.y) / 2));
  } else if (cmd == "remember") {
    // remember ID NAME: keeps where widget ID is now, to compare with later ("expect rect").
    need(2);
    const ui::Widget* wd = find_widget(*ui_, w[1]);
    if (!wd) return fail("no widget \"" + w[1] + "\" to remember");
    remembered_[w[2]] = {wd->min, wd->max};
  } else if (cmd == "memory") {
    std::printf("resident memory: %.1f MB\n", static_cast<double>(rss_kb()) / 1024.0);
  } else if (cmd == "expect") {
    need(2);
    const std::string& what = w[1];
    if (what == "screen") {
      if (w[2] != ui::screen_name(ui_->screen())) return fail("expected screen " + w[2]);
    } else if (what == "widget" || what == "no-widget") {
      const bool present = find_widget(*ui_, w[2]) != nullptr;
      if (present != (what == "widget")) return fail("expected " + what + " " + w[2]);
    } else if (what == "text" || what == "no-text") {
      const std::string needle = rest_after(line, 2);
      bool found = false;
      for (const auto& t : ui_->texts()) found = found || t.text.find(needle) != std::string::npos;
      if (found != (what == "text")) return fail("expected " + what + " \"" + needle + "\"");
    } else if (what == "seen") {
      // Drawn at some moment of the scenario (for lists longer than a screen).
      const std::string needle = rest_after(line, 2);
      bool found = false;
      for (const auto& t : seen_) found = found || t.find(needle) != std::string::npos;
      if (!found) return fail("expected to have seen \"" + needle + "\"");
    } else if (what == "db") {
      // expect db <SQL> => <value>
      const std::string rest = rest_after(line, 2);
      const auto arrow = rest.rfind("=>");
      if (arrow == std::string::npos) throw std::runtime_error("expect db needs \"=> value\"");
      std::string sql = rest.substr(0, arrow), want = rest.substr(arrow + 2);
      while (!sql.empty() && sql.back() == ' ') sql.pop_back();
      want.erase(0, want.find_first_not_of(' '));
      const auto got = store_->query_text(sql).value_or("NULL");
      if (got != want) return fail("database: " + sql + " gave " + got + ", expected " + want);
    } else if (what == "rect") {
      // expect rect ID NAME: widget ID is exactly where the widget remembered as NAME was.
      need(3);
      const ui::Widget* wd = find_widget(*ui_, w[2]);
      if (!wd) return fail("no widget \"" + w[2] + "\"");
      const auto it = remembered_.find(w[3]);
      if (it == remembered_.end()) throw std::runtime_error("nothing remembered as \"" + w[3] + "\"");
      auto near = [](ImVec2 a, ImVec2 b) { return std::fabs(a.x - b.x) < 0.5f && std::fabs(a.y - b.y) < 0.5f; };
      if (!near(wd->min, it->second.first) || !near(wd->max, it->second.second)) {
        char msg[256];
        std::snprintf(msg, sizeof msg, "%s is at (%.0f,%.0f)-(%.0f,%.0f), %s was at (%.0f,%.0f)-(%.0f,%.0f)", w[2].c_str(),
                      wd->min.x, wd->min.y, wd->max.x, wd->max.y, w[3].c_str(), it->second.first.x,
                      it->second.first.y, it->second.second.x, it->second.second.y);
        return fail(msg);
      }
    } else if (what == "height-below") {
      // expect height-below ID PX: widget ID is less than PX pixels tall (e.g. a one-line field).
      need(3);
      const ui::Widget* wd = find_widget(*ui_, w[2]);
      if (!wd) return fail("no widget \"" + w[2] + "\"");
      if (wd->max.y - wd->min.y >= std::stof(w[3]))
        return fail(w[2] + " is " + std::to_string(static_cast<int>(wd->max.y - wd->min.y)) + " px tall");
    } else if (what == "storage") {
      need(2);
      const std::string state = protocol::to_string(store_->storage().state);
      if (state != w[2]) return fail("expected storage " + w[2] + ", it is " + state + " (" + store_->storage().detail + ")");
    } else if (what == "unrenderable") {
      if (std::to_string(fonts_.unrenderable()) != w[2])
        return fail("unrenderable characters: " + std::to_string(fonts_.unrenderable()) + ", expected " + w[2]);
    } else {
      throw std::runtime_error("unknown expectation \"" + what + "\"");
    }
  } else {
    throw std::runtime_error("unknown command \"" + cmd + "\"");
  }
  return true;
}

int App::run_tour(const std::string& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  // Pick someone on duty now for the card.
  std::string someone;
  const std::string today = core::to_civil(clock_->now(), config_.utc_offset_minutes).date();
  for (const auto& r : core::load_duty(*store_, today, today))
    if (r.status == core::DutyStatus::on_duty && someone.empty()) someone = r.official.id;
  std::ostringstream s;
  s << "shots " << dir << "\n";
  for (const char* orient : {"portrait", "landscape"}) {
    s << (std::string(orient) == "portrait" ? "size 1080 1920\n" : "size 1920 1080\n");
    for (const char* lang : {"zh-CN", "en"}) {
      for (const char* large : {"off", "on"}) {
        const std::string tag = std::string(orient) + "-" + lang + (std::string(large) == "on" ? "-large" : "");
        s << "lang " << lang << "\nlarge " << large << "\n"
          << "screenshot home-" << tag << ".png\n"
          << "tap home.tile.duty\nscreenshot duty-board-" << tag << ".png\n";
        if (!someone.empty()) s << "tap duty.row." << someone << "\nscreenshot person-card-" << tag << ".png\n";
        s << "tap nav.home\ntap home.tile.rate\nscreenshot rate-pick-" << tag << ".png\n";
        if (!someone.empty())
          s << "tap rate.official." << someone << "\ntap level.dissatisfied\nscreenshot rate-form-" << tag << ".png\n";
        s << "tap nav.home\ntap home.tile.report\nscreenshot report-" << tag << ".png\n"
          << "tap nav.home\ntap home.tile.query\nscreenshot query-" << tag << ".png\n"
          << "tap nav.home\ntap home.link.weeks\nscreenshot two-weeks-" << tag << ".png\n"
          << "tap nav.home\ntap home.link.guide\nscreenshot guide-" << tag << ".png\n"
          << "tap nav.home\ntap home.link.results\nscreenshot results-" << tag << ".png\n"
          << "tap nav.home\ntap home.staff\nscreenshot staff-" << tag << ".png\ntap nav.home\n";
      }
    }
  }
  s << "expect unrenderable 0\n";
  return run_script(s.str(), "tour");
}

}  // namespace app
