// The console's dashboard and misuse flags at the store level, on a real file with the demo reference data: today's
// board matched as the kiosk matches it, 好评率 by department and month (a 差评 voided on 申诉 counted nowhere, as in
// the 报表), the department ranking, the top reasons, 办不成事 by kind with median working days, sittings against the
// rule, each within the principal's role; ratings that came too fast from one kiosk for one target flagged, listed,
// reviewed by the bureau only, audited.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "case_records.h"
#include "demo_store.h"
#include "sync/common/read_text.h"
#include "sync/hq/casework.h"
#include "sync/hq/console_api.h"
#include "sync/hq/dashboard.h"
#include "sync/hq/hall_clock.h"
#include "sync/hq/hq_store.h"
#include "sync/hq/misuse_check.h"
#include "sync/hq/rating_cases.h"
#include "sync/protocol/reference_json.h"
#include "sync_fixture.h"

using namespace hq;
using nlohmann::json;
using protocol::Level;

namespace {

using demo_store::kAdmin;
using demo_store::kShenpi;
using demo_store::kZhujian;

// The demo hall, and its 工作台 for a principal.
struct Hall : demo_store::DemoStore {
  json board(const Principal& who, const std::string& month = "") { return dashboard(store, who, KIOSK_ASSETS_DIR, month); }
};

// A rating of an official at an exact time ("2026-11-27T10:00:05+08:00").
protocol::RecordEnvelope rating_at(std::uint64_t n, const std::string& official, Level level, const std::string& at) {
  auto e = case_records::rating(n, official, official == "o01" ? "冯堃" : "欧阳燚", level, at.substr(0, 10));
  auto b = protocol::decode_body<protocol::RatingBody>(e.body);
  b.created_at = at;
  return {b.uuid, "rating", at, protocol::encode(b), "", std::nullopt};
}

protocol::RecordEnvelope checkin(std::uint64_t n, const std::string& official, const std::string& window,
                                 const std::optional<std::string>& schedule_id, const std::string& at) {
  protocol::CheckInBody b;
  b.uuid = case_records::uuid_of(n, 3);
  b.official_id = official;
  b.window_id = window;
  b.schedule_id = schedule_id;
  b.date = at.substr(0, 10);
  b.half = protocol::HalfDay::am;
  b.checkin_at = at;
  if (!schedule_id) b.unscheduled_reason = "临时替班";
  return {b.uuid, "checkin", at, protocol::encode(b), "", std::nullopt};
}

const json& department(const json& series, const std::string& name) {
  for (const auto& d : series)
    if (d["department"] == name) return d;
  static const json none;
  ADD_FAILURE() << name << " not in " << series.dump();
  return none;
}

}  // namespace

TEST(HqDashboard, TodayBoardMatchesSittingsToTheScheduleAsTheKioskDoes) {
  Hall h;
  protocol::ReferenceData plan;
  plan.schedule = {{"s1", "2026-11-27", protocol::HalfDay::am, "o01", "wA01", ""},
                   {"s2", "2026-11-27", protocol::HalfDay::am, "o05", "wA02", ""},
                   {"s3", "2026-11-28", protocol::HalfDay::am, "o02", "wA03", ""}};
  h.store.import_reference(plan);
  json b = h.board(kAdmin);
  ASSERT_EQ(b["duty"].size(), 2u) << b["duty"].dump();
  EXPECT_EQ(b["duty"][0]["official"], "冯堃");
  EXPECT_EQ(b["duty"][0]["status"], "not_arrived");
  EXPECT_EQ(b["duty"][0]["window"], "A01");
  // 冯堃 checks in on his plan; 韩昇 sits without one.
  h.ingest({checkin(1, "o01", "wA01", "s1", "2026-11-27T09:05:00+08:00"),
            checkin(2, "o03", "wA04", std::nullopt, "2026-11-27T09:30:00+08:00")});
  b = h.board(kAdmin);
  ASSERT_EQ(b["duty"].size(), 3u) << b["duty"].dump();
  EXPECT_EQ(b["duty"][0]["status"], "on_duty");
  EXPECT_EQ(b["duty"][0]["since_local"], "09:05");
  EXPECT_EQ(b["duty"][1]["status"], "not_arrived");
  EXPECT_EQ(b["duty"][2]["official"], "韩昇");
  EXPECT_EQ(b["duty"][2]["planned"], false);
  EXPECT_EQ(b["duty"][2]["rank"]["label_key"], "rank.chief");
  // A liaison sees their own department's lines only.
  const json z = h.board(kZhujian);
  ASSERT_EQ(z["duty"].size(), 1u);
  EXPECT_EQ(z["duty"][0]["official"], "欧阳燚");
  // Sittings against the rule this period: 冯堃 (head) has sat this year; the chiefs' quarter counts 韩昇 once open.
  bool saw_head = false;
  for (const auto& r : b["sittings_by_rank"])
    if (r["word"] == "head") {
      saw_head = true;
      EXPECT_EQ(r["period"], "2026年");
      EXPECT_GE(r["officials"].get<int>(), 2);
      EXPECT_EQ(r["met"], 0) << "a sitting counts once it is closed after half a working day";
    }
  EXPECT_TRUE(saw_head) << b["sittings_by_rank"].dump();
}

TEST(HqDashboard, GoodRateByMonthRankingReasonsAndReportsWithinTheRole) {
  Hall h;
  std::uint64_t n = 100;
  // 区行政审批局 (o01): October 1 满意; November 3 满意 and 1 不满意. 区国土住建局 (o05): November 1 满意, 1 非常不满意.
  h.ingest({rating_at(n++, "o01", Level::satisfied, "2026-10-12T10:00:00+08:00"),
            rating_at(n++, "o01", Level::satisfied, "2026-11-02T10:00:00+08:00"),
            rating_at(n++, "o01", Level::satisfied, "2026-11-03T10:00:00+08:00"),
            rating_at(n++, "o01", Level::satisfied, "2026-11-27T09:00:00+08:00"),
            rating_at(n++, "o01", Level::dissatisfied, "2026-11-27T09:10:00+08:00"),
            rating_at(n++, "o05", Level::satisfied, "2026-11-05T10:00:00+08:00"),
            rating_at(n++, "o05", Level::very_dissatisfied, "2026-11-20T10:00:00+08:00")});
  const auto report = case_records::report(900, "d08", "2026-11-20", "2026-11-25");
  h.ingest({report});
  json b = h.board(kAdmin);
  EXPECT_EQ(b["month"], "2026-11");
  EXPECT_EQ(b["good_rate"]["months"], json({"2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"}));
  const json& shenpi = department(b["good_rate"]["departments"], "区行政审批局");
  EXPECT_EQ(shenpi["ratings"][4], 1);
  EXPECT_DOUBLE_EQ(shenpi["rates"][4].get<double>(), 1.0);
  EXPECT_EQ(shenpi["ratings"][5], 4);
  EXPECT_DOUBLE_EQ(shenpi["rates"][5].get<double>(), 0.75);
  EXPECT_TRUE(shenpi["rates"][0].is_null()) << "a month without ratings has no rate, not 0";
  EXPECT_EQ(b["today_numbers"]["ratings"], 2);
  EXPECT_EQ(b["today_numbers"]["bad"], 1);
  // Ranked by 好评率: 审批局 0.75 before 住建局 0.5; departments nobody rated come last without a place.
  ASSERT_GE(b["ranking"].size(), 3u);
  EXPECT_EQ(b["ranking"][0]["department"], "区行政审批局");
  EXPECT_EQ(b["ranking"][0]["place"], 1);
  EXPECT_EQ(b["ranking"][1]["department"], "区国土住建局");
  EXPECT_EQ(b["ranking"][1]["place"], 2);
  EXPECT_TRUE(b["ranking"][2]["place"].is_null());
  EXPECT_EQ(b["ranking"][0]["reports"], 1);
  EXPECT_EQ(b["ranking"][0]["overdue"], 1) << "the report promised for 11-25 is overdue on 11-27";
  ASSERT_EQ(b["top_reasons"].size(), 1u);
  EXPECT_EQ(b["top_reasons"][0]["reason"], "等候时间长");
  EXPECT_EQ(b["top_reasons"][0]["n"], 2);
  ASSERT_EQ(b["report_kinds"].size(), 1u);
  EXPECT_EQ(b["report_kinds"][0]["label_key"], "kind.many_trips");
  EXPECT_TRUE(b["report_kinds"][0]["median_days"].is_null());
  // Open cases by deadline, the overdue report among them; the 差评 with theirs.
  ASSERT_EQ(b["open_cases"]["reports"]["items"].size(), 1u);
  EXPECT_EQ(b["open_cases"]["reports"]["items"][0]["overdue"], true);
  EXPECT_EQ(b["open_cases"]["ratings"]["items"].size(), 2u);
  EXPECT_EQ(b["open_cases"]["ratings"]["counts"]["open"], 2);

  // Done a week after filing: 5 working days (Friday to Friday).
  set_report(h.store, report.uuid.empty() ? "" : protocol::decode_body<protocol::ReportBody>(report.body).receipt,
             "done", std::string("已办好"));
  b = h.board(kAdmin);
  EXPECT_EQ(b["report_kinds"][0]["median_days"], 5);
  EXPECT_EQ(b["open_cases"]["reports"]["items"].size(), 0u);

  // 住建局's 非常不满意 found 恶意 on 申诉: it counts nowhere, so 住建局 is at 100 % on one rating.
  const std::string bad = rating_at(106, "o05", Level::very_dissatisfied, "2026-11-20T10:00:00+08:00").uuid;
  appeal_rating(h.store, kZhujian, bad, "恶意", "同一人连续差评");
  decide_appeal(h.store, kAdmin, bad, true, "核实为恶意");
  b = h.board(kAdmin);
  const json& zhujian = department(b["good_rate"]["departments"], "区国土住建局");
  EXPECT_EQ(zhujian["ratings"][5], 1);
  EXPECT_DOUBLE_EQ(zhujian["rates"][5].get<double>(), 1.0);
  EXPECT_EQ(b["ranking"][0]["department"], "区国土住建局");
  EXPECT_EQ(b["top_reasons"][0]["n"], 1);

  // A liaison sees their own department in every part.
  const json z = h.board(kZhujian);
  EXPECT_EQ(z["good_rate"]["departments"].size(), 1u);
  EXPECT_EQ(z["ranking"].size(), 1u);
  EXPECT_EQ(z["open_cases"]["ratings"]["items"].size(), 0u);
  EXPECT_EQ(z["today_numbers"]["ratings"], 0);
  const json s = h.board(kShenpi);
  EXPECT_EQ(s["today_numbers"]["ratings"], 2);
  EXPECT_EQ(s["open_cases"]["ratings"]["items"].size(), 1u);

  // Another month, and months that are not.
  EXPECT_EQ(h.board(kAdmin, "2026-10")["ranking"][0]["ratings"], 1);
  EXPECT_EQ(h.board(kAdmin, "2027-01")["good_rate"]["months"][0], "2026-08");
  for (const char* m : {"2026-13", "2026-1", "abcd-ef", "2026-11-01", "２０２６-11"})
    EXPECT_THROW(h.board(kAdmin, m), AdminError) << m;
}

TEST(HqDashboard, RatingsTooFastFromOneKioskForOneTargetAreFlaggedNotDropped) {
  Hall h;
  std::uint64_t n = 1;
  auto burst = [&](const std::string& official, int ratings, int every_seconds, const std::string& start_minute,
                   const std::string& device) {
    std::vector<protocol::RecordEnvelope> batch;
    const int start = std::stoi(start_minute.substr(0, 2)) * 3600 + std::stoi(start_minute.substr(3, 2)) * 60;
    for (int i = 0; i < ratings; ++i) {
      const int t = start + i * every_seconds;
      char at[64];
      std::snprintf(at, sizeof at, "2026-11-27T%02d:%02d:%02d+08:00", t / 3600, t / 60 % 60, t % 60);
      batch.push_back(rating_at(n++, official, Level::very_satisfied, at));
    }
    h.ingest(batch, device);
  };
  burst("o01", 5, 10, "09:00", "kiosk-a");  // 5 in 40 s: within the rule
  burst("o01", 6, 20, "09:10", "kiosk-a");  // 6 over 100 s: never more than 4 within 60 s
  burst("o05", 3, 5, "09:20", "kiosk-a");
  burst("o05", 3, 5, "09:20", "kiosk-b");  // two kiosks, 3 each: each within the rule
  EXPECT_EQ(h.count("SELECT count(*) FROM rating_flags"), 0);
  burst("o01", 7, 5, "09:30", "kiosk-a");  // 7 in 30 s: the 6th makes it too many, the 7th goes on with it
  EXPECT_EQ(h.count("SELECT count(*) FROM rating_flags"), 7);
  EXPECT_EQ(h.count("SELECT count(*) FROM records WHERE kind='rating'"), 5 + 6 + 3 + 3 + 7) << "nothing dropped";
  EXPECT_EQ(h.board(kAdmin)["flagged_ratings"], 7);
  EXPECT_EQ(h.board(kShenpi)["flagged_ratings"], 7);
  EXPECT_EQ(h.board(kZhujian)["flagged_ratings"], 0) << "冯堃 is not 住建局's";

  json list = flagged_bursts(h.store, kAdmin, KIOSK_ASSETS_DIR, false);
  ASSERT_EQ(list["items"].size(), 1u) << list.dump();
  const json& b = list["items"][0];
  EXPECT_EQ(b["target"], "冯堃");
  EXPECT_EQ(b["department"], "区行政审批局");
  EXPECT_EQ(b["ratings"], 7);
  EXPECT_EQ(b["first_local"], "09:30");
  EXPECT_EQ(list["rule"]["ratings"], 5);
  EXPECT_EQ(flagged_bursts(h.store, kZhujian, KIOSK_ASSETS_DIR, false)["items"].size(), 0u);
  // Only the bureau reviews, and it is audited.
  EXPECT_THROW(review_burst(h.store, kShenpi, "kiosk-a", "official", "o01", "2026-11-27", "x"), Forbidden);
  EXPECT_THROW(review_burst(h.store, kAdmin, "kiosk-b", "official", "o01", "2026-11-27", "x"), NotFound);
  review_burst(h.store, kAdmin, "kiosk-a", "official", "o01", "2026-11-27", "核实：同一群众为多个窗口评价");
  EXPECT_EQ(flagged_bursts(h.store, kAdmin, KIOSK_ASSETS_DIR, false)["items"].size(), 0u);
  const json done = flagged_bursts(h.store, kAdmin, KIOSK_ASSETS_DIR, true);
  ASSERT_EQ(done["items"].size(), 1u);
  EXPECT_EQ(done["items"][0]["review"]["by"], "admin-a");
  EXPECT_EQ(h.count("SELECT count(*) FROM audit_log WHERE action='rating.flag_review'"), 1);
  EXPECT_EQ(h.board(kAdmin)["flagged_ratings"], 0);

  // A stricter rule, audited; out-of-range rules refused.
  EXPECT_THROW(set_misuse_rule(h.store, kShenpi, {3, 60}), Forbidden);
  for (const MisuseRule bad : {MisuseRule{1, 60}, MisuseRule{101, 60}, MisuseRule{5, 9}, MisuseRule{5, 3601}})
    EXPECT_THROW(set_misuse_rule(h.store, kAdmin, bad), AdminError);
  set_misuse_rule(h.store, kAdmin, {2, 60});
  EXPECT_EQ(h.count("SELECT count(*) FROM audit_log WHERE action='misuse.rule' AND after='2/60s'"), 1);
  burst("o05", 3, 5, "10:00", "kiosk-a");
  EXPECT_EQ(h.count("SELECT count(*) FROM rating_flags WHERE target_id='o05'"), 3);
}

// Random bursts against a rule computed by hand: a rating is flagged exactly when it, or a later one of its kiosk
// and target, ends a window of the rule's seconds holding more than the rule's number of ratings (kiosks send in
// order, so windows are checked as each rating arrives).
TEST(HqDashboard, RandomRatingTimesAreFlaggedExactlyAsTheRuleSays) {
  for (const unsigned seed : {1u, 2u, 3u}) {
    Hall h;
    std::mt19937 rng(seed);
    std::vector<std::pair<std::string, std::int64_t>> sent;  // (target, seconds after 09:00), in order
    std::int64_t t = 0;
    for (int i = 0; i < 150; ++i) {
      t += static_cast<std::int64_t>(rng() % 25);
      sent.push_back({rng() % 3 ? "o01" : "o05", t});
    }
    std::vector<protocol::RecordEnvelope> batch;
    std::uint64_t n = 1;
    for (const auto& [who, s] : sent) {
      char at[64];
      std::snprintf(at, sizeof at, "2026-11-27T%02d:%02d:%02d+08:00", static_cast<int>(9 + s / 3600),
                    static_cast<int>((s / 60) % 60), static_cast<int>(s % 60));
      batch.push_back(rating_at(n++, who, Level::satisfied, at));
    }
    h.ingest(batch);
    std::set<std::size_t> expected;
    for (std::size_t i = 0; i < sent.size(); ++i) {
      std::vector<std::size_t> window;
      for (std::size_t j = 0; j <= i; ++j)
        if (sent[j].first == sent[i].first && sent[j].second >= sent[i].second - 60) window.push_back(j);
      // ratings at the very same second as i that come after it are in its window too
      for (std::size_t j = i + 1; j < sent.size(); ++j)
        if (sent[j].first == sent[i].first && sent[j].second == sent[i].second) window.push_back(j);
      if (window.size() > 5) expected.insert(window.begin(), window.end());
    }
    EXPECT_EQ(h.count("SELECT count(*) FROM rating_flags"), static_cast<std::int64_t>(expected.size()))
        << "seed " << seed;
    for (const auto i : expected)
      EXPECT_EQ(h.count("SELECT count(*) FROM rating_flags WHERE rating_uuid='" + batch[i].uuid + "'"), 1)
          << "seed " << seed << " rating " << i;
  }
}
