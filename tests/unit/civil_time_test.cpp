// sync/common's civil dates and timestamps: the strict cases every reader of dates relies on.
#include "sync/common/civil_time.h"

#include <gtest/gtest.h>

#include "sync/common/clock.h"

using namespace common;

TEST(CivilTime, DatesAreRealDaysOfThisCentury) {
  EXPECT_TRUE(valid_date("2028-02-29"));   // a leap year
  EXPECT_FALSE(valid_date("2026-02-29"));  // not one
  EXPECT_FALSE(valid_date("2026-02-31"));
  EXPECT_FALSE(valid_date("2026-04-31"));
  EXPECT_TRUE(valid_date("2026-12-31"));
  EXPECT_TRUE(valid_date("2000-01-01"));
  EXPECT_TRUE(valid_date("2099-12-31"));
  EXPECT_FALSE(valid_date("1999-12-31"));
  EXPECT_FALSE(valid_date("2100-01-01"));
  EXPECT_FALSE(valid_date("2026-13-01"));
  EXPECT_FALSE(valid_date("2026-00-10"));
  EXPECT_FALSE(valid_date("2026-1-05"));
  EXPECT_FALSE(valid_date("2026-01-05 "));
  EXPECT_FALSE(valid_date("+026-01-05"));
}

TEST(CivilTime, DateArithmetic) {
  EXPECT_EQ(add_days("2028-02-28", 1), "2028-02-29");
  EXPECT_EQ(add_days("2026-02-28", 1), "2026-03-01");
  EXPECT_EQ(add_days("2026-03-01", -1), "2026-02-28");
  EXPECT_EQ(add_days("2026-02-31", 1), "");
  EXPECT_EQ(weekday_of("2026-11-30"), 0);  // a Monday
  EXPECT_EQ(weekday_of("2026-11-29"), 6);
  EXPECT_EQ(weekday_of("2026-02-29"), -1);
  EXPECT_EQ(format_date(*parse_date("2026-11-28")), "2026-11-28");
}

TEST(CivilTime, WireTimestampsNeedSecondsAndAZone) {
  EXPECT_EQ(parse_timestamp("2026-11-28T01:30:00Z"), from_civil(2026, 11, 28, 1, 30, 0, 0));
  EXPECT_EQ(parse_timestamp("2026-11-28T09:30:00+08:00"), parse_timestamp("2026-11-28T01:30:00Z"));
  EXPECT_EQ(parse_timestamp("2026-11-27T20:00:00-05:30"), parse_timestamp("2026-11-28T01:30:00Z"));
  EXPECT_EQ(parse_timestamp("2026-11-28T01:30:00.250Z"), parse_timestamp("2026-11-28T01:30:00Z"));
  EXPECT_FALSE(parse_timestamp("2026-11-28T09:30:00"));     // no zone
  EXPECT_FALSE(parse_timestamp("2026-11-28T09:30+08:00"));  // no seconds
  EXPECT_FALSE(parse_timestamp("2026-11-28T09:30:00+0800"));
  EXPECT_FALSE(parse_timestamp("2026-11-28T09:30:00+15:00"));  // no such zone
  EXPECT_FALSE(parse_timestamp("2026-02-31T09:30:00Z"));
  EXPECT_FALSE(parse_timestamp("2100-01-01T00:00:00Z"));
  EXPECT_FALSE(parse_timestamp("2026-11-28T24:00:00Z"));
  EXPECT_FALSE(parse_timestamp("2026-11-28T09:30:60Z"));
  const auto z = parse_timestamp_zoned("2026-11-28T09:30:00+08:00");
  ASSERT_TRUE(z);
  EXPECT_EQ(z->utc_offset_minutes, 480);
}

TEST(CivilTime, WrittenTimesMayOmitSecondsAndZone) {
  EXPECT_EQ(parse_iso8601("2026-11-28T09:30", 480), parse_timestamp("2026-11-28T01:30:00Z"));
  EXPECT_EQ(parse_iso8601("2026-11-28T09:30:00Z", 480), parse_timestamp("2026-11-28T09:30:00Z"));
  EXPECT_FALSE(parse_iso8601("2026-02-29T09:30", 480));
  EXPECT_FALSE(parse_iso8601("1999-12-31T23:59", 480));
  EXPECT_FALSE(parse_iso8601("2026-11-28T9:30", 480));
}

TEST(CivilTime, FormattingAndOffsets) {
  const std::int64_t t = *parse_timestamp("2026-11-28T01:02:03Z");
  EXPECT_EQ(format_timestamp_utc(t), "2026-11-28T01:02:03Z");
  EXPECT_EQ(to_iso8601(t, 480), "2026-11-28T09:02:03+08:00");
  EXPECT_EQ(to_iso8601(t, -90), "2026-11-27T23:32:03-01:30");
  EXPECT_EQ(utc_date(t), "2026-11-28");
  EXPECT_EQ(to_civil(t, -120).date(), "2026-11-27");
  EXPECT_EQ(to_civil(t, 480).weekday, 5);  // a Saturday in Beijing
  EXPECT_EQ(parse_utc_offset("+08:00"), 480);
  EXPECT_EQ(parse_utc_offset("-05:30"), -330);
  EXPECT_EQ(parse_utc_offset("Z"), 0);
  EXPECT_FALSE(parse_utc_offset("+8"));
  EXPECT_FALSE(parse_utc_offset("+14:30"));
  EXPECT_EQ(format_utc_offset(-330), "-05:30");
}

TEST(CivilTime, OffsetClockStartsWhereItIsTold) {
  const std::int64_t start = *parse_timestamp("2026-11-28T01:30:00Z");
  const OffsetClock c(start);
  EXPECT_LE(c.now() - start, 1);
  EXPECT_GE(c.now(), start);
  EXPECT_LE(c.now_ms() / 1000 - c.now(), 1);
  ManualClock m(start);
  m.advance(2);
  EXPECT_EQ(m.now_ms(), (start + 2) * 1000);
}
