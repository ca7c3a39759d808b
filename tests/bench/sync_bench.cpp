// sync_bench: seconds to deliver 10,000 queued records to a real hqd over loopback in batches, against
// one request per record (SPEC §6: ≤ 2 s and ≥ 20× faster). Usage: sync_bench [RUNS] [--full]
// Without --full the one-per-record time is measured on 1,000 records and scaled to 10,000.
#include <cstdlib>
#include <cstring>

#include "../sync/sync_fixture.h"

using namespace sync_test;

namespace {

double deliver(Hq& hq, const TempDir& dir, const std::string& name, int records, int batch) {
  const std::string db = dir.file(name + ".db");
  make_kiosk_db(db);
  queue_checkins(db, records, 1795830000);
  auto config = client_config(hq, name, hq.enrol(name), db);
  config.batch_size = batch;
  sync_client::SyncClient client(config, db);
  const auto t0 = std::chrono::steady_clock::now();
  const auto report = client.push();
  const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  if (report.sent != records) {
    std::fprintf(stderr, "sync_bench: only %d of %d delivered: %s\n", report.sent, records, report.error.c_str());
    std::exit(1);
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 3;
  bool full = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--full") == 0) full = true;
    else runs = std::max(1, std::atoi(argv[i]));
  }
  constexpr int kRecords = 10000;
  std::vector<double> batched, single;
  for (int r = 0; r < runs; ++r) {
    TempDir dir;
    Hq hq(dir);
    hq.start();
    batched.push_back(deliver(hq, dir, "batched-" + std::to_string(r), kRecords, 500));
    const int n = full ? kRecords : 1000;
    single.push_back(deliver(hq, dir, "single-" + std::to_string(r), n, 1) * kRecords / n);
    hq.stop();
  }
  std::sort(batched.begin(), batched.end());
  std::sort(single.begin(), single.end());
  const double b = batched[batched.size() / 2], s = single[single.size() / 2];
  std::printf("10,000 records to hqd over loopback, median of %d runs:\n", runs);
  std::printf("  batches of 500:         %.3f s   (target <= 2 s)\n", b);
  std::printf("  one request per record: %.3f s%s\n", s, full ? "" : "   (1,000 measured, scaled to 10,000)");
  std::printf("  ratio:                  %.1fx   (target >= 20x)\n", s / b);
  return 0;
}
