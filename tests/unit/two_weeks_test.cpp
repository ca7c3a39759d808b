// 本周/下周坐窗口 and 上月评价结果 in the kiosk core: which planned sittings of the two weeks are shown, grouped by day
// and half-day; and the published results as they travel in the feed and are kept by the store.
#include <gtest/gtest.h>

#include "kiosk/core/published_results.h"
#include "kiosk/core/store.h"
#include "kiosk/core/two_weeks.h"
#include "sync/protocol/reference_json.h"
#include "test_util.h"

using core::HalfDay;

namespace {

// A hall of two departments, two windows, three officials, and a plan around Friday 2026-11-27.
protocol::ReferenceData hall() {
  protocol::ReferenceData d;
  d.full = true;
  d.departments = {{"d1", "区行政审批局", "行政审批局", 1}, {"d2", "区税务局", "税务局", 2}};
  d.windows = {{"w1", "A01", "企业开办", "d1"}, {"w2", "B02", "发票", "d2"}};
  d.officials = {{"o1", "冯堃", "局长", protocol::Rank::head, "d1", "0632-8355010", std::nullopt, std::nullopt},
                 {"o2", "郜婧", "科长", protocol::Rank::chief, "d2", "0632-8355020", std::nullopt, std::nullopt},
                 {"o3", "郗𪚥", "副局长", protocol::Rank::deputy, "d1", "", std::nullopt, std::nullopt}};
  const auto plan = [&](const char* id, const char* date, HalfDay half, const char* who, const char* where) {
    d.schedule.push_back({id, date, half, who, where, ""});
  };
  plan("past", "2026-11-26", HalfDay::am, "o1", "w1");      // yesterday: gone
  plan("t-pm", "2026-11-27", HalfDay::pm, "o1", "w1");      // today, afternoon
  plan("t-am-b", "2026-11-27", HalfDay::am, "o2", "w2");    // today, morning, window B02
  plan("t-am-a", "2026-11-27", HalfDay::am, "o3", "w1");    // today, morning, window A01: listed first
  plan("sun", "2026-11-29", HalfDay::am, "o2", "w2");       // Sunday of this week
  plan("mon", "2026-11-30", HalfDay::pm, "o3", "w1");       // Monday of next week
  plan("nsun", "2026-12-06", HalfDay::am, "o1", "w1");      // next week's last day
  plan("later", "2026-12-07", HalfDay::am, "o1", "w1");     // the week after: not yet
  return d;
}

}  // namespace

TEST(TwoWeeks, TheRangeIsTodayToTheSundayOfNextWeek) {
  EXPECT_EQ(core::two_weeks_from("2026-11-27").from, "2026-11-27");
  EXPECT_EQ(core::two_weeks_from("2026-11-27").to, "2026-12-06");
  EXPECT_EQ(core::two_weeks_from("2026-11-23").to, "2026-12-06") << "from a Monday: fourteen days";
  EXPECT_EQ(core::two_weeks_from("2026-11-29").to, "2026-12-06") << "from a Sunday: that day and next week";
  EXPECT_EQ(core::two_weeks_from("2026-12-31").to, "2027-01-10") << "over the year's end";
  EXPECT_TRUE(core::two_weeks_from("2026-02-30").from.empty());
}

TEST(TwoWeeks, PlannedSittingsByDayAndHalfDayWithWhoAndWhere) {
  testutil::TempDir dir;
  core::Store store(dir.file("k.db"));
  store.apply_reference(hall());
  // Someone who came unplanned is on the duty board but was never published ahead.
  store.check_in({"o2", "w1", std::nullopt, "2026-11-27", HalfDay::pm, 1'795'000'000, std::string("顶班")});
  const auto days = core::two_weeks(store, "2026-11-27");
  ASSERT_EQ(days.size(), 4u);
  EXPECT_EQ(days[0].date, "2026-11-27");
  EXPECT_EQ(days[0].week, 0);
  ASSERT_EQ(days[0].halves[0].size(), 2u);
  EXPECT_EQ(days[0].halves[0][0].official.name, "郗𪚥") << "by window: A01 before B02";
  EXPECT_EQ(days[0].halves[0][0].window.number, "A01");
  EXPECT_EQ(days[0].halves[0][0].department.name, "区行政审批局");
  EXPECT_EQ(days[0].halves[0][1].official.title, "科长");
  ASSERT_EQ(days[0].halves[1].size(), 1u) << "the unplanned sitting is not in the plan";
  EXPECT_EQ(days[0].halves[1][0].schedule_id, "t-pm");
  EXPECT_EQ(days[1].date, "2026-11-29");
  EXPECT_EQ(days[1].week, 0);
  EXPECT_TRUE(days[1].halves[1].empty());
  EXPECT_EQ(days[2].date, "2026-11-30");
  EXPECT_EQ(days[2].week, 1);
  EXPECT_EQ(days[2].halves[1][0].official.id, "o3");
  EXPECT_EQ(days[3].date, "2026-12-06");
  EXPECT_EQ(days[3].week, 1);
  // On the next Monday, this week is what was next week, and the week after comes into view.
  const auto later = core::two_weeks(store, "2026-11-30");
  ASSERT_EQ(later.size(), 3u);
  EXPECT_EQ(later[0].week, 0);
  EXPECT_EQ(later[2].date, "2026-12-07");
  EXPECT_EQ(later[2].week, 1);
}

TEST(PublishedResults, TravelInTheFeedAndAreKeptInTheHallsOrder) {
  protocol::ReferenceData d = hall();
  d.published_results = protocol::PublishedResults{"2026-10", {{"d2", 120, 0.975}, {"d1", 0, std::nullopt}, {"dx", 3, 1.0}}};
  const protocol::ReferenceData e = protocol::decode_reference(protocol::encode_reference(d));
  ASSERT_TRUE(e.published_results);
  EXPECT_EQ(e.published_results->month, "2026-10");
  ASSERT_EQ(e.published_results->departments.size(), 3u);
  EXPECT_EQ(e.published_results->departments[0].ratings, 120);
  EXPECT_DOUBLE_EQ(e.published_results->departments[0].good_rate.value_or(-1), 0.975);
  EXPECT_FALSE(e.published_results->departments[1].good_rate);

  testutil::TempDir dir;
  core::Store store(dir.file("k.db"));
  store.apply_reference(hall());
  EXPECT_FALSE(core::month_results(store)) << "nothing before HQ publishes";
  store.apply_reference(e);
  const auto r = core::month_results(store);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->month, "2026-10");
  ASSERT_EQ(r->rows.size(), 2u) << "a department the kiosk does not know is left out";
  EXPECT_EQ(r->rows[0].department.name, "区行政审批局");
  EXPECT_EQ(r->rows[0].ratings, 0);
  EXPECT_EQ(r->rows[1].department.name, "区税务局");
  // A later message without figures keeps them; one with new figures replaces them.
  protocol::ReferenceData none;
  store.apply_reference(none);
  EXPECT_EQ(core::month_results(store)->month, "2026-10");
  protocol::ReferenceData next;
  next.published_results = protocol::PublishedResults{"2026-11", {{"d1", 5, 0.8}}};
  store.apply_reference(next);
  EXPECT_EQ(core::month_results(store)->rows.size(), 1u);
  EXPECT_EQ(core::month_results(store)->month, "2026-11");
}

TEST(PublishedResults, AreCheckedWhenTheyArrive) {
  const auto decode = [](const std::string& results) {
    return protocol::decode_reference(R"({"protocol":1,"published_results":)" + results + "}");
  };
  EXPECT_NO_THROW(decode(R"({"month":"2026-10","departments":[{"department_id":"d1","ratings":3,"good_rate":null}]})"));
  EXPECT_THROW(decode(R"({"month":"2026-13","departments":[]})"), protocol::DecodeError);
  EXPECT_THROW(decode(R"({"month":"2026-10","departments":[{"department_id":"d1","ratings":-1}]})"), protocol::DecodeError);
  EXPECT_THROW(decode(R"({"month":"2026-10","departments":[{"department_id":"d1","ratings":1,"good_rate":1.5}]})"),
               protocol::DecodeError);
  EXPECT_THROW(decode(R"({"month":"2026-10","departments":[{"department_id":"d1","ratings":1,"good_rate":"97%"}]})"),
               protocol::DecodeError);
}
