// hq_reports_bench: how long hqd takes to answer the 报表 preview (GET /v1/console/tables/{table}) for a quarter
// with 1,000,000 ratings and 100,000 办不成事 reports in its store (issue 12: ≤ 1 s), and the downloads.
// Usage: hq_reports_bench [DB] — the store is made once (through HqStore::ingest, as kiosks deliver records) and
// kept at DB (default /tmp/hq_reports_bench.db) for later runs.
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include "sync/hq/admin_tokens.h"
#include "sync/hq/report_download.h"
#include "sync/protocol/damm.h"
#include "sync/protocol/record_bodies.h"
#include "../sync/sync_fixture.h"

namespace {

constexpr int kRatings = 1'000'000, kReports = 100'000;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string uuid(int kind, int i) {
  char b[40];
  std::snprintf(b, sizeof b, "%08x-0000-4000-8000-%012x", kind, i);
  return b;
}

// A moment in 2026 (Beijing time), spread evenly over the year.
std::string moment(int i, int n) {
  const int day = static_cast<int>(static_cast<long long>(i) * 365 / n);
  const std::string date = common::add_days("2026-01-01", day);
  char b[40];
  std::snprintf(b, sizeof b, "%sT%02d:%02d:00+08:00", date.c_str(), 9 + i % 8, i % 60);
  return b;
}

void fill(hq::HqStore& store) {
  const auto ref = protocol::decode_reference(read_file(std::string(KIOSK_ASSETS_DIR) + "/demo/reference.json"));
  store.import_reference(ref);
  std::vector<protocol::RecordEnvelope> batch;
  auto flush = [&] {
    store.ingest("bench-kiosk", batch);
    batch.clear();
  };
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < kRatings; ++i) {
    protocol::RatingBody r;
    r.uuid = uuid(1, i);
    r.created_at = moment(i, kRatings);
    const int t = i % 3;
    if (t == 0) {
      const auto& o = ref.officials[static_cast<std::size_t>(i) % ref.officials.size()];
      r.target_kind = protocol::TargetKind::official, r.target_id = o.id, r.target_name = o.name;
    } else if (t == 1) {
      const auto& w = ref.windows[static_cast<std::size_t>(i) % ref.windows.size()];
      r.target_kind = protocol::TargetKind::window, r.target_id = w.id, r.target_name = w.number;
    } else {
      const auto& it = ref.service_items[static_cast<std::size_t>(i) % ref.service_items.size()];
      r.target_kind = protocol::TargetKind::item, r.target_id = it.id, r.target_name = it.name;
    }
    r.level = static_cast<protocol::Level>(i % 17 == 0 ? 3 + i % 2 : i % 3);
    if (protocol::is_bad(r.level)) {
      r.reasons = {"long_wait"};
      if (i % 3 == 0) r.phone = "138" + std::to_string(10000000 + i % 89999999);
    }
    batch.push_back({r.uuid, "rating", r.created_at, protocol::encode(r), ""});
    if (batch.size() == 5000) flush();
  }
  for (int i = 0; i < kReports; ++i) {
    protocol::ReportBody r;
    r.uuid = uuid(2, i);
    char digits[16];
    std::snprintf(digits, sizeof digits, "%011d", 10000000 + i);
    r.receipt = std::string(digits) + protocol::damm_check_digit(digits);
    r.created_at = moment(i, kReports);
    r.department_id = ref.departments[static_cast<std::size_t>(i) % ref.departments.size()].id;
    r.item_name = "企业开办";
    r.report_kind = protocol::ReportKind::many_trips;
    r.description = "跑了三次还没办成";
    if (i % 4 == 0) r.phone = "13912345678";
    r.due_date = common::add_days(r.created_at.substr(0, 10), 7);
    batch.push_back({r.uuid, "report", r.created_at, protocol::encode(r), ""});
    if (batch.size() == 5000) flush();
  }
  flush();
  std::printf("filled the store with %d ratings and %d reports in %.1f s\n", kRatings, kReports, seconds_since(t0));
}

}  // namespace

int main(int argc, char** argv) {
  const std::string db = argc > 1 ? argv[1] : "/tmp/hq_reports_bench.db";
  common::SystemClock clock;
  {
    hq::HqStore store(db, clock);
    if (store.record_count() < kRatings + kReports) fill(store);
    std::printf("store %s: %lld records\n", db.c_str(), static_cast<long long>(store.record_count()));
    // In process: the preview of each table for 2026Q2 (about 250,000 ratings), every department and one.
    const hq::Principal admin{"bench", hq::Role::admin, ""};
    std::printf("%-12s %-10s %-8s %10s %10s\n", "table", "scope", "format", "best ms", "bytes");
    for (const char* table : {"attachment3", "ratings", "reports", "compliance", "callbacks"})
      for (const char* dept : {"", "d08"})
        for (const char* format : {"json", "xlsx"}) {
          if (std::string(format) == "xlsx" && *dept) continue;
          double best = 1e9;
          std::size_t bytes = 0;
          for (int run = 0; run < 3; ++run) {
            const auto t0 = std::chrono::steady_clock::now();
            const auto f = hq::report_file(store, admin, {table, "2026Q2", dept, format, 0, 200, 15, KIOSK_ASSETS_DIR});
            best = std::min(best, seconds_since(t0) * 1000);
            bytes = f.body.size();
          }
          std::printf("%-12s %-10s %-8s %10.0f %10zu\n", table, *dept ? dept : "all", format, best, bytes);
        }
  }
  // Through a real hqd on 127.0.0.1: the quarter's 好差评 preview as the page asks for it.
  std::string token;
  {
    hq::HqStore store(db, clock);
    token = hq::new_admin_token(store);
  }
  const int port = sync_test::free_port();
  sync_test::Child hqd({HQD_BINARY, "serve", "--db", db, "--port", std::to_string(port), "--bind", "127.0.0.1"});
  for (int i = 0; i < 500 && !sync_test::port_open(port); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  httplib::Client http("127.0.0.1", port);
  http.set_read_timeout(60, 0);
  for (const char* table : {"ratings", "reports", "callbacks", "attachment3", "compliance"}) {
    double best = 1e9;
    int status = 0;
    for (int run = 0; run < 3; ++run) {
      const auto t0 = std::chrono::steady_clock::now();
      const auto res = http.Get(std::string("/v1/console/tables/") + table + "?period=2026Q2&format=json",
                                {{"Authorization", "Bearer " + token}});
      best = std::min(best, seconds_since(t0) * 1000);
      status = res ? res->status : -1;
    }
    std::printf("HTTP GET /v1/console/tables/%s?period=2026Q2: %d in %.0f ms (best of 3; issue 12: <= 1000 ms)\n",
                table, status, best);
  }
  return 0;
}
