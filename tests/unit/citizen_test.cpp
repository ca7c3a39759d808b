// Receipt numbers, the working-day calendar, phone numbers, and citizen records in a real SQLite file.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "sync/protocol/calendar.h"
#include "kiosk/core/citizen.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/config.h"
#include "kiosk/core/receipt.h"
#include "kiosk/core/seed.h"
#include "kiosk/core/store.h"
#include "sync/protocol/model.h"
#include "test_util.h"

using namespace core;

TEST(Receipt, CheckDigitCatchesEverySingleErrorAndAdjacentSwap) {
  std::mt19937 rng(42);
  for (int n = 0; n < 300; ++n) {
    const auto r = make_receipt(1 + static_cast<int>(rng() % 999), static_cast<int>(rng() % 10000), 1 + static_cast<int>(rng() % 9999));
    ASSERT_TRUE(r);
    ASSERT_EQ(r->size(), 12u);
    EXPECT_TRUE(damm_valid(*r));
    for (std::size_t i = 0; i < r->size(); ++i)
      for (char d = '0'; d <= '9'; ++d) {
        if (d == (*r)[i]) continue;
        std::string bad = *r;
        bad[i] = d;
        EXPECT_FALSE(damm_valid(bad)) << *r << " → " << bad;
      }
    for (std::size_t i = 0; i + 1 < r->size(); ++i) {
      if ((*r)[i] == (*r)[i + 1]) continue;
      std::string swapped = *r;
      std::swap(swapped[i], swapped[i + 1]);
      EXPECT_FALSE(damm_valid(swapped)) << *r << " → " << swapped;
    }
  }
  EXPECT_FALSE(make_receipt(0, 1, 1));
  EXPECT_FALSE(make_receipt(1, 1, 10000));
  EXPECT_EQ(group_digits("001106100018"), "0011 0610 0018");
  EXPECT_EQ(day_number("2024-01-01"), 0);
  EXPECT_EQ(day_number("2026-11-27"), 1061);
}

TEST(Receipt, QrCodeLeadsToHqsProgressPageForIt) {
  Config c;
  c.hq.url = "https://hq.example.gov.cn/";
  EXPECT_EQ(follow_up_url(c, "001106100018"), "https://hq.example.gov.cn/public/r/001106100018");
  c.follow_up_link = "https://zwfw.example.gov.cn/bbcs?r={receipt}";
  EXPECT_EQ(follow_up_url(c, "001106100018"), "https://zwfw.example.gov.cn/bbcs?r=001106100018");
  c = Config{};  // no HQ: the number alone, never a link that leads nowhere
  EXPECT_EQ(follow_up_url(c, "001106100018"), "001106100018");
  const Config shipped = load_config(std::string(KIOSK_ASSETS_DIR) + "/config/kiosk.toml");
  EXPECT_EQ(shipped.follow_up_link, Config{}.follow_up_link) << "the shipped file and the default agree";
}

TEST(Calendar, WorkingDaysAcrossAHolidayWithMakeUpDays) {
  protocol::WorkCalendar cal;
  cal.load(std::string(KIOSK_ASSETS_DIR) + "/calendar/workdays.json");
  // National Day 2026: Oct 1–7 off; Sunday Sep 20 and Saturday Oct 10 are working days.
  EXPECT_TRUE(cal.is_working_day("2026-09-20"));
  EXPECT_FALSE(cal.is_working_day("2026-10-05"));
  EXPECT_TRUE(cal.is_working_day("2026-10-10"));
  EXPECT_FALSE(cal.is_working_day("2026-10-11"));
  // From Tue Sep 29: Sep 30, Oct 8, 9, 10 (make-up Saturday), 12.
  EXPECT_EQ(cal.add_working_days("2026-09-29", 5), "2026-10-12");
  EXPECT_EQ(cal.working_days_between("2026-09-29", "2026-10-12"), 5);
  // An ordinary week: Friday + 5 working days is the next Friday.
  EXPECT_EQ(cal.add_working_days("2026-11-27", 5), "2026-12-04");
}

// working_days_between counts by arithmetic and the calendar's exceptions, add_working_days by day numbers; both
// agree with stepping day by day through is_working_day for random ranges (a day both a holiday and a make-up day counts as working, as is_working_day says).
TEST(Calendar, WorkingDaysBetweenAgreesWithCountingDayByDay) {
  protocol::WorkCalendar cal;
  cal.load(std::string(KIOSK_ASSETS_DIR) + "/calendar/workdays.json");
  std::mt19937 rng(7);
  std::set<std::string> holidays, workdays;
  for (int i = 0; i < 60; ++i) {
    holidays.insert(protocol::add_days("2026-01-01", static_cast<int>(rng() % 730)));
    workdays.insert(protocol::add_days("2026-01-01", static_cast<int>(rng() % 730)));
  }
  protocol::WorkCalendar random;
  random.set(holidays, workdays, "random");
  for (const auto* c : {&cal, &random})
    for (int i = 0; i < 500; ++i) {
      const std::string from = protocol::add_days("2025-12-01", static_cast<int>(rng() % 800));
      const std::string to = protocol::add_days(from, static_cast<int>(rng() % 400) - 20);
      int by_day = 0;
      for (std::string d = protocol::add_days(from, 1); d <= to; d = protocol::add_days(d, 1)) by_day += c->is_working_day(d);
      EXPECT_EQ(c->working_days_between(from, to), by_day) << from << " → " << to;
      const int n = static_cast<int>(rng() % 25);
      std::string stepped = from;
      for (int left = n; left > 0;) {
        stepped = protocol::add_days(stepped, 1);
        left -= c->is_working_day(stepped);
      }
      EXPECT_EQ(c->add_working_days(from, n), stepped) << from << " + " << n;
    }
  EXPECT_EQ(cal.working_days_between("not a date", "2026-10-12"), 0);
}

TEST(Phone, MainlandMobileAndLandline) {
  EXPECT_EQ(normalize_phone("13812345678").value_or(""), "13812345678");
  EXPECT_EQ(normalize_phone("138 1234 5678").value_or(""), "13812345678");
  EXPECT_EQ(normalize_phone("0632-8355066").value_or(""), "06328355066");
  EXPECT_EQ(normalize_phone("010-12345678").value_or(""), "01012345678");
  EXPECT_FALSE(normalize_phone("1381234567"));   // 10 digits
  EXPECT_FALSE(normalize_phone("12812345678"));  // no 12x mobiles
  EXPECT_FALSE(normalize_phone("8355066"));      // landline without area code
  EXPECT_FALSE(normalize_phone("138a2345678"));
  EXPECT_EQ(mask_phone("13812345678"), "138****5678");
}

TEST(CitizenRecords, RatingAndReportAreDurableWithOutboxRows) {
  testutil::TempDir dir;
  Store s(dir.file("k.db"));
  Config cfg;
  const auto now = *parse_iso8601("2026-11-27T10:20:00+08:00", 0);
  seed_demo(s, KIOSK_ASSETS_DIR, now, cfg);
  Rating bad;
  bad.target_id = "o01";
  bad.target_name = "冯堃";
  bad.level = Level::very_dissatisfied;
  bad.at = now;
  EXPECT_THROW(s.submit_rating(bad), StoreError);  // a 差评 needs a reason
  bad.reasons = {"long_wait"};
  bad.phone = "13812345678";
  const std::string uuid = s.submit_rating(bad);
  EXPECT_EQ(s.query_text("SELECT level FROM ratings WHERE uuid='" + uuid + "'").value_or(""), "very_dissatisfied");
  EXPECT_EQ(s.query_text("SELECT json_extract(payload,'$.level') FROM outbox WHERE uuid='" + uuid + "'").value_or(""),
            "very_dissatisfied");

  Report r;
  r.department_id = "d08";
  r.item_name = "企业开办";
  r.kind = core::ReportKind::materials;
  r.description = "材料太多";
  r.due_date = "2026-12-04";
  r.at = now;
  const std::string first = s.submit_report(r, 7);
  const std::string second = s.submit_report(r, 7);
  EXPECT_EQ(first.substr(0, 11), "00710610001");
  EXPECT_EQ(second.substr(0, 11), "00710610002");
  EXPECT_TRUE(damm_valid(first) && damm_valid(second));
  EXPECT_EQ(s.find_report(first)->status, "submitted");

  // HQ's answer arrives with the reference feed.
  protocol::ReferenceData d;
  d.cursor = "c9";
  d.report_updates = {{first, protocol::ReportState::done, "已联系您并办结", "2026-11-30T09:00:00+08:00"}};
  s.apply_reference(d);
  EXPECT_EQ(s.find_report(first)->status, "done");
  EXPECT_EQ(s.find_report(first)->reply, "已联系您并办结");

  // Once HQ has it, the phone number leaves the kiosk: tests/sync/hqd_test.cpp checks that.
}

TEST(CitizenRecords, AFullDiskGivesAPlainErrorAndKeepsEarlierRecords) {
  testutil::TempDir dir;
  Store s(dir.file("k.db"));
  Rating r;
  r.target_id = "w1";
  r.target_name = "A01 窗口";
  r.target_kind = TargetKind::window;
  r.level = Level::satisfied;
  r.at = 1'800'000'000;
  const std::string kept = s.submit_rating(r);
  // No room for one more page: SQLite answers as it would on a full disk.
  const std::string pages = s.query_text("PRAGMA page_count").value_or("0");
  s.query_text("PRAGMA max_page_count=" + pages);
  r.comment = std::string(3000, 'x');
  try {
    for (int i = 0; i < 50; ++i) s.submit_rating(r);
    FAIL() << "the database never filled up";
  } catch (const StoreError& e) {
    EXPECT_NE(std::string(e.what()).find("disk is full"), std::string::npos) << e.what();
  }
  EXPECT_EQ(s.query_text("SELECT count(*) FROM ratings WHERE uuid='" + kept + "'").value_or(""), "1");
  EXPECT_EQ(s.query_text("SELECT count(*) FROM ratings").value_or(""),
            s.query_text("SELECT count(*) FROM outbox WHERE kind='rating'").value_or("x"));
}
