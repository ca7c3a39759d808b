// The bounded down-sync feed (issue 13), HQ's store and a real kiosk database: a full snapshot over years of
// history carries the reference data, the schedule from 14 days back to 60 ahead and the last 14 days' sittings,
// the same whatever HQ holds; a kiosk pulling day after day while the bureau publishes, edits and deletes rows near
// and far ahead always holds exactly HQ's next 60 days, receiving each row once, when its day comes near; a cursor
// from before the bound (a bare sequence number) stays incremental, a malformed one gets a full snapshot.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "kiosk/core/store.h"
#include "sync/common/civil_time.h"
#include "sync/common/clock.h"
#include "sync/common/read_text.h"
#include "sync/hq/hq_store.h"
#include "sync/hq/reference_edit.h"
#include "sync/protocol/reference_json.h"
#include "sync_fixture.h"

using namespace hq;

namespace {

const std::string kToday = "2026-11-27";

struct Hall {
  explicit Hall(const std::string& file) : store(file, clock) {
    ref = protocol::decode_reference(*common::read_text(std::string(KIOSK_ASSETS_DIR) + "/demo/reference.json"));
    store.import_reference(ref);
  }
  std::string today() const { return store.hall_clock().today(); }
  // Both half-days of the first two windows from `first` to `last`, and a sitting for each before today.
  void plan(const std::string& first, const std::string& last, const std::string& note = "") {
    protocol::ReferenceData batch;
    for (std::string day = first; day <= last; day = common::add_days(day, 1))
      for (std::size_t w = 0; w < 2; ++w)
        for (int half = 0; half < 2; ++half) {
          const std::string id = row_id(day, half, w);
          const auto& official = ref.officials[w * 2 + static_cast<std::size_t>(half)].id;
          batch.schedule.push_back({id, day, half ? protocol::HalfDay::pm : protocol::HalfDay::am, official,
                                    ref.windows[w].id, note});
          if (day < today())
            batch.sittings.push_back({uuid(), official, ref.windows[w].id, id, day + (half ? "T14:02:00+08:00" : "T08:31:00+08:00"),
                                      day + (half ? "T17:30:00+08:00" : "T12:00:00+08:00")});
        }
    store.import_reference(batch);
  }
  static std::string row_id(const std::string& day, int half, std::size_t w) {
    return "s-" + day + (half ? "-pm-" : "-am-") + std::to_string(w);
  }
  std::string uuid() {
    char text[40];
    std::snprintf(text, sizeof text, "00000000-0000-4000-8000-%012d", ++sittings);
    return text;
  }
  // HQ's schedule rows for [from, to]: id → note.
  std::map<std::string, std::string> schedule(const std::string& from, const std::string& to) {
    return store.locked([&](sync_db::Db& db) {
      sync_db::Stmt s(db, "SELECT id, json_extract(body, '$.note') FROM reference WHERE tbl='schedule' AND body IS NOT "
                          "NULL AND json_extract(body, '$.date') BETWEEN ? AND ?");
      s.bind(1, from).bind(2, to);
      std::map<std::string, std::string> out;
      while (s.step()) out[s.text(0)] = s.opt_text(1).value_or("");
      return out;
    });
  }
  common::ManualClock clock{common::from_civil(2026, 11, 27, 10, 20, 0, 480)};
  HqStore store;
  protocol::ReferenceData ref;
  int sittings = 0;
};

std::map<std::string, std::string> kiosk_schedule(core::Store& kiosk, const std::string& from, const std::string& to) {
  std::map<std::string, std::string> out;
  for (const auto& e : kiosk.schedule(from, to)) out[e.id] = e.note;
  return out;
}

}  // namespace

TEST(HqFeed, AFullSnapshotCarriesOnlyTheNearDaysWhateverHqHolds) {
  sync_test::TempDir dir;
  Hall one(dir.file("one.db")), three(dir.file("three.db"));
  one.plan(common::add_days(kToday, -365), common::add_days(kToday, 200));
  three.plan(common::add_days(kToday, -3 * 365), common::add_days(kToday, 200));
  const std::string a = one.store.reference_feed(""), b = three.store.reference_feed("");
  const auto feed = protocol::decode_reference(b);
  EXPECT_TRUE(feed.full);
  EXPECT_TRUE(std::regex_match(feed.cursor, std::regex("[0-9]+\\.20270126"))) << feed.cursor << ": 60 days from today";
  const auto near = three.schedule("2026-11-13", "2027-01-26");
  std::set<std::string> sent;
  for (const auto& e : feed.schedule) {
    EXPECT_GE(e.date, "2026-11-13") << e.id;
    EXPECT_LE(e.date, "2027-01-26") << e.id;
    sent.insert(e.id);
  }
  EXPECT_EQ(sent.size(), near.size()) << "every row of the 75 days, once";
  EXPECT_EQ(feed.schedule.size(), near.size());
  EXPECT_GE(near.size(), 75u * 4) << "two windows, both half-days";
  for (const auto& [id, note] : near) EXPECT_EQ(sent.count(id), 1u) << id;
  EXPECT_EQ(feed.sittings.size(), 14u * 4) << "the last 14 days' sittings, not three years'";
  for (const auto& s : feed.sittings) EXPECT_GE(s.checkin_at, "2026-11-13") << s.uuid;
  EXPECT_EQ(feed.windows.size(), three.ref.windows.size());
  EXPECT_EQ(feed.officials.size(), three.ref.officials.size());
  // Three years or one: the same bytes, but for the cursor's sequence number.
  EXPECT_LT(std::abs(static_cast<long>(a.size()) - static_cast<long>(b.size())), 8) << a.size() << " vs " << b.size();
  EXPECT_LT(b.size(), 200u * 1024);
}

TEST(HqFeed, AKioskPullingDailyHoldsHqsNextSixtyDaysGettingEachRowOnceWhenItComesNear) {
  sync_test::TempDir dir;
  Hall hall(dir.file("hq.db"));
  hall.plan(common::add_days(kToday, -30), common::add_days(kToday, 300), "first");
  core::Store kiosk(dir.file("kiosk.db"));
  kiosk.apply_reference(protocol::decode_reference(hall.store.reference_feed("")));
  const Principal bureau{"admin-a", Role::admin, ""};
  std::map<std::string, int> received;  // schedule row → times sent since it last changed
  std::set<std::string> came_near;  // rows first published before the first pull and sent since
  std::size_t deleted_far = 0;
  for (int day = 1; day <= 150; ++day) {
    hall.clock.advance(86400);
    const std::string today = hall.today();
    if (day % 7 == 0) {
      // The bureau publishes a day far ahead and one close, edits one row of each and deletes one of each.
      hall.plan(common::add_days(today, 100), common::add_days(today, 100), "published " + today);
      hall.plan(common::add_days(today, 250), common::add_days(today, 250), "published " + today);
      protocol::ReferenceData edit;
      for (const int ahead : {3, 90}) {
        const std::string d = common::add_days(today, ahead);
        edit.schedule.push_back({Hall::row_id(d, 0, 0), d, protocol::HalfDay::am, hall.ref.officials[0].id,
                                 hall.ref.windows[0].id, "edited " + today});
        received.erase(Hall::row_id(d, 0, 0));
        came_near.erase(Hall::row_id(d, 0, 0));
      }
      hall.store.import_reference(edit);
      for (const int ahead : {4, 120}) {
        delete_row(hall.store, bureau, RefTable::schedule, Hall::row_id(common::add_days(today, ahead), 1, 1));
        received.erase(Hall::row_id(common::add_days(today, ahead), 1, 1));
        came_near.erase(Hall::row_id(common::add_days(today, ahead), 1, 1));
      }
    }
    const std::string cursor = kiosk.reference_cursor();
    const auto feed = protocol::decode_reference(hall.store.reference_feed(cursor));
    ASSERT_FALSE(feed.full) << "day " << day << " after cursor " << cursor;
    for (const auto& e : feed.schedule) {
      EXPECT_EQ(++received[e.id], 1) << e.id << " sent twice (day " << day << ")";
      EXPECT_LE(e.date, common::add_days(today, 60)) << e.id << ": beyond the kiosk's 60 days";
      if (e.note == "first") came_near.insert(e.id);
    }
    for (const auto& [table, ids] : feed.deleted)
      if (table == "schedule") deleted_far += ids.size();
    kiosk.apply_reference(feed);
    const std::string until = common::add_days(today, 60);
    ASSERT_EQ(kiosk_schedule(kiosk, today, until), hall.schedule(today, until)) << "day " << day;
    EXPECT_TRUE(kiosk_schedule(kiosk, common::add_days(until, 1), "2099-12-31").empty()) << "day " << day;
  }
  // The rows published before the first pull for the days that came within 60 since, still as first published:
  // each reached the kiosk (once: above) as its day came near.
  std::size_t unchanged = 0;
  for (const auto& [id, note] : hall.schedule(common::add_days(kToday, 61), common::add_days(kToday, 210)))
    unchanged += note == "first";
  EXPECT_GT(unchanged, 150u * 3);
  EXPECT_EQ(came_near.size(), unchanged);
  EXPECT_EQ(deleted_far, 21u * 11) << "a week's eight rows published, one edited and one deleted beyond 60 days go "
                                      "as deletions, with the one deleted near";
}

TEST(HqFeed, ACursorFromBeforeTheBoundStaysIncrementalAndAMalformedOneGetsAFullSnapshot) {
  sync_test::TempDir dir;
  Hall hall(dir.file("hq.db"));
  hall.plan(common::add_days(kToday, -30), common::add_days(kToday, 120));
  const auto first = protocol::decode_reference(hall.store.reference_feed(""));
  const std::string seq = first.cursor.substr(0, first.cursor.find('.'));
  const auto legacy = protocol::decode_reference(hall.store.reference_feed(seq));
  EXPECT_FALSE(legacy.full) << "a kiosk of the unbounded feed had every row";
  EXPECT_TRUE(legacy.schedule.empty());
  EXPECT_EQ(legacy.cursor, first.cursor);
  for (const std::string& bad : {seq + ".", seq + ".2026133", seq + ".20261327", seq + ".2027012x", seq + ".20270126.1",
                                "." + seq, seq + "x.20270126", std::string(40, '9') + ".20270126"}) {
    const auto feed = protocol::decode_reference(hall.store.reference_feed(bad));
    EXPECT_TRUE(feed.full) << bad;
    EXPECT_EQ(feed.cursor, first.cursor) << bad;
  }
  hall.clock.advance(86400 * 10);
  const auto ten_days_on = protocol::decode_reference(hall.store.reference_feed(first.cursor));
  EXPECT_FALSE(ten_days_on.full);
  EXPECT_EQ(ten_days_on.schedule.size(), 10u * 4) << "the ten days that came within 60";
  EXPECT_TRUE(std::regex_match(ten_days_on.cursor, std::regex(seq + "\\.20270205"))) << ten_days_on.cursor;
}

// hqd builds the full snapshot once for every kiosk that asks (issue 13's storm after a restore): what it serves
// from that build is what a fresh build would be, after each kind of change the bureau or a kiosk makes.
TEST(HqFeed, TheSnapshotBuiltOnceForAllFollowsEveryChange) {
  sync_test::TempDir dir;
  Hall hall(dir.file("hq.db"));
  hall.plan(common::add_days(kToday, -20), common::add_days(kToday, 70));
  const auto snapshot = [&] { return protocol::decode_reference(hall.store.reference_feed("", "kiosk-a")); };
  const auto first = snapshot();
  EXPECT_EQ(hall.store.reference_feed("", "kiosk-a"), hall.store.reference_feed("", "kiosk-b"));
  // A window renamed.
  protocol::ReferenceData edit;
  edit.windows.push_back(hall.ref.windows[0]);
  edit.windows[0].name = "企业开办（改）";
  hall.store.import_reference(edit);
  auto now = snapshot();
  ASSERT_FALSE(now.windows.empty());
  const auto renamed = std::find_if(now.windows.begin(), now.windows.end(),
                                    [&](const auto& w) { return w.id == hall.ref.windows[0].id; });
  ASSERT_NE(renamed, now.windows.end());
  EXPECT_EQ(renamed->name, "企业开办（改）");
  EXPECT_NE(now.cursor, first.cursor);
  // A schedule row deleted.
  const std::string gone = Hall::row_id(common::add_days(kToday, 3), 0, 0);
  delete_row(hall.store, Principal{"admin-a", Role::admin, ""}, RefTable::schedule, gone);
  now = snapshot();
  EXPECT_EQ(now.schedule.size(), first.schedule.size() - 1);
  for (const auto& e : now.schedule) EXPECT_NE(e.id, gone);
  // A sitting checked in today.
  protocol::ReferenceData sat;
  sat.sittings.push_back({hall.uuid(), hall.ref.officials[0].id, hall.ref.windows[0].id,
                          Hall::row_id(kToday, 0, 0), kToday + "T08:40:00+08:00", std::nullopt});
  hall.store.import_reference(sat);
  now = snapshot();
  EXPECT_EQ(now.sittings.size(), first.sittings.size() + 1);
  // The next day: the window of days moves with it.
  hall.clock.advance(86400);
  const auto tomorrow = snapshot();
  EXPECT_TRUE(std::regex_match(tomorrow.cursor, std::regex("[0-9]+\\.20270127"))) << tomorrow.cursor;
  std::string earliest = "9999", latest;
  for (const auto& e : tomorrow.schedule) earliest = std::min(earliest, e.date), latest = std::max(latest, e.date);
  EXPECT_EQ(earliest, common::add_days(kToday, 1 - 14));
  EXPECT_EQ(latest, common::add_days(kToday, 1 + 60));
}
