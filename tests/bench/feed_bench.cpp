// feed_bench: the size and server time of a kiosk's full down-sync snapshot (GET /v1/reference with no cursor) over
// a store holding Y years of schedule and sittings (every window, both half-days, every day: the worst case), and
// hqd's resident memory after building it (SPEC §6, issue 13: ≤ 200 KB and ≤ 50 ms with 5 years, whatever HQ
// holds). Also an incremental pull after the snapshot's cursor, and one after a day's changes.
// Usage: feed_bench [--years Y (5)] [--runs R (5)]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>
#include <vector>

#include <zlib.h>

#include "../sync/sync_fixture.h"
#include "sync/common/civil_time.h"
#include "sync/common/clock.h"
#include "sync/common/read_text.h"
#include "sync/hq/hq_store.h"
#include "sync/protocol/reference_json.h"

using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// This process's resident memory now and at its peak, in MB (/proc/self/status).
std::pair<double, double> rss_mb() {
  std::ifstream in("/proc/self/status");
  double now = 0, peak = 0;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("VmRSS:", 0) == 0) now = std::stod(line.substr(6)) / 1024;
    if (line.rfind("VmHWM:", 0) == 0) peak = std::stod(line.substr(6)) / 1024;
  }
  return {now, peak};
}

// Every window's two half-days from `first` to `last`, each with its official, and a sitting for each day before
// `today`.
void fill(hq::HqStore& store, const protocol::ReferenceData& ref, const std::string& first, const std::string& last,
          const std::string& today) {
  std::size_t n = 0;
  protocol::ReferenceData batch;
  for (std::string day = first; day <= last; day = common::add_days(day, 1)) {
    for (std::size_t w = 0; w < ref.windows.size(); ++w)
      for (int half = 0; half < 2; ++half) {
        const auto& official = ref.officials[(w * 2 + static_cast<std::size_t>(half)) % ref.officials.size()];
        const std::string id = "s-" + day + (half ? "-pm-" : "-am-") + ref.windows[w].id;
        batch.schedule.push_back({id, day, half ? protocol::HalfDay::pm : protocol::HalfDay::am, official.id,
                                  ref.windows[w].id, ""});
        if (day < today) {
          char uuid[64];
          std::snprintf(uuid, sizeof uuid, "%08zx-0000-4000-8000-%012zx", n >> 16, n);
          ++n;
          batch.sittings.push_back({uuid, official.id, ref.windows[w].id, id, day + (half ? "T14:02:00+08:00" : "T08:31:00+08:00"),
                                    day + (half ? "T17:30:00+08:00" : "T12:00:00+08:00")});
        }
      }
    if (batch.schedule.size() > 20000) {
      store.import_reference(batch);
      batch = {};
    }
  }
  store.import_reference(batch);
}

// The bytes `text` takes on the wire gzip-compressed at zlib's default level, as hqd sends it to a kiosk that asks.
std::size_t gzip_size(const std::string& text) {
  z_stream z{};
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return 0;
  std::string out(deflateBound(&z, text.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  const std::size_t n = z.total_out;
  deflateEnd(&z);
  return n;
}

}  // namespace

int main(int argc, char** argv) {
  int years = 5, runs = 5;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--years")) years = std::atoi(argv[i + 1]);
    if (!std::strcmp(argv[i], "--runs")) runs = std::max(1, std::atoi(argv[i + 1]));
  }
  sync_test::TempDir dir;
  common::ManualClock clock(common::from_civil(2026, 11, 27, 10, 20, 0, 480));
  hq::HqStore store(dir.file("hq.db"), clock);
  const auto ref = protocol::decode_reference(*common::read_text(std::string(KIOSK_ASSETS_DIR) + "/demo/reference.json"));
  store.import_reference(ref);
  const std::string today = "2026-11-27";
  const auto t0 = Clock::now();
  fill(store, ref, common::add_days(today, -365 * years), common::add_days(today, 90), today);
  const std::int64_t stored = store.locked([](sync_db::Db& db) {
    sync_db::Stmt s(db, "SELECT (SELECT count(*) FROM sittings), (SELECT count(*) FROM reference WHERE tbl='schedule')");
    s.step();
    return s.integer(0) * 1000000 + s.integer(1);
  });
  std::printf("store: %d years, %lld sittings, %lld schedule rows (filled in %.1f s), %zu windows\n", years,
              static_cast<long long>(stored / 1000000), static_cast<long long>(stored % 1000000), ms_since(t0) / 1000,
              ref.windows.size());
  const double rss_before = rss_mb().first;
  std::vector<double> times;
  std::string feed;
  for (int r = 0; r < runs; ++r) {
    const auto t1 = Clock::now();
    feed = store.reference_feed("", "kiosk-a");
    times.push_back(ms_since(t1));
  }
  std::sort(times.begin(), times.end());
  const auto decoded = protocol::decode_reference(feed);
  const auto [rss_after, rss_peak] = rss_mb();
  std::printf("full snapshot: %.1f KB (%.1f KB gzip-compressed on the wire), median %.1f ms (min %.1f, max %.1f over "
              "%d), %zu schedule rows, %zu sittings\n",
              static_cast<double>(feed.size()) / 1024, static_cast<double>(gzip_size(feed)) / 1024,
              times[times.size() / 2], times.front(), times.back(), runs, decoded.schedule.size(),
              decoded.sittings.size());
  std::printf("memory: resident %.0f MB before the snapshots, %.0f MB after (peak %.0f MB)\n", rss_before, rss_after,
              rss_peak);
  const auto t2 = Clock::now();
  const std::string nothing = store.reference_feed(decoded.cursor, "kiosk-a");
  std::printf("incremental pull with nothing new: %zu bytes, %.2f ms\n", nothing.size(), ms_since(t2));
  return 0;
}
