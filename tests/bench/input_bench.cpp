// Prints the citizen-input figures of SPEC §6: tap on submit → record durable (median and p99 over 1,000
// submissions into a real SQLite file with synchronous=FULL), and pinyin keystroke → candidates drawn
// (the frame that handles the key, atlas rebuilds for new glyphs included), measured in the real kiosk.
// A benchmark, not a test. usage: input_bench [submissions]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bench_stats.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/seed.h"
#include "kiosk/core/store.h"

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::max(10, std::atoi(argv[1])) : 1000;
  const auto dir = std::filesystem::temp_directory_path() / "kiosk-input-bench";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);

  // Submit → durable: the store call the submit button makes, timed until it returns (committed, fsynced).
  {
    core::Store store((dir / "k.db").string());
    core::Config cfg;
    const std::int64_t now = *core::parse_iso8601("2026-11-27T10:20:00+08:00", 0);
    core::seed_demo(store, KIOSK_ASSETS_DIR, now, cfg);
    std::vector<double> rating_ms, report_ms;
    for (int i = 0; i < n; ++i) {
      core::Rating r;
      r.target_id = "o01";
      r.target_name = "冯堃";
      r.level = i % 2 ? core::Level::satisfied : core::Level::very_dissatisfied;
      if (core::is_bad(r.level)) r.reasons = {"long_wait", "impolite"};
      r.comment = "等候时间太长了";
      r.at = now + i;
      auto t0 = std::chrono::steady_clock::now();
      store.submit_rating(r);
      rating_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      if (i % 10 == 0) {
        core::Report rep;
        rep.department_id = "d08";
        rep.item_name = "企业开办";
        rep.kind = core::ReportKind::materials;
        rep.description = std::string(300, 'x');
        rep.due_date = "2026-12-04";
        rep.at = now + i;
        t0 = std::chrono::steady_clock::now();
        store.submit_report(rep, 1);
        report_ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      }
    }
    std::printf("submit -> durable, %d ratings: median %.2f ms, p99 %.2f ms (SPEC: median <= 10 ms)\n", n,
                bench::percentile(rating_ms, 50), bench::percentile(rating_ms, 99));
    std::printf("submit -> durable, %zu reports: median %.2f ms, p99 %.2f ms\n", report_ms.size(),
                bench::percentile(report_ms, 50), bench::percentile(report_ms, 99));
  }

  // Pinyin keystrokes in the real kiosk: each line is one frame's time.
  const std::string script = (dir / "typing.scn").string();
  {
    std::ofstream f(script);
    f << "tap home.tile.report\ntap report.dept.d08\ntap report.item.i01\ntap report.kind.materials\n";
    for (const char* word : {"banbuchengshi", "xuyaocailiao", "lvxingzhengjian", "zhengming"}) {
      for (const char* c = word; *c; ++c) f << "measure-key kb.key." << *c << "\n";
      f << "measure-key kb.cand.0\n";
    }
    // A rare character: 龑 (yan) needs a glyph the atlas does not have yet.
    f << "measure-key kb.key.y\nmeasure-key kb.key.a\nmeasure-key kb.key.n\nmeasure-key kb.cand.next\nmeasure-key kb.cand.next\n";
  }
  const std::string cmd = std::string(KIOSK_BINARY) + " --db " + (dir / "t.db").string() +
                          " --demo --now 2026-11-27T10:20:00+08:00 --script " + script + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::vector<double> plain, fresh;
  char line[512];
  while (p && std::fgets(line, sizeof line, p)) {
    double ms = 0;
    char key[64];
    if (std::sscanf(line, "key %63[^:]: %lf ms", key, &ms) == 2)
      (std::string(line).find("new glyphs") != std::string::npos ? fresh : plain).push_back(ms);
  }
  if (p) pclose(p);
  std::printf("pinyin keystroke -> candidates drawn, %zu keys: median %.2f ms, max %.2f ms\n", plain.size(),
              bench::percentile(plain, 50), plain.empty() ? 0 : *std::max_element(plain.begin(), plain.end()));
  std::printf("  keys whose candidates needed new glyphs, %zu: median %.2f ms, max %.2f ms (SPEC: <= 16 ms)\n",
              fresh.size(), bench::percentile(fresh, 50), fresh.empty() ? 0 : *std::max_element(fresh.begin(), fresh.end()));
  std::filesystem::remove_all(dir);
  return 0;
}
