// The 坐窗口 schedule published ahead and last month's results, through a real hqd on 127.0.0.1 (and the kiosk's own
// sync client for the results): the page shows this week and next from today by day and half-day with name, 职务,
// department and window and no phone, in Chinese and English, one department by id or name; any site may frame it;
// the iCalendar feed is RFC 5545 (CRLF, folded at 75 octets, text escaped, times in UTC from the hall's half-days);
// random queries never 5xx and the 61st look-up in a minute from one address is refused. The results HQ feeds down
// are the 工作台's 好评率 for the last full month, sent again only when they change.
#include <gtest/gtest.h>
#include <httplib.h>

#include <fstream>
#include <random>
#include <regex>

#include "case_records.h"
#include "sync/client/sync_client.h"
#include "sync/common/read_text.h"
#include "sync/hq/dashboard.h"
#include "sync/hq/hall_clock.h"
#include "sync/hq/hq_store.h"
#include "sync/hq/published_results.h"
#include "sync/protocol/reference_json.h"
#include "kiosk/core/published_results.h"
#include "sync_fixture.h"

using namespace hq;

namespace {

const std::vector<std::string> kNow = {"--now", "2026-11-27T10:20:00+08:00"};  // a Friday

// hqd with the demo hall, mornings planned yesterday, today, next Monday and the Monday after, one afternoon today,
// and an official whose 职务 needs escaping in a calendar and folding in a line.
struct Planned {
  Planned() {
    for (const char* d : {"2026-11-26", "2026-11-27", "2026-11-30", "2026-12-07"}) hq.import(sync_test::schedule_file(dir, d));
    protocol::ReferenceData extra;
    extra.officials.push_back({"o-long", "司马相如", "党组成员、副局长,兼;政务服务中心主任（分管企业开办与工程建设审批）",
                               protocol::Rank::deputy, "d08", "0632-8355999", std::nullopt, std::nullopt});
    extra.schedule.push_back({"s-long", "2026-11-27", protocol::HalfDay::pm, "o-long", "wA02", ""});
    const std::string path = dir.file("extra.json");
    std::ofstream(path) << protocol::encode_reference(extra);
    hq.import(path);
  }
  sync_test::TempDir dir;
  sync_test::Hq hq{dir};
};

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// The content lines of an iCalendar text, unfolded (RFC 5545 §3.1).
std::vector<std::string> unfolded(const std::string& ics) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < ics.size()) {
    const auto end = ics.find("\r\n", at);
    const std::string line = ics.substr(at, end - at);
    if (!line.empty() && line[0] == ' ' && !out.empty())
      out.back() += line.substr(1);
    else
      out.push_back(line);
    at = end == std::string::npos ? ics.size() : end + 2;
  }
  return out;
}

}  // namespace

TEST(HqPublicSchedule, TheNextTwoWeeksByDayAndHalfDayWithoutPhones) {
  Planned p;
  p.hq.start(kNow);
  httplib::Client c("127.0.0.1", p.hq.port);
  auto res = c.Get("/public/schedule");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
  const std::string& page = res->body;
  EXPECT_NE(page.find("id=\"day-2026-11-27\""), std::string::npos);
  EXPECT_NE(page.find("11月27日 星期五<span class=\"today\">今天</span>"), std::string::npos);
  EXPECT_NE(page.find("id=\"day-2026-11-30\""), std::string::npos) << "next week";
  EXPECT_EQ(page.find("day-2026-11-26"), std::string::npos) << "yesterday is gone";
  EXPECT_EQ(page.find("day-2026-12-07"), std::string::npos) << "the week after next is not yet";
  EXPECT_NE(page.find("上午 09:00–12:00"), std::string::npos);
  EXPECT_NE(page.find("下午 13:00–17:00"), std::string::npos);
  EXPECT_NE(page.find("<span class=\"name\">冯堃</span>局长"), std::string::npos);
  EXPECT_NE(page.find("区行政审批局 · A01 窗口 企业开办"), std::string::npos);
  EXPECT_EQ(count_of(page, "<li>"), 18u * 2 + 1) << "18 mornings today and next Monday, one afternoon";
  EXPECT_EQ(page.find("0632"), std::string::npos) << "no phone number";
  EXPECT_EQ(page.find("8355"), std::string::npos);
  EXPECT_EQ(page.find("<script"), std::string::npos);
  // Framable by a department's website; nothing else may load into it.
  const std::string csp = res->get_header_value("Content-Security-Policy");
  EXPECT_NE(csp.find("frame-ancestors *"), std::string::npos) << csp;
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << csp;
  EXPECT_FALSE(res->has_header("X-Frame-Options"));
  EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");

  // One department, by id or by name; the language link keeps it.
  for (const char* d : {"d07", "%E5%8C%BA%E5%9B%BD%E5%9C%9F%E4%BD%8F%E5%BB%BA%E5%B1%80"}) {
    res = c.Get((std::string("/public/schedule?department=") + d).c_str());
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200);
    EXPECT_NE(res->body.find("欧阳燚"), std::string::npos) << d;
    EXPECT_EQ(res->body.find("冯堃"), std::string::npos) << d;
    EXPECT_NE(res->body.find("<option value=\"d07\" selected>"), std::string::npos);
    EXPECT_NE(res->body.find("href=\"?lang=en&amp;department=d07\""), std::string::npos);
    EXPECT_NE(res->body.find("href=\"schedule.ics?lang=zh&amp;department=d07\""), std::string::npos);
  }
  res = c.Get("/public/schedule?department=nope");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_NE(res->body.find("没有这个部门"), std::string::npos);
  EXPECT_EQ(res->body.find("冯堃"), std::string::npos);

  // English.
  res = c.Get("/public/schedule?lang=en");
  ASSERT_TRUE(res);
  EXPECT_NE(res->body.find("lang=\"en\""), std::string::npos);
  EXPECT_NE(res->body.find("Friday 27 November"), std::string::npos) << res->body.substr(0, 3000);
  EXPECT_NE(res->body.find("Morning 09:00–12:00"), std::string::npos);
  EXPECT_NE(res->body.find("This week"), std::string::npos);
}

TEST(HqPublicSchedule, TheCalendarFeedIsRfc5545) {
  Planned p;
  p.hq.start({"--now", "2026-11-27T10:20:00+08:00", "--morning", "08:30-12:00"});
  httplib::Client c("127.0.0.1", p.hq.port);
  const auto res = c.Get("/public/schedule.ics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/calendar; charset=utf-8");
  const std::string& ics = res->body;
  ASSERT_GE(ics.size(), 4u);
  EXPECT_EQ(ics.substr(ics.size() - 2), "\r\n");
  // Every line ends in CRLF and is at most 75 octets; a bare LF nowhere.
  std::size_t at = 0, longest = 0;
  while (at < ics.size()) {
    const auto end = ics.find("\r\n", at);
    ASSERT_NE(end, std::string::npos);
    longest = std::max(longest, end - at);
    EXPECT_EQ(ics.substr(at, end - at).find('\n'), std::string::npos);
    at = end + 2;
  }
  EXPECT_LE(longest, 75u);
  const auto lines = unfolded(ics);
  EXPECT_EQ(lines.front(), "BEGIN:VCALENDAR");
  EXPECT_EQ(lines.back(), "END:VCALENDAR");
  EXPECT_NE(std::find(lines.begin(), lines.end(), "VERSION:2.0"), lines.end());
  EXPECT_TRUE(std::any_of(lines.begin(), lines.end(), [](const std::string& l) { return l.rfind("PRODID:", 0) == 0; }));
  std::size_t events = 0, uids = 0, stamps = 0;
  for (const auto& l : lines) {
    events += l == "BEGIN:VEVENT";
    uids += l.rfind("UID:", 0) == 0;
    stamps += l.rfind("DTSTAMP:20261127T0220", 0) == 0 && l.size() == 24 && l.back() == 'Z';
  }
  EXPECT_EQ(events, 18u * 2 + 1);
  EXPECT_EQ(uids, events);
  EXPECT_EQ(stamps, events);
  // 冯堃's morning today: 08:30 (the --morning given) to 12:00 in the hall, +08:00, written in UTC.
  const auto uid = std::find(lines.begin(), lines.end(), "UID:sitting-s-2026-11-27-o01@hall-hqd");
  ASSERT_NE(uid, lines.end());
  EXPECT_EQ(*(uid + 2), "DTSTART:20261127T003000Z");
  EXPECT_EQ(*(uid + 3), "DTEND:20261127T040000Z");
  EXPECT_EQ(*(uid + 4), "SUMMARY:冯堃（局长）坐窗口 · A01");
  // The long 职务: commas and semicolons escaped, folded over lines and whole again unfolded; the afternoon 13:00.
  const auto long_uid = std::find(lines.begin(), lines.end(), "UID:sitting-s-long@hall-hqd");
  ASSERT_NE(long_uid, lines.end());
  EXPECT_EQ(*(long_uid + 2), "DTSTART:20261127T050000Z");
  EXPECT_EQ(*(long_uid + 4),
            "SUMMARY:司马相如（党组成员、副局长\\,兼\\;政务服务中心主任（分管企业开办与工程建设审批））坐窗口 · A02");
  EXPECT_NE(ics.find("\r\n "), std::string::npos) << "a long line was folded";
  EXPECT_EQ(ics.find("0632"), std::string::npos) << "no phone number";
  // One department's feed.
  const auto one = c.Get("/public/schedule.ics?department=d07");
  ASSERT_TRUE(one);
  EXPECT_EQ(count_of(one->body, "BEGIN:VEVENT"), 4u) << "欧阳燚 and 司马垚, today and next Monday";
  const auto none = c.Get("/public/schedule.ics?department=%FF%FE");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 404);
}

TEST(HqPublicSchedule, RandomQueriesNeverFailAndTheSixtyFirstLookUpIsRefused) {
  Planned p;
  p.hq.start(kNow);
  std::mt19937 rng(17);
  const std::vector<std::string> pieces = {"department=", "lang=", "en", "zh", "d08", "%E5%8C%BA", "%FF", "%00", "&", "=",
                                           "<script>", "'", "\"", "..%2F", "%", "x", "区行政审批局", "%C0%AF", "+"};
  for (int i = 0; i < 300; ++i) {
    std::string q;
    for (int n = static_cast<int>(rng() % 8); n > 0; --n) q += pieces[rng() % pieces.size()];
    httplib::Client c("127.0.0.1", p.hq.port);
    // Each from its own address (127.0.0.1 is a trusted proxy by default), so the limit does not hide the pages.
    const httplib::Headers from = {{"X-Forwarded-For", "10.1." + std::to_string(i / 200) + "." + std::to_string(i % 200)}};
    const auto res = c.Get(((i % 3 ? "/public/schedule?" : "/public/schedule.ics?") + q).c_str(), from);
    ASSERT_TRUE(res) << q;
    EXPECT_LT(res->status, 500) << q;
    EXPECT_TRUE(res->status == 200 || res->status == 404) << res->status << " " << q;
    EXPECT_EQ(res->body.find("<script>"), std::string::npos) << q;
    EXPECT_EQ(res->body.find("0632"), std::string::npos) << q;
  }
  httplib::Client c("127.0.0.1", p.hq.port);
  const httplib::Headers one = {{"X-Forwarded-For", "10.9.9.9"}};
  for (int i = 0; i < 60; ++i) {
    const auto res = c.Get(i % 2 ? "/public/schedule" : "/public/schedule.ics", one);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << i;
  }
  const auto refused = c.Get("/public/schedule", one);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 429);
  EXPECT_GE(std::stoi(refused->get_header_value("Retry-After")), 1);
  const auto other = c.Get("/public/schedule", httplib::Headers{{"X-Forwarded-For", "10.9.9.10"}});
  ASSERT_TRUE(other);
  EXPECT_EQ(other->status, 200) << "another address is not held up";
}

TEST(HqPublishedResults, LastMonthsGoodRateAsTheDashboardCountsItFedDownWhenItChanges) {
  sync_test::TempDir dir;
  const auto clock = make_clock("2026-11-27T10:20:00+08:00");
  {
    HqStore store(dir.file("hq.db"), *clock);
    store.import_reference(
        protocol::decode_reference(*common::read_text(std::string(KIOSK_ASSETS_DIR) + "/demo/reference.json")));
    // October: 区行政审批局 (o01) three good and one 差评, 区国土住建局 (o05) one 满意; November's do not count.
    using protocol::Level;
    std::vector<protocol::RecordEnvelope> in = {
        case_records::rating(1, "o01", "冯堃", Level::very_satisfied, "2026-10-02"),
        case_records::rating(2, "o01", "冯堃", Level::basic, "2026-10-15"),
        case_records::rating(3, "o01", "冯堃", Level::satisfied, "2026-10-31"),
        case_records::rating(4, "o01", "冯堃", Level::dissatisfied, "2026-10-20"),
        case_records::rating(5, "o05", "欧阳燚", Level::satisfied, "2026-10-09"),
        case_records::rating(6, "o01", "冯堃", Level::very_dissatisfied, "2026-11-02"),
    };
    for (const auto& r : store.ingest("kiosk-a", in)) ASSERT_EQ(r.status, protocol::RecordStatus::accepted) << r.reason;
    const auto results = store.locked([&](sync_db::Db& db) { return last_month_results(db, store.hall_clock()); });
    EXPECT_EQ(results.month, "2026-10");
    EXPECT_EQ(results.departments.size(), 13u) << "every department, rated or not";
    // The same figures as the 工作台's chart for October.
    const nlohmann::json board = dashboard(store, Principal{"admin-a", Role::admin, ""}, KIOSK_ASSETS_DIR, "2026-10");
    const auto& months = board["good_rate"]["months"];
    const auto october = std::find(months.begin(), months.end(), "2026-10") - months.begin();
    for (const auto& series : board["good_rate"]["departments"]) {
      const std::string name = series["department"];
      const auto it = std::find_if(results.departments.begin(), results.departments.end(), [&](const auto& d) {
        return protocol::decode_department(
                   store.locked([&](sync_db::Db& db) {
                     sync_db::Stmt s(db, "SELECT body FROM reference WHERE tbl='departments' AND id=?");
                     s.bind(1, d.department_id);
                     s.step();
                     return s.text(0);
                   }))
                   .name == name;
      });
      ASSERT_NE(it, results.departments.end()) << name;
      EXPECT_EQ(it->ratings, series["ratings"][october].get<std::int64_t>()) << name;
      const auto& rate = series["rates"][october];
      if (rate.is_null())
        EXPECT_FALSE(it->good_rate) << name;
      else
        EXPECT_DOUBLE_EQ(it->good_rate.value_or(-1), rate.get<double>()) << name;
    }
    const auto d08 = std::find_if(results.departments.begin(), results.departments.end(),
                                  [](const auto& d) { return d.department_id == "d08"; });
    ASSERT_NE(d08, results.departments.end());
    EXPECT_EQ(d08->ratings, 4);
    EXPECT_DOUBLE_EQ(d08->good_rate.value_or(-1), 0.75);
  }
  // Through a real hqd: the kiosk's pull stores them; a pull with nothing new carries none; a late October rating
  // changes them and the next pull brings the new figures.
  sync_test::Hq hq{dir};
  const std::string token = hq.enrol("kiosk-b");
  hq.start(kNow);
  const std::string kdb = dir.file("kiosk.db");
  {
    sync_client::SyncClient client(sync_test::client_config(hq, "kiosk-b", token, kdb), kdb);
    client.pull();
  }
  {
    core::Store kiosk(kdb);
    const auto r = core::month_results(kiosk);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->month, "2026-10");
    const auto d08 = std::find_if(r->rows.begin(), r->rows.end(), [](const auto& x) { return x.department.id == "d08"; });
    ASSERT_NE(d08, r->rows.end());
    EXPECT_EQ(d08->ratings, 4);
    EXPECT_DOUBLE_EQ(d08->good_rate.value_or(-1), 0.75);
  }
  httplib::Client c("127.0.0.1", hq.port);
  const httplib::Headers auth = {{"Authorization", "Bearer " + token}, {"X-Device-Id", "kiosk-b"}};
  auto feed = c.Get("/v1/reference", auth);
  ASSERT_TRUE(feed);
  const std::string cursor = protocol::decode_reference(feed->body).cursor;
  feed = c.Get(("/v1/reference?cursor=" + cursor).c_str(), auth);
  ASSERT_TRUE(feed);
  EXPECT_FALSE(protocol::decode_reference(feed->body).published_results) << "unchanged: not sent again";
  const auto late = case_records::rating(7, "o01", "冯堃", protocol::Level::very_satisfied, "2026-10-30");
  const auto up = c.Post("/v1/records", auth, protocol::encode_batch({late}), "application/json");
  ASSERT_TRUE(up);
  ASSERT_EQ(up->status, 200) << up->body;
  feed = c.Get(("/v1/reference?cursor=" + cursor).c_str(), auth);
  ASSERT_TRUE(feed);
  const auto changed = protocol::decode_reference(feed->body).published_results;
  ASSERT_TRUE(changed);
  for (const auto& d : changed->departments)
    if (d.department_id == "d08") {
      EXPECT_EQ(d.ratings, 5);
      EXPECT_DOUBLE_EQ(d.good_rate.value_or(-1), 0.8);
    }
}
