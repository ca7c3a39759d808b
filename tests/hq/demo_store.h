#pragma once
// The store-level hq tests' fixture: an hqd store on a real file with the demo reference data, HQ's clock on Friday
// 2026-11-27 10:20 in the hall, and the principals the tests act as.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "sync/common/read_text.h"
#include "sync/hq/hall_clock.h"
#include "sync/hq/hq_store.h"
#include "sync/hq/principal.h"
#include "sync/protocol/reference_json.h"
#include "sync_fixture.h"

namespace demo_store {

inline const hq::Principal kAdmin{"admin-a", hq::Role::admin, ""};
inline const hq::Principal kViewer{"leader", hq::Role::viewer, ""};
inline const hq::Principal kShenpi{"liaison-d08", hq::Role::liaison, "区行政审批局"};  // d08
inline const hq::Principal kZhujian{"liaison-d07", hq::Role::liaison, "区国土住建局"};  // d07

struct DemoStore {
  DemoStore() : clock(hq::make_clock("2026-11-27T10:20:00+08:00")), store(dir.file("hq.db"), *clock) {
    store.import_reference(
        protocol::decode_reference(*common::read_text(std::string(KIOSK_ASSETS_DIR) + "/demo/reference.json")));
  }
  // Ingests records as a kiosk sends them; each must be accepted.
  void ingest(const std::vector<protocol::RecordEnvelope>& records, const std::string& device = "kiosk-a") {
    for (const auto& r : store.ingest(device, records)) ASSERT_EQ(r.status, protocol::RecordStatus::accepted) << r.reason;
  }
  // The first column of the first row of a query, as a number.
  std::int64_t count(const std::string& sql) {
    return store.locked([&](sync_db::Db& db) {
      sync_db::Stmt s(db, sql);
      s.step();
      return s.integer(0);
    });
  }
  sync_test::TempDir dir;
  std::unique_ptr<common::Clock> clock;
  hq::HqStore store;
};

}  // namespace demo_store
