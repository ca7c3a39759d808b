// ingest_bench: records per second a real hqd on loopback (SQLite) takes from K kiosks uploading at once,
// each its own enrolled kiosk on its own keep-alive connection posting what kiosk-sync posts (batches of 500
// check-ins, protocol::encode_batch) back to back, and each batch's time (median, p99, max of those HQ took)
// and the requests that failed (refused, reset, timed out) or were answered busy (503 with Retry-After: the
// batch sent again after the wait, as a kiosk does). Issue 13: no reset or refusal at 50 or 200 kiosks, p99 ≤
// 1 s. The kiosks are light threads of this process (the real client with its SQLite outbox is sync_bench's):
// on these 2 cores their work would otherwise be counted as hqd's. With --stored M, M records are put in the
// store first (through HqStore::ingest, as kiosks deliver them), to see how ingest holds up as HQ fills.
// Usage: ingest_bench [--kiosks 1,10,50,200] [--batches B (10 per kiosk)] [--stored M (0)]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <httplib.h>

#include "../sync/sync_fixture.h"
#include "bench_stats.h"
#include "sync/common/clock.h"
#include "sync/hq/hq_store.h"
#include "sync/protocol/records.h"

using Clock = std::chrono::steady_clock;

namespace {

// A batch of 500 check-ins as a kiosk sends them, created a second apart from `at` (advanced past them).
std::vector<protocol::RecordEnvelope> checkins(std::int64_t& at) {
  std::vector<protocol::RecordEnvelope> batch;
  for (int i = 0; i < 500; ++i, ++at) {
    protocol::RecordEnvelope r;
    r.uuid = core::new_uuid();
    r.kind = "checkin";
    r.created_at = protocol::format_timestamp_utc(at);
    r.body = sync_test::checkin_body(r.uuid, at, i);
    batch.push_back(std::move(r));
  }
  return batch;
}

// `n` check-ins stored as a kiosk of the hall would have delivered them, in batches of 500.
void prefill(const std::string& db, std::int64_t n) {
  common::ManualClock clock(1767225600);  // 2026-01-01
  hq::HqStore store(db, clock);
  std::int64_t at = 1767225600;
  for (std::int64_t done = 0; done < n; done += 500) store.ingest("kiosk-fill", checkins(at));
}

struct Round {
  double seconds = 0;
  std::vector<double> batches;
  int failed = 0, busy = 0, refused = 0;  // requests; records not accepted
  std::string first_error;
};

Round run(sync_test::Hq& hq, const std::vector<std::string>& tokens, int kiosks, int batches, int round) {
  std::atomic<bool> go{false};
  std::atomic<int> ready{0};
  std::vector<std::vector<double>> times(static_cast<std::size_t>(kiosks));
  std::vector<int> failed(static_cast<std::size_t>(kiosks)), busy(static_cast<std::size_t>(kiosks)),
      refused(static_cast<std::size_t>(kiosks));
  std::vector<std::string> errors(static_cast<std::size_t>(kiosks));
  std::vector<std::thread> threads;
  for (int k = 0; k < kiosks; ++k)
    threads.emplace_back([&, k] {
      const auto i = static_cast<std::size_t>(k);
      httplib::Client client("127.0.0.1", hq.port);  // one keep-alive connection, as a kiosk's curl handle
      client.set_keep_alive(true);
      client.set_read_timeout(60, 0);
      client.set_connection_timeout(10, 0);
      const httplib::Headers headers = {{"Authorization", "Bearer " + tokens[i]},
                                        {"X-Device-Id", "kiosk-" + std::to_string(k)},
                                        {"Accept", "application/json"}};
      std::int64_t at = 1780000000 + static_cast<std::int64_t>(round) * 100000000 + k * 1000000;
      ++ready;
      while (!go) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      for (int b = 0; b < batches; ++b) {
        const auto batch = checkins(at);
        const std::string body = protocol::encode_batch(batch);
        for (int attempt = 0;; ++attempt) {
          const auto t0 = Clock::now();
          const auto res = client.Post("/v1/records", headers, body, "application/json");
          const double s = bench::ms_since(t0) / 1000;
          if (res && res->status == 200) {
            times[i].push_back(s);
            const auto results = protocol::decode_results(res->body);
            if (results.size() != batch.size() || results.front().uuid != batch.front().uuid) {
              ++refused[i];
              if (errors[i].empty()) errors[i] = "an answer for another batch: " + res->body.substr(0, 120);
            }
            for (const auto& r : results)
              if (r.status != protocol::RecordStatus::accepted) {
                ++refused[i];
                if (errors[i].empty())
                  errors[i] = "a record " + std::string(protocol::to_string(r.status)) + ": " + r.reason;
              }
            break;
          }
          const bool is_busy = res && res->status == 503 && res->has_header("Retry-After");
          (is_busy ? busy[i] : failed[i])++;
          if (errors[i].empty())
            errors[i] = res ? std::to_string(res->status) + " " + res->body.substr(0, 120)
                            : httplib::to_string(res.error());
          if (attempt >= 20) break;
          // As a kiosk: the same batch again after the wait HQ asked for (or a second).
          const int wait = is_busy ? std::atoi(res->get_header_value("Retry-After").c_str()) : 1;
          std::this_thread::sleep_for(std::chrono::seconds(std::max(1, wait)));
        }
      }
    });
  while (ready < kiosks) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const auto t0 = Clock::now();
  go = true;
  for (auto& t : threads) t.join();
  Round out;
  out.seconds = bench::ms_since(t0) / 1000;
  for (int k = 0; k < kiosks; ++k) {
    const auto i = static_cast<std::size_t>(k);
    out.batches.insert(out.batches.end(), times[i].begin(), times[i].end());
    out.failed += failed[i];
    out.busy += busy[i];
    out.refused += refused[i];
    if (out.first_error.empty()) out.first_error = errors[i];
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> rounds = {1, 10, 50, 200};
  int batches = 10;
  std::int64_t stored = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--kiosks")) {
      rounds.clear();
      std::stringstream list(argv[i + 1]);
      for (std::string n; std::getline(list, n, ',');) rounds.push_back(std::max(1, std::atoi(n.c_str())));
    }
    if (!std::strcmp(argv[i], "--batches")) batches = std::max(1, std::atoi(argv[i + 1]));
    if (!std::strcmp(argv[i], "--stored")) stored = std::max<std::int64_t>(0, std::atoll(argv[i + 1]));
  }
  sync_test::TempDir dir;
  sync_test::Hq hq(dir);
  if (stored > 0) {
    const auto t0 = Clock::now();
    prefill(hq.db, stored);
    std::printf("store: %lld records put in first (%.1f s)\n", static_cast<long long>(hq.count()),
                bench::ms_since(t0) / 1000);
  }
  const int most = *std::max_element(rounds.begin(), rounds.end());
  std::vector<std::string> tokens;
  for (int k = 0; k < most; ++k) tokens.push_back(hq.enrol("kiosk-" + std::to_string(k)));
  // Every kiosk comes from 127.0.0.1 here: the bound on connections per address is lifted as for a proxy.
  hq.start({"--connections-per-address", "100000"});
  int bad = 0;
  for (std::size_t r = 0; r < rounds.size(); ++r) {
    const std::int64_t before = hq.count();
    const Round out = run(hq, tokens, rounds[r], batches, static_cast<int>(r));
    const std::int64_t took = hq.count() - before;
    std::printf(
        "%3d kiosks x %d batches of 500: %lld records in %.2f s = %.0f records/s; batch median %.3f s, p99 "
        "%.3f s, "
        "max %.3f s; %d failed, %d answered busy, %d records not accepted%s%s\n",
        rounds[r], batches, static_cast<long long>(took), out.seconds,
        static_cast<double>(took) / out.seconds, bench::percentile(out.batches, 50), bench::percentile(out.batches, 99),
        bench::percentile(out.batches, 100), out.failed, out.busy, out.refused,
        out.first_error.empty() ? "" : " (first: ",
        out.first_error.empty() ? "" : (out.first_error + ")").c_str());
    bad += out.failed + out.refused;
    const std::int64_t sent = static_cast<std::int64_t>(rounds[r]) * batches * 500;
    if (took != sent) {
      std::printf("    %lld records of %lld answered 200 are not in HQ's store\n",
                  static_cast<long long>(sent - took), static_cast<long long>(sent));
      ++bad;
      sync_db::Db d(hq.db);
      sync_db::Stmt q(d, "SELECT device_id, count(*), min(created_at), max(created_at) FROM records GROUP BY device_id "
                         "HAVING count(*) % 500 <> 0 OR count(*) < ?");
      q.bind(1, static_cast<std::int64_t>(batches) * 500 * static_cast<std::int64_t>(r + 1));
      while (q.step())
        std::printf("    %s: %lld records\n", q.text(0).c_str(), static_cast<long long>(q.integer(1)));
    }
  }
  std::printf("hqd: resident %.0f MB (peak %.0f MB), %lld records stored\n",
              static_cast<double>(sync_test::status_kib(hq.pid(), "VmRSS")) / 1024,
              static_cast<double>(sync_test::status_kib(hq.pid(), "VmHWM")) / 1024,
              static_cast<long long>(hq.count()));
  hq.stop();
  return bad ? 1 : 0;
}
