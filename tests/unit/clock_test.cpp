#include <gtest/gtest.h>

#include "kiosk/core/clock.h"
#include "kiosk/core/duty.h"

using namespace core;

TEST(Clock, CivilTimeAtOffset) {
  // 2026-11-28T01:30:00Z is 09:30 in Beijing, a Saturday.
  const auto t = parse_iso8601("2026-11-28T01:30:00Z", 0);
  ASSERT_TRUE(t);
  const CivilTime c = to_civil(*t, 480);
  EXPECT_EQ(c.date(), "2026-11-28");
  EXPECT_EQ(c.hhmm(), "09:30");
  EXPECT_EQ(c.weekday, 5);
}

TEST(Clock, IsoRoundTripAndZones) {
  const auto a = parse_iso8601("2026-11-28T09:30:00+08:00", 0);
  const auto b = parse_iso8601("2026-11-28T09:30", 480);
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(to_iso8601(*a, 480), "2026-11-28T09:30:00+08:00");
  EXPECT_FALSE(parse_iso8601("2026-13-01T00:00:00Z", 0));
  EXPECT_FALSE(parse_iso8601("yesterday", 0));
  EXPECT_FALSE(parse_iso8601("2026-11-28T09:30:00+0800", 0));
}

TEST(Clock, DateArithmetic) {
  EXPECT_EQ(add_days("2026-12-30", 3), "2027-01-02");
  EXPECT_EQ(add_days("2024-02-28", 1), "2024-02-29");
  EXPECT_EQ(add_days("2026-02-30", 1), "");
  EXPECT_EQ(weekday_of("2026-11-30"), 0);
  EXPECT_EQ(week_start("2026-11-29"), "2026-11-23");
  EXPECT_EQ(parse_hhmm("13:05"), 13 * 60 + 5);
  EXPECT_FALSE(parse_hhmm("25:00"));
}

TEST(Clock, ManualClockMovesOnlyWhenTold) {
  ManualClock c(1000);
  EXPECT_EQ(c.now(), 1000);
  c.advance(61);
  EXPECT_EQ(c.now(), 1061);
  c.set(5);
  EXPECT_EQ(c.now(), 5);
}

TEST(Duty, HalfDayBoundary) {
  EXPECT_EQ(half_at(11 * 60 + 59, 13 * 60), HalfDay::am);
  EXPECT_EQ(half_at(12 * 60, 13 * 60), HalfDay::pm);
}
