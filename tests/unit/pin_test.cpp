#include <gtest/gtest.h>

#include <random>

#include "kiosk/core/pin.h"
#include "kiosk/core/store.h"
#include "sync/common/sqlite_db.h"
#include "sync/protocol/records.h"
#include "test_util.h"

using namespace core;

namespace {

constexpr std::int64_t kNow = 1'800'000'000;
constexpr std::int64_t kMin = 60;

// Types `n` wrong PINs for `who` at `at`; the last outcome.
PinGate::Outcome wrong(PinGate& gate, const std::string& hash, int n, std::int64_t at, const std::string& who = "o1") {
  PinGate::Outcome last;
  for (int i = 0; i < n; ++i) last = gate.check(who, hash, "111111", at);
  return last;
}

// The pin_attempt records queued for HQ: how many, and how many of them right.
std::pair<std::int64_t, std::int64_t> attempts_queued(const std::string& db) {
  sync_db::Db d(db);
  sync_db::Stmt s(d, "SELECT count(*), count(*) FILTER (WHERE json_extract(payload,'$.ok')) FROM outbox WHERE "
                     "kind='pin_attempt'");
  s.step();
  return {s.integer(0), s.integer(1)};
}

}  // namespace

TEST(PinGate, WrongPinsCountAndLockAcrossARestart) {
  testutil::TempDir dir;
  const std::string hash = hash_pin("246813");
  {
    Store s(dir.file("k.db"));
    PinGate gate(s);
    EXPECT_EQ(gate.check("o1", hash, "111111", kNow).attempts_left, 4);
    EXPECT_EQ(wrong(gate, hash, 3, kNow).attempts_left, 1);
    EXPECT_EQ(gate.check("o1", hash, "111111", kNow).result, PinGate::Result::locked);
  }
  Store s(dir.file("k.db"));
  PinGate gate(s);  // a restarted kiosk: the lock is on file
  EXPECT_EQ(gate.check("o1", hash, "246813", kNow + 10).result, PinGate::Result::locked);
  EXPECT_EQ(gate.locked_for("o1", kNow + 10), 290);
  EXPECT_EQ(gate.check("o1", hash, "246813", kNow + 301).result, PinGate::Result::ok);
}

TEST(PinGate, TheLockGrowsFiveMinutesThenThirtyThenUntilReset) {
  testutil::TempDir dir;
  Store s(dir.file("k.db"));
  PinGate gate(s);
  const std::string hash = hash_pin("246813");
  EXPECT_EQ(wrong(gate, hash, 5, kNow).locked_until, kNow + 5 * kMin);
  // After the first lock the count goes on: five more lock for 30 minutes.
  EXPECT_EQ(gate.check("o1", hash, "111111", kNow + 5 * kMin).attempts_left, 4);
  EXPECT_EQ(wrong(gate, hash, 4, kNow + 5 * kMin).locked_until, kNow + 35 * kMin);
  EXPECT_EQ(gate.check("o1", hash, "246813", kNow + 34 * kMin).result, PinGate::Result::locked);
  // Five more: locked until the bureau resets it, whatever the clock says.
  const auto third = wrong(gate, hash, 5, kNow + 35 * kMin);
  EXPECT_EQ(third.result, PinGate::Result::locked);
  EXPECT_EQ(third.locked_until, protocol::kLockedUntilReset);
  EXPECT_TRUE(gate.locked_until_reset("o1"));
  EXPECT_EQ(gate.check("o1", hash, "246813", kNow + 400 * 86400).result, PinGate::Result::locked);
  // The operator (whom no HQ resets) stops at 30 minutes a time; its attempts are not sent.
  wrong(gate, hash, 5, kNow, "@operator");
  wrong(gate, hash, 5, kNow + 5 * kMin, "@operator");
  EXPECT_EQ(wrong(gate, hash, 5, kNow + 35 * kMin, "@operator").locked_until, kNow + 65 * kMin);
  EXPECT_FALSE(gate.locked_until_reset("@operator"));
  // Every official attempt (15 wrong, the refused ones during a lock are not attempts) went to HQ, no digits.
  EXPECT_EQ(attempts_queued(dir.file("k.db")), std::make_pair(std::int64_t{15}, std::int64_t{0}));
  EXPECT_EQ(s.query_text("SELECT count(*) FROM outbox WHERE payload LIKE '%111111%'"), "0");
  for (const auto& row : s.outbox().due(kNow * 1000 + 1, 100))
    EXPECT_EQ(protocol::validate_body(protocol::RecordKind::pin_attempt, nlohmann::json::parse(row.payload)),
              std::nullopt);
}

TEST(PinGate, ARightPinStartsTheCountAfreshAndIsSentToo) {
  testutil::TempDir dir;
  Store s(dir.file("k.db"));
  PinGate gate(s);
  const std::string hash = hash_pin("246813");
  wrong(gate, hash, 4, kNow);
  EXPECT_EQ(gate.check("o1", hash, "246813", kNow).result, PinGate::Result::ok);
  EXPECT_EQ(gate.check("o1", hash, "111111", kNow).attempts_left, 4);
  EXPECT_EQ(attempts_queued(dir.file("k.db")), std::make_pair(std::int64_t{6}, std::int64_t{1}));
}

TEST(PinGate, HqsCountOfEveryKioskLocksHereAndItsResetClearsHere) {
  testutil::TempDir dir;
  Store s(dir.file("k.db"));
  PinGate gate(s);
  const std::string hash = hash_pin("246813");
  wrong(gate, hash, 2, kNow);  // two guesses here
  // HQ has counted nine over the hall's kiosks (these two among them), and says so in the feed.
  protocol::ReferenceData d;
  d.pin_locks.push_back({"o1", 9, kNow + 5 * kMin, 0});
  s.apply_reference(d);
  EXPECT_EQ(gate.check("o1", hash, "111111", kNow + 1).result, PinGate::Result::locked);  // HQ's first lock holds
  // The tenth guess, here, earns the second lock at once.
  const auto tenth = gate.check("o1", hash, "111111", kNow + 5 * kMin);
  EXPECT_EQ(tenth.result, PinGate::Result::locked);
  EXPECT_EQ(tenth.locked_until, kNow + 35 * kMin);
  // HQ locks until reset (15 guesses over all kiosks); then the bureau resets it: this kiosk's own count goes too,
  // from memory as well as from the file.
  d.pin_locks = {{"o1", 15, protocol::kLockedUntilReset, 0}};
  s.apply_reference(d);
  EXPECT_TRUE(gate.locked_until_reset("o1"));
  d.pin_locks = {{"o1", 0, 0, 1}};
  s.apply_reference(d);
  EXPECT_EQ(gate.locked_for("o1", kNow + 40 * kMin), 0);
  EXPECT_EQ(gate.check("o1", hash, "111111", kNow + 40 * kMin).attempts_left, 4);
  EXPECT_EQ(gate.check("o1", hash, "246813", kNow + 40 * kMin).result, PinGate::Result::ok);
  // The same feed again (no new reset) clears nothing.
  wrong(gate, hash, 3, kNow + 41 * kMin);
  s.apply_reference(d);
  EXPECT_EQ(gate.check("o1", hash, "111111", kNow + 41 * kMin).attempts_left, 1);
}

// Random sequences of right and wrong PINs, HQ counts and resets, against the rule written out on its own.
TEST(PinGate, RandomAttemptsFollowTheRule) {
  testutil::TempDir dir;
  Store s(dir.file("k.db"));
  PinGate gate(s);
  const std::string hash = hash_pin("246813");
  std::mt19937 rng(20);
  int failures = 0;
  std::int64_t until = 0, now = kNow;
  for (int i = 0; i < 200; ++i) {
    now += static_cast<std::int64_t>(rng() % 900);
    const bool right = rng() % 4 == 0;
    const auto r = gate.check("o1", hash, right ? "246813" : "111111", now);
    if (until > now) {
      ASSERT_EQ(r.result, PinGate::Result::locked) << i;
      continue;
    }
    if (right) {
      ASSERT_EQ(r.result, PinGate::Result::ok) << i;
      failures = 0;
      continue;
    }
    ++failures;
    if (failures % 5 == 0)
      until = failures >= 15 ? protocol::kLockedUntilReset : now + (failures == 5 ? 300 : 1800);
    ASSERT_EQ(r.result, until > now ? PinGate::Result::locked : PinGate::Result::wrong) << i;
    if (until == protocol::kLockedUntilReset) break;
  }
}

// Issue 19 point 5: with a disk that takes no writes, wrong PINs must still count and lock the pad.
TEST(PinGate, AttemptsThatCannotBeSavedStillCountAndLock) {
  testutil::TempDir dir;
  Store s(dir.file("k.db"));
  const std::string hash = hash_pin("246813");
  PinGate gate(s);
  EXPECT_EQ(gate.check("o1", hash, "111111", kNow).attempts_left, 4);  // on file
  s.query_text("PRAGMA query_only=1");  // every write now fails, as on a full disk
  EXPECT_THROW(s.set_pin_state("o1", {}), StoreError);
  EXPECT_EQ(wrong(gate, hash, 3, kNow).attempts_left, 1);
  const auto locked = gate.check("o1", hash, "111111", kNow);
  EXPECT_EQ(locked.result, PinGate::Result::locked);
  EXPECT_EQ(locked.locked_until, kNow + 300);
  // The right PIN during the lock is refused; the lock holds for its whole time.
  EXPECT_EQ(gate.check("o1", hash, "246813", kNow + 100).result, PinGate::Result::locked);
  EXPECT_EQ(gate.locked_for("o1", kNow + 100), 200);
  EXPECT_EQ(gate.check("o1", hash, "246813", kNow + 301).result, PinGate::Result::ok);
  // Another official's count is their own.
  EXPECT_EQ(gate.check("o2", hash, "111111", kNow + 301).attempts_left, 4);
}
