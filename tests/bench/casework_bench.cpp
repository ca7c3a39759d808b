// casework_bench: server time of the console's casework list queries over a store of 1,000,000 ratings (every one
// a 差评: the worst case for the lists) and 100,000 reports (SPEC §6: each list page ≤ 100 ms).
// Usage: casework_bench [--ratings N] [--reports N] [--db FILE (kept; reused when it already holds the data)] [--runs R]
// The store is filled through HqStore::ingest (the path kiosk records take), then cases are spread over the states.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>

#include "../hq/case_records.h"
#include "../sync/sync_fixture.h"
#include "sync/common/read_text.h"
#include "sync/hq/hall_clock.h"
#include "sync/hq/hq_store.h"
#include "sync/hq/rating_cases.h"
#include "sync/hq/report_cases.h"
#include "sync/protocol/reference_json.h"

using namespace hq;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

std::int64_t count(HqStore& store, const std::string& sql) {
  return store.locked([&](sync_db::Db& db) {
    sync_db::Stmt s(db, sql);
    s.step();
    return s.integer(0);
  });
}

void fill(HqStore& store, std::int64_t ratings, std::int64_t reports) {
  const auto ref = protocol::decode_reference(*common::read_text(std::string(KIOSK_ASSETS_DIR) + "/demo/reference.json"));
  store.import_reference(ref);
  const auto t0 = Clock::now();
  std::vector<protocol::RecordEnvelope> batch;
  auto flush = [&] {
    for (const auto& r : store.ingest("bench", batch))
      if (r.status != protocol::RecordStatus::accepted) {
        std::fprintf(stderr, "casework_bench: record refused: %s\n", r.reason.c_str());
        std::exit(1);
      }
    batch.clear();
  };
  // Two years of 差评 over every demo official (13 departments), then reports over every department.
  for (std::int64_t i = 0; i < ratings; ++i) {
    const auto& o = ref.officials[static_cast<std::size_t>(i) % ref.officials.size()];
    const std::string day = common::add_days("2025-01-01", static_cast<int>(i % 700));
    batch.push_back(case_records::rating(static_cast<std::uint64_t>(i), o.id, o.name,
                                         i % 2 ? protocol::Level::dissatisfied : protocol::Level::very_dissatisfied, day));
    if (batch.size() == 1000) flush();
  }
  flush();
  for (std::int64_t i = 0; i < reports; ++i) {
    const auto& d = ref.departments[static_cast<std::size_t>(i) % ref.departments.size()];
    const std::string day = common::add_days("2025-01-01", static_cast<int>(i % 700));
    batch.push_back(case_records::report(static_cast<std::uint64_t>(i) + 1000000, d.id, day, common::add_days(day, 7)));
    if (batch.size() == 1000) flush();
  }
  flush();
  std::printf("filled %lld ratings and %lld reports through ingest in %.1f s\n", static_cast<long long>(ratings),
              static_cast<long long>(reports), ms_since(t0) / 1000);
  // Most cases are closed, as in a bureau that does its work: 60 % 已回访, the rest spread over the open states.
  store.locked([&](sync_db::Db& db) {
    sync_db::Transaction t(db);
    // (id / 97: not in step with the officials and departments the records cycle through)
    db.exec("UPDATE rating_cases SET state='revisited', deadline=NULL WHERE (id / 97) % 10 < 6");
    db.exec("UPDATE rating_cases SET state='rectifying' WHERE (id / 97) % 10 = 6");
    db.exec("UPDATE rating_cases SET state='answered' WHERE (id / 97) % 10 = 7");
    db.exec("UPDATE rating_cases SET appeal_state='pending', appeal_ground='malicious' WHERE id % 1009 = 9");
    db.exec("UPDATE report_cases SET state='done', open_deadline=NULL WHERE (id / 97) % 10 < 7");
    db.exec("UPDATE report_cases SET state='accepted' WHERE (id / 97) % 10 = 7");
    db.exec("ANALYZE");
    t.commit();
  });
}

struct Timing {
  double median, max;
  std::size_t rows;
};

Timing time_it(int runs, const std::function<nlohmann::json()>& f) {
  std::vector<double> ms;
  std::size_t rows = 0;
  for (int r = 0; r < runs; ++r) {
    const auto t0 = Clock::now();
    const nlohmann::json page = f();
    const std::string text = page.dump();  // the answer as the server sends it
    ms.push_back(ms_since(t0));
    rows = page.contains("items") ? page["items"].size() : page.contains("departments") ? page["departments"].size() : 1;
  }
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms.back(), rows};
}

}  // namespace

int main(int argc, char** argv) {
  std::int64_t ratings = 1000000, reports = 100000;
  int runs = 15;
  std::string db;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--ratings") == 0) ratings = std::atoll(argv[i + 1]);
    else if (std::strcmp(argv[i], "--reports") == 0) reports = std::atoll(argv[i + 1]);
    else if (std::strcmp(argv[i], "--db") == 0) db = argv[i + 1];
    else if (std::strcmp(argv[i], "--runs") == 0) runs = std::max(1, std::atoi(argv[i + 1]));
  }
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  sync_test::TempDir dir;
  if (db.empty()) db = dir.file("hq.db");
  const auto clock = make_clock("2026-11-27T10:20:00+08:00");
  HqStore store(db, *clock);
  if (count(store, "SELECT count(*) FROM rating_cases") < ratings) fill(store, ratings, reports);
  std::printf("store: %lld 差评 cases, %lld reports; %.0f MB\n",
              static_cast<long long>(count(store, "SELECT count(*) FROM rating_cases")),
              static_cast<long long>(count(store, "SELECT count(*) FROM report_cases")),
              static_cast<double>(std::filesystem::file_size(db)) / 1e6);
  const Principal admin{"bench", Role::admin, ""};
  const Principal liaison{"bench-d08", Role::liaison, "区行政审批局"};
  std::string receipt;
  store.locked([&](sync_db::Db& d) {
    sync_db::Stmt s(d, "SELECT receipt FROM report_cases ORDER BY id LIMIT 1 OFFSET (SELECT count(*) / 2 FROM report_cases)");
    if (s.step()) receipt = s.text(0);
  });
  auto q = [](auto edit) {
    CaseQuery c;
    edit(c);
    return c;
  };
  const CaseQuery plain;
  const auto cursor_page = [&](bool ratings_list) {  // the cursor 100 pages in
    CaseQuery c;
    c.offset = 5000 - 50;
    const auto p = ratings_list ? list_rating_cases(store, admin, c) : list_report_cases(store, admin, c);
    CaseQuery next;
    if (p["next_cursor"].is_string()) next.cursor = p["next_cursor"].get<std::string>();
    return next;
  };
  const CaseQuery rating_cursor = cursor_page(true), report_cursor = cursor_page(false);
  struct Case {
    const char* name;
    std::function<nlohmann::json()> f;
  };
  const std::vector<Case> cases = {
      {"ratings: first page (50), admin", [&] { return list_rating_cases(store, admin, plain); }},
      {"ratings: first page, liaison (own department)", [&] { return list_rating_cases(store, liaison, plain); }},
      {"ratings: department 区国土住建局", [&] { return list_rating_cases(store, admin, q([](CaseQuery& c) { c.department = "d07"; })); }},
      {"ratings: state 整改中", [&] { return list_rating_cases(store, admin, q([](CaseQuery& c) { c.state = "整改中"; })); }},
      {"ratings: department + state 待核实", [&] {
         return list_rating_cases(store, admin, q([](CaseQuery& c) { c.department = "d13"; c.state = "to_verify"; }));
       }},
      {"ratings: overdue", [&] { return list_rating_cases(store, admin, q([](CaseQuery& c) { c.overdue = true; })); }},
      {"ratings: overdue, liaison", [&] { return list_rating_cases(store, liaison, q([](CaseQuery& c) { c.overdue = true; })); }},
      {"ratings: one month (2026-03)", [&] {
         return list_rating_cases(store, admin, q([](CaseQuery& c) { c.from = "2026-03-01"; c.to = "2026-03-31"; }));
       }},
      {"ratings: department + state + month", [&] {
         return list_rating_cases(store, admin, q([](CaseQuery& c) {
           c.department = "d12"; c.state = "answered"; c.from = "2025-06-01"; c.to = "2025-06-30"; }));
       }},
      {"ratings: appeals pending", [&] { return list_rating_cases(store, admin, q([](CaseQuery& c) { c.appeal = "pending"; })); }},
      {"ratings: page 101 by cursor", [&] { return list_rating_cases(store, admin, rating_cursor); }},
      {"ratings: page 101 by offset 5000", [&] { return list_rating_cases(store, admin, q([](CaseQuery& c) { c.offset = 5000; })); }},
      {"ratings: counts per department (whole table)", [&] { return rating_case_counts(store, admin); }},
      {"ratings: counts, liaison", [&] { return rating_case_counts(store, liaison); }},
      {"reports: first page (50)", [&] { return list_report_cases(store, admin, plain); }},
      {"reports: department", [&] { return list_report_cases(store, admin, q([](CaseQuery& c) { c.department = "d07"; })); }},
      {"reports: state 已受理", [&] { return list_report_cases(store, admin, q([](CaseQuery& c) { c.state = "已受理"; })); }},
      {"reports: overdue", [&] { return list_report_cases(store, admin, q([](CaseQuery& c) { c.overdue = true; })); }},
      {"reports: liaison, overdue", [&] { return list_report_cases(store, liaison, q([](CaseQuery& c) { c.overdue = true; })); }},
      {"reports: page 101 by cursor", [&] { return list_report_cases(store, admin, report_cursor); }},
      {"reports: counts", [&] { return report_case_counts(store, admin); }},
      {"reports: detail by receipt", [&] { return report_case(store, admin, receipt); }},
  };
  std::printf("server time per request (store query + JSON), median and max of %d runs; target <= 100 ms:\n", runs);
  double worst_list = 0;
  for (const auto& c : cases) {
    Timing t{};
    try {
      t = time_it(runs, c.f);
    } catch (const std::exception& e) {
      std::printf("  %-48s failed: %s\n", c.name, e.what());
      continue;
    }
    if (std::strstr(c.name, "counts") == nullptr) worst_list = std::max(worst_list, t.median);
    std::printf("  %-48s %8.2f ms  (max %8.2f)  %zu rows\n", c.name, t.median, t.max, t.rows);
  }
  std::printf("slowest list page (median): %.2f ms (target <= 100 ms)\n", worst_list);
  return 0;
}
