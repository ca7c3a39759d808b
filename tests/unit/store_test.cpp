#include <gtest/gtest.h>

#include <fstream>

#include "kiosk/core/clock.h"
#include "kiosk/core/duty.h"
#include "kiosk/core/seed.h"
#include "kiosk/core/store.h"
#include "test_util.h"

using namespace core;

namespace {

protocol::ReferenceData small_reference() {
  protocol::ReferenceData d;
  d.cursor = "c1";
  d.full = true;
  d.departments = {{"d1", "区行政审批局", "行政审批局", 1}};
  d.windows = {{"w1", "A01", "企业开办", "d1"}, {"w2", "A02", "工程建设", "d1"}};
  d.officials = {{"o1", "冯堃", "局长", Rank::head, "d1", "", std::nullopt, std::nullopt},
                 {"o2", "蒋喆", "副局长", Rank::deputy, "d1", "", std::nullopt, std::nullopt}};
  d.schedule = {{"s1", "2026-11-27", HalfDay::am, "o1", "w1", ""}, {"s2", "2026-11-27", HalfDay::am, "o2", "w2", ""}};
  return d;
}

}  // namespace

TEST(Store, CreatesSchemaWithWalAndForeignKeys) {
  testutil::TempDir dir;
  Store s(dir.file("k.db"));
  EXPECT_EQ(s.schema_version(), 2);
  EXPECT_EQ(s.query_text("PRAGMA journal_mode").value_or(""), "wal");
  EXPECT_EQ(s.query_text("PRAGMA synchronous").value_or(""), "2");  // FULL
  EXPECT_EQ(s.query_text("PRAGMA foreign_keys").value_or(""), "1");
  EXPECT_EQ(s.quick_check(), "ok");
}

TEST(Store, AppliesReferenceWithCursorAndSurvivesReopen) {
  testutil::TempDir dir;
  {
    Store s(dir.file("k.db"));
    s.apply_reference(small_reference());
  }
  Store s(dir.file("k.db"));
  EXPECT_EQ(s.reference_cursor(), "c1");
  ASSERT_EQ(s.officials().size(), 2u);
  EXPECT_EQ(s.official("o1")->name, "冯堃");
  EXPECT_EQ(s.schedule("2026-11-27", "2026-11-27").size(), 2u);
}

TEST(Store, BadReferenceChangesNothing) {
  testutil::TempDir dir;
  Store s(dir.file("k.db"));
  s.apply_reference(small_reference());
  auto bad = small_reference();
  bad.cursor = "c2";
  bad.full = false;
  bad.officials[0].name = "改名";
  bad.schedule.push_back({"s3", "2026-11-27", HalfDay::pm, "nobody", "w1", ""});  // violates a foreign key
  EXPECT_THROW(s.apply_reference(bad), StoreError);
  EXPECT_EQ(s.reference_cursor(), "c1");
  EXPECT_EQ(s.official("o1")->name, "冯堃");
}

TEST(Store, IncrementalDeleteAndUpdate) {
  testutil::TempDir dir;
  Store s(dir.file("k.db"));
  s.apply_reference(small_reference());
  protocol::ReferenceData d;
  d.cursor = "c2";
  d.schedule = {{"s1", "2026-11-27", HalfDay::pm, "o1", "w1", "改到下午"}};
  d.deleted = {{"schedule", {"s2"}}};
  s.apply_reference(d);
  const auto sch = s.schedule("2026-11-27", "2026-11-27");
  ASSERT_EQ(sch.size(), 1u);
  EXPECT_EQ(sch[0].half, HalfDay::pm);
  EXPECT_EQ(sch[0].note, "改到下午");
  d.deleted = {{"no_such_table", {"x"}}};
  EXPECT_THROW(s.apply_reference(d), StoreError);
}

TEST(Store, CheckInWritesOutboxInSameTransaction) {
  testutil::TempDir dir;
  Store s(dir.file("k.db"));
  s.apply_reference(small_reference());
  const auto t = *parse_iso8601("2026-11-27T08:55:00+08:00", 0);
  const std::string uuid = s.check_in({"o1", "w1", std::string("s1"), "2026-11-27", HalfDay::am, t, std::nullopt});
  EXPECT_EQ(uuid.size(), 36u);
  EXPECT_EQ(s.query_text("SELECT count(*) FROM outbox WHERE uuid='" + uuid + "' AND state='pending'").value_or(""),
            "1");
  EXPECT_EQ(s.query_text("SELECT json_extract(payload,'$.checkin_at') FROM outbox WHERE uuid='" + uuid + "'").value_or(""),
            "2026-11-27T08:55:00+08:00");
  const std::string out = s.check_out(uuid, t + 4 * 3600);
  EXPECT_NE(out, uuid);
  EXPECT_EQ(s.query_text("SELECT json_extract(payload,'$.sitting_uuid') FROM outbox WHERE uuid='" + out + "'").value_or(""),
            uuid);
  EXPECT_THROW(s.check_out(uuid, t + 5 * 3600), StoreError);
  EXPECT_EQ(s.query_text("SELECT count(*) FROM outbox").value_or(""), "2");
}

TEST(Store, SecondCheckInIsRefusedWithItsOwnErrorAndWritesNothing) {
  testutil::TempDir dir;
  Store s(dir.file("k.db"));
  s.apply_reference(small_reference());
  const auto t = *parse_iso8601("2026-11-27T08:55:00+08:00", 0);
  s.check_in({"o1", "w1", std::string("s1"), "2026-11-27", HalfDay::am, t, std::nullopt});
  // The screen tells this refusal from a failed write by its type, not by its wording.
  EXPECT_THROW(s.check_in({"o1", "w1", std::string("s1"), "2026-11-27", HalfDay::am, t + 60, std::nullopt}),
               core::AlreadyCheckedIn);
  EXPECT_EQ(s.query_text("SELECT count(*) FROM sittings").value_or(""), "1");
  EXPECT_EQ(s.query_text("SELECT count(*) FROM outbox").value_or(""), "1");
}

TEST(Duty, StatusFollowsSittings) {
  testutil::TempDir dir;
  Store s(dir.file("k.db"));
  s.apply_reference(small_reference());
  auto rows = load_duty(s, "2026-11-27", "2026-11-27");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].status, DutyStatus::not_arrived);
  const auto t = *parse_iso8601("2026-11-27T08:55:00+08:00", 0);
  const std::string u = s.check_in({"o1", "w1", std::string("s1"), "2026-11-27", HalfDay::am, t, std::nullopt});
  rows = load_duty(s, "2026-11-27", "2026-11-27");
  EXPECT_EQ(rows[0].status, DutyStatus::on_duty);
  EXPECT_EQ(rows[0].since, t);
  s.check_out(u, t + 3600);
  rows = load_duty(s, "2026-11-27", "2026-11-27");
  EXPECT_EQ(rows[0].status, DutyStatus::left);
  // A sitting nobody planned still shows on the board.
  s.check_in({"o2", "w1", std::nullopt, "2026-11-27", HalfDay::pm, t + 5 * 3600, std::nullopt});
  rows = load_duty(s, "2026-11-27", "2026-11-27");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2].schedule_id, "");
  EXPECT_EQ(rows[2].status, DutyStatus::on_duty);
}

TEST(Store, SittingsFromHqTakeLocalDateFromTheirOffset) {
  testutil::TempDir dir;
  Store s(dir.file("k.db"));
  auto d = small_reference();
  d.sittings = {{"u-hq", "o2", "w2", std::string("s2"), "2026-11-27T08:40:00+08:00", std::nullopt}};
  s.apply_reference(d);
  const auto sits = s.sittings("2026-11-27", "2026-11-27");
  ASSERT_EQ(sits.size(), 1u);
  EXPECT_TRUE(sits[0].from_hq);
  EXPECT_EQ(sits[0].half, HalfDay::am);
  EXPECT_EQ(load_duty(s, "2026-11-27", "2026-11-27")[1].status, DutyStatus::on_duty);
}

TEST(Store, DamagedFileGivesAPlainError) {
  testutil::TempDir dir;
  {
    std::ofstream f(dir.file("bad.db"), std::ios::binary);
    f << std::string(8192, 'x');
  }
  try {
    Store s(dir.file("bad.db"));
    FAIL() << "opened a damaged database";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("damaged"), std::string::npos) << e.what();
  }
}

TEST(Seed, DemoAlwaysHasPeopleOnDutyToday) {
  testutil::TempDir dir;
  Store s(dir.file("k.db"));
  Config c;
  for (const char* when : {"2026-11-28T10:00:00+08:00", "2026-11-30T15:10:00+08:00", "2026-12-06T08:30:00+08:00"}) {
    Store fresh(dir.file(std::string("demo-") + when + ".db"));
    const auto now = *parse_iso8601(when, 0);
    seed_demo(fresh, KIOSK_ASSETS_DIR, now, c);
    const CivilTime civil = to_civil(now, c.utc_offset_minutes);
    const HalfDay half = half_at(civil.minute_of_day(), c.hours.pm_start);
    int on = 0, left = 0, away = 0;
    for (const auto& r : load_duty(fresh, civil.date(), civil.date())) {
      if (r.half != half) continue;
      on += r.status == DutyStatus::on_duty;
      left += r.status == DutyStatus::left;
      away += r.status == DutyStatus::not_arrived;
    }
    EXPECT_EQ(on, 3) << when;
    EXPECT_EQ(left, 1) << when;
    EXPECT_EQ(away, 2) << when;
    EXPECT_EQ(fresh.departments().size(), 13u);
    EXPECT_GE(fresh.officials().size(), 20u);
  }
}
