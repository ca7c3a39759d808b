// dashboard_bench: how long hqd takes to answer the console's first page (GET /v1/console/dashboard) with a year of
// a hall's data in its store (issue 15: ≤ 200 ms server time with ≈ 500,000 ratings), for the bureau and for one
// department's liaison, in process and through a real hqd on 127.0.0.1.
// Usage: dashboard_bench [DB] — the store is made once (through HqStore::ingest, as four kiosks deliver records over
// 2026 up to 20 December) and kept at DB (default /tmp/dashboard_bench.db) for later runs.
#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "sync/hq/admin_tokens.h"
#include "sync/hq/dashboard.h"
#include "sync/hq/hall_clock.h"
#include "sync/common/read_text.h"
#include "sync/protocol/record_bodies.h"
#include "sync/protocol/reference_json.h"
#include "../hq/case_records.h"
#include "../sync/sync_fixture.h"

namespace {

constexpr int kRatings = 500'000, kReports = 20'000;
constexpr const char* kNow = "2026-12-20T15:00:00+08:00";
constexpr int kDays = 354;  // 2026-01-01 .. 2026-12-20

double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

// The i-th of n moments over the year's days, 09:00–17:00 Beijing time, in order.
std::string moment(long long i, long long n) {
  const long long per_day = (n + kDays - 1) / kDays;
  const std::string date = common::add_days("2026-01-01", static_cast<int>(i / per_day));
  const long long s = 9 * 3600 + (i % per_day) * 8 * 3600 / per_day;
  char b[40];
  std::snprintf(b, sizeof b, "%sT%02lld:%02lld:%02lld+08:00", date.c_str(), s / 3600, s / 60 % 60, s % 60);
  return b;
}

void fill(hq::HqStore& store) {
  const auto ref = protocol::decode_reference(*common::read_text(std::string(KIOSK_ASSETS_DIR) + "/demo/reference.json"));
  store.import_reference(ref);
  std::vector<protocol::RecordEnvelope> batch;
  int kiosk = 0;
  auto flush = [&] {
    store.ingest("bench-kiosk-" + std::to_string(kiosk++ % 4), batch);
    batch.clear();
  };
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < kRatings; ++i) {
    protocol::RatingBody r;
    r.uuid = case_records::uuid_of(static_cast<std::uint64_t>(i), 1);
    r.created_at = moment(i, kRatings);
    const int t = i % 3;
    if (t == 0) {
      const auto& o = ref.officials[static_cast<std::size_t>(i / 3) % ref.officials.size()];
      r.target_kind = protocol::TargetKind::official, r.target_id = o.id, r.target_name = o.name;
    } else if (t == 1) {
      const auto& w = ref.windows[static_cast<std::size_t>(i / 3) % ref.windows.size()];
      r.target_kind = protocol::TargetKind::window, r.target_id = w.id, r.target_name = w.number;
    } else {
      const auto& it = ref.service_items[static_cast<std::size_t>(i / 3) % ref.service_items.size()];
      r.target_kind = protocol::TargetKind::item, r.target_id = it.id, r.target_name = it.name;
    }
    r.level = static_cast<protocol::Level>(i % 17 == 0 ? 3 + i % 2 : i % 3);
    if (protocol::is_bad(r.level)) r.reasons = {i % 2 ? "long_wait" : "impolite"};
    batch.push_back({r.uuid, "rating", r.created_at, protocol::encode(r), "", std::nullopt});
    if (batch.size() == 2000) flush();
  }
  flush();
  for (int i = 0; i < kReports; ++i) {
    protocol::ReportBody r;
    r.uuid = case_records::uuid_of(static_cast<std::uint64_t>(i), 2);
    r.receipt = case_records::receipt_of(static_cast<std::uint64_t>(10000000 + i));
    r.created_at = moment(i, kReports);
    r.department_id = ref.departments[static_cast<std::size_t>(i) % ref.departments.size()].id;
    r.item_name = "企业开办";
    r.report_kind = static_cast<protocol::ReportKind>(i % 7);
    r.description = "跑了三次还没办成";
    r.due_date = common::add_days(r.created_at.substr(0, 10), 7);
    batch.push_back({r.uuid, "report", r.created_at, protocol::encode(r), "", std::nullopt});
    if (batch.size() == 2000) {
      store.ingest("bench-kiosk-r", batch);  // kiosk number 0, as the receipts say
      batch.clear();
    }
  }
  store.ingest("bench-kiosk-r", batch);
  batch.clear();
  // A sitting every day, checked out after the morning (it counts).
  for (int d = 0; d < kDays; ++d) {
    const std::string date = common::add_days("2026-01-01", d);
    const auto& o = ref.officials[static_cast<std::size_t>(d) % ref.officials.size()];
    protocol::CheckInBody in;
    in.uuid = case_records::uuid_of(static_cast<std::uint64_t>(d), 3);
    in.official_id = o.id;
    in.window_id = ref.windows[static_cast<std::size_t>(d) % ref.windows.size()].id;
    in.date = date;
    in.checkin_at = date + "T08:30:00+08:00";
    in.unscheduled_reason = "bench";
    protocol::CheckOutBody out;
    out.uuid = case_records::uuid_of(static_cast<std::uint64_t>(d), 4);
    out.sitting_uuid = in.uuid;
    out.checkout_at = date + "T12:00:00+08:00";
    out.visitors = 12;
    out.counts = true;
    batch.push_back({in.uuid, "checkin", in.checkin_at, protocol::encode(in), "", std::nullopt});
    batch.push_back({out.uuid, "checkout", out.checkout_at, protocol::encode(out), "", std::nullopt});
  }
  store.ingest("bench-kiosk-0", batch);
  std::printf("filled the store with %d ratings, %d reports and %d sittings in %.1f s\n", kRatings, kReports, kDays,
              ms_since(t0) / 1000);
}

void report(const char* what, std::vector<double> ms) {
  std::sort(ms.begin(), ms.end());
  std::printf("%-44s best %6.1f ms  median %6.1f ms  worst %6.1f ms  (issue 15: <= 200 ms)\n", what, ms.front(),
              ms[ms.size() / 2], ms.back());
}

}  // namespace

int main(int argc, char** argv) {
  const std::string db = argc > 1 ? argv[1] : "/tmp/dashboard_bench.db";
  const auto clock = hq::make_clock(kNow);
  std::string token;
  {
    hq::HqStore store(db, *clock);
    if (store.record_count() < kRatings + kReports) fill(store);
    std::printf("store %s: %lld records, hall time %s\n", db.c_str(), static_cast<long long>(store.record_count()),
                kNow);
    const hq::Principal admin{"bench", hq::Role::admin, ""}, liaison{"bench-d08", hq::Role::liaison, "区行政审批局"};
    for (const auto& [who, what] : {std::pair{admin, "in process, the bureau (every department)"},
                                    std::pair{liaison, "in process, a liaison (区行政审批局)"}}) {
      std::vector<double> ms;
      std::size_t bytes = 0;
      for (int run = 0; run < 10; ++run) {
        const auto t0 = std::chrono::steady_clock::now();
        bytes = hq::dashboard(store, who, KIOSK_ASSETS_DIR, "").dump().size();
        ms.push_back(ms_since(t0));
      }
      report(what, ms);
      std::printf("  (%zu bytes of JSON)\n", bytes);
    }
    token = hq::new_admin_token(store);
  }
  const int port = sync_test::free_port();
  sync_test::Child hqd(
      {HQD_BINARY, "serve", "--db", db, "--port", std::to_string(port), "--bind", "127.0.0.1", "--now", kNow});
  for (int i = 0; i < 500 && !sync_test::port_open(port); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  httplib::Client http("127.0.0.1", port);
  http.set_read_timeout(60, 0);
  std::vector<double> ms;
  int status = 0;
  for (int run = 0; run < 10; ++run) {
    const auto t0 = std::chrono::steady_clock::now();
    const auto res = http.Get("/v1/console/dashboard", {{"Authorization", "Bearer " + token}});
    ms.push_back(ms_since(t0));
    status = res ? res->status : -1;
  }
  std::printf("HTTP GET /v1/console/dashboard: %d\n", status);
  report("through hqd on 127.0.0.1 (the bureau)", ms);
  return status == 200 ? 0 : 1;
}
