// thanks_to_hq_bench: the time from a thank-you (a rating committed by the kiosk's store) to that record being in
// hqd's database, with hqd up on loopback, through the kiosk's own background sync (SyncWorker woken as the app
// wakes it on each new record). This is the window in which an acknowledged record exists only on the kiosk.
// Usage: thanks_to_hq_bench [RECORDS] (default 200); prints the median and p99 in milliseconds.
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <thread>

#include "../sync/sync_fixture.h"
#include "sync/client/sync_worker.h"

using namespace sync_test;

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::max(10, std::atoi(argv[1])) : 200;
  TempDir dir;
  Hq hq(dir);
  hq.start();
  const std::string db = dir.file("kiosk.db");
  const common::SystemClock clock;
  auto store = core::Store::open_for_kiosk(db, clock);
  sync_client::SyncWorker worker(client_config(hq, "bench", hq.enrol("bench"), db), db, [] {}, clock);
  worker.storage_status = [&] { return store->storage(); };
  worker.start();
  sqlite3* hqdb = nullptr;
  if (sqlite3_open_v2(hq.db.c_str(), &hqdb, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) return 1;
  sqlite3_stmt* q = nullptr;
  sqlite3_prepare_v2(hqdb, "SELECT count(*) FROM records WHERE uuid=?", -1, &q, nullptr);
  std::vector<double> ms;
  for (int i = 0; i < n; ++i) {
    core::Rating r;
    r.target_id = "o01";
    r.target_name = "bench";
    r.at = clock.now();
    const std::string uuid = store->submit_rating(r);  // durable: the thank-you shows now
    const auto t0 = std::chrono::steady_clock::now();
    worker.sync_now();
    const auto deadline = t0 + std::chrono::seconds(30);
    for (;;) {
      sqlite3_bind_text(q, 1, uuid.c_str(), -1, SQLITE_TRANSIENT);
      const bool there = sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0) == 1;
      sqlite3_reset(q);
      if (there) break;
      if (std::chrono::steady_clock::now() > deadline) {
        std::fprintf(stderr, "thanks_to_hq_bench: record %d never reached HQ\n", i);
        return 1;
      }
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // visitors are not back to back
  }
  sqlite3_finalize(q);
  sqlite3_close(hqdb);
  worker.stop();
  hq.stop();
  std::sort(ms.begin(), ms.end());
  const auto at = [&](double p) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(p * static_cast<double>(ms.size())))]; };
  std::printf("thank-you -> record in hqd's database, %d ratings, hqd up on loopback:\n", n);
  std::printf("  median %.1f ms, p99 %.1f ms, max %.1f ms\n", at(0.5), at(0.99), ms.back());
  return 0;
}
