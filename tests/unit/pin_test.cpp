#include <gtest/gtest.h>

#include "kiosk/core/pin.h"
#include "kiosk/core/store.h"
#include "test_util.h"

using namespace core;

namespace {

constexpr std::int64_t kNow = 1'800'000'000;

}  // namespace

TEST(PinGate, WrongPinsCountAndLockAcrossARestart) {
  testutil::TempDir dir;
  const std::string hash = hash_pin("2468");
  {
    Store s(dir.file("k.db"));
    PinGate gate(s, 3, 300);
    EXPECT_EQ(gate.check("o1", hash, "1111", kNow).attempts_left, 2);
    EXPECT_EQ(gate.check("o1", hash, "1111", kNow).attempts_left, 1);
    EXPECT_EQ(gate.check("o1", hash, "1111", kNow).result, PinGate::Result::locked);
  }
  Store s(dir.file("k.db"));
  PinGate gate(s, 3, 300);  // a restarted kiosk: the lock is on file
  EXPECT_EQ(gate.check("o1", hash, "2468", kNow + 10).result, PinGate::Result::locked);
  EXPECT_EQ(gate.locked_for("o1", kNow + 10), 290);
  EXPECT_EQ(gate.check("o1", hash, "2468", kNow + 301).result, PinGate::Result::ok);
}

// Issue 19 point 5: with a disk that takes no writes, wrong PINs must still count and lock the pad.
TEST(PinGate, AttemptsThatCannotBeSavedStillCountAndLock) {
  testutil::TempDir dir;
  Store s(dir.file("k.db"));
  const std::string hash = hash_pin("2468");
  PinGate gate(s, 3, 300);
  EXPECT_EQ(gate.check("o1", hash, "1111", kNow).attempts_left, 2);  // on file
  s.query_text("PRAGMA query_only=1");  // every write now fails, as on a full disk
  EXPECT_THROW(s.set_pin_state("o1", {}), StoreError);
  EXPECT_EQ(gate.check("o1", hash, "1111", kNow).attempts_left, 1);
  const auto locked = gate.check("o1", hash, "1111", kNow);
  EXPECT_EQ(locked.result, PinGate::Result::locked);
  EXPECT_EQ(locked.locked_until, kNow + 300);
  // The right PIN during the lock is refused; the lock holds for its whole time.
  EXPECT_EQ(gate.check("o1", hash, "2468", kNow + 100).result, PinGate::Result::locked);
  EXPECT_EQ(gate.locked_for("o1", kNow + 100), 200);
  EXPECT_EQ(gate.check("o1", hash, "2468", kNow + 301).result, PinGate::Result::ok);
  // Another official's count is their own.
  EXPECT_EQ(gate.check("o2", hash, "1111", kNow + 301).attempts_left, 2);
}
