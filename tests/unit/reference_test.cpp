#include <gtest/gtest.h>

#include "sync/protocol/reference_json.h"

using namespace protocol;

TEST(ReferenceJson, RoundTrip) {
  ReferenceData d;
  d.cursor = "c42";
  d.full = true;
  d.departments.push_back({"d1", "区行政审批局", "行政审批局", 8});
  d.windows.push_back({"w1", "A01", "企业开办", "d1"});
  d.officials.push_back({"o1", "龑䶮", "局长", Rank::head, "d1", "0632-1", std::nullopt, std::string("$argon2id$x")});
  d.schedule.push_back({"s1", "2026-11-28", HalfDay::pm, "o1", "w1", "备注"});
  d.sittings.push_back({"u1", "o1", "w1", std::string("s1"), "2026-11-28T13:02:00+08:00", std::nullopt});
  d.service_items.push_back({"i1", "d1", "企业开办", ItemType::one_thing, "企业", "线上", "网址", "一科", "8355066", ""});
  d.deleted.push_back({"schedule", {"s0"}});
  const ReferenceData e = decode_reference(encode_reference(d));
  EXPECT_EQ(e.cursor, "c42");
  EXPECT_TRUE(e.full);
  ASSERT_EQ(e.officials.size(), 1u);
  EXPECT_EQ(e.officials[0].name, "龑䶮");
  EXPECT_EQ(e.officials[0].rank, Rank::head);
  EXPECT_EQ(e.officials[0].pin_hash.value_or(""), "$argon2id$x");
  EXPECT_FALSE(e.officials[0].photo);
  ASSERT_EQ(e.schedule.size(), 1u);
  EXPECT_EQ(e.schedule[0].half, HalfDay::pm);
  EXPECT_EQ(e.sittings[0].schedule_id.value_or(""), "s1");
  EXPECT_EQ(e.service_items[0].type, ItemType::one_thing);
  ASSERT_EQ(e.deleted.size(), 1u);
  EXPECT_EQ(e.deleted[0].second[0], "s0");
}

TEST(ReferenceJson, ErrorsNameTheField) {
  auto message = [](const std::string& text) {
    try {
      decode_reference(text);
    } catch (const DecodeError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(message("{").find("not valid JSON"), std::string::npos);
  EXPECT_NE(message(R"({"protocol":2})").find("protocol 2"), std::string::npos);
  EXPECT_NE(message(R"({"protocol":1,"officials":[{"id":"o1","name":"a","title":"b","rank":"boss","department_id":"d"}]})")
                .find("officials[0] field \"rank\" has unknown value \"boss\""),
            std::string::npos);
  EXPECT_NE(message(R"({"protocol":1,"schedule":[{"id":"s","date":"28/11/2026","half":"am","official_id":"o","window_id":"w"}]})")
                .find("not a date"),
            std::string::npos);
  EXPECT_NE(message(R"({"protocol":1,"departments":[{"name":"x"}]})").find("departments[0] lacks \"id\""),
            std::string::npos);
  // Invalid UTF-8 inside a string is refused, not stored.
  EXPECT_NE(message("{\"protocol\":1,\"departments\":[{\"id\":\"d\",\"name\":\"\xff\"}]}").find("not valid JSON"),
            std::string::npos);
}

TEST(ReferenceJson, ReasonListAndCalendarTravelWithTheFeed) {
  ReferenceData d;
  d.reason_list = ReasonList{"hq-2", {{"attitude", "服务态度", "Attitude", {{"impolite", "态度生硬", "Rude"}}}}};
  d.calendar = CalendarData{"hq-2026", {"2026-10-01"}, {"2026-10-10"}};
  const ReferenceData e = decode_reference(encode_reference(d));
  ASSERT_TRUE(e.reason_list && e.calendar);
  EXPECT_EQ(e.reason_list->version, "hq-2");
  EXPECT_EQ(e.reason_list->groups[0].reasons[0].zh, "态度生硬");
  EXPECT_EQ(e.calendar->workdays[0], "2026-10-10");
  // The kiosk's default files have the same shape.
  EXPECT_THROW(decode_calendar(R"({"version":"x","holidays":["2026-13-01"],"workdays":[]})"), DecodeError);
  EXPECT_THROW(decode_reason_list(R"({"version":"x","groups":[]})"), DecodeError);
}
