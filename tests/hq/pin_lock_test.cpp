// PIN guessing across kiosks (issue 20 point 6), through the real hqd: PINs of 6–8 digits; every kiosk's wrong PINs
// for an official counted together at HQ and its lock fed down to every kiosk, growing 5 minutes, 30, then until the
// bureau resets it (hqd pin-reset, POST /v1/admin/pin-reset); never a digit of a PIN at HQ.
#include <httplib.h>
#include <ctime>
#include <sodium.h>

#include <nlohmann/json.hpp>

#include "hq_fixture.h"
#include "kiosk/core/pin.h"

namespace {

using namespace sync_test;
using namespace hq_test;

constexpr std::int64_t kT = 1795830000;  // the kiosks' clock during the guesses (2026-11-28)
const std::string kPin = "583920";
const std::string kGuess = "314159";


// A kiosk of the hall: its database, its own PIN pad, its sync.
struct HallKiosk {
  HallKiosk(const TempDir& dir, Hq& hq, const std::string& name) : k(dir, hq, name), store(k.db), gate(store) {}
  Kiosk k;
  core::Store store;
  core::PinGate gate;
  sync_client::SyncClient client{k.config, k.db};
  std::string hash() { return store.official("o05").value().pin_hash.value_or(""); }
  core::PinGate::Outcome guess(std::int64_t at, const std::string& pin = kGuess) {
    return gate.check("o05", hash(), pin, at);
  }
  void sync() {
    ASSERT_TRUE(client.push(true).ok());
    ASSERT_TRUE(client.pull().ok());
  }
};

TEST(HqPinLock, GuessesOnEveryKioskCountTogetherAndOneResetEndsTheLockEverywhere) {
  TempDir dir;
  Hq hq(dir);
  // A PIN shorter than six digits is refused; six are taken.
  auto [rc, out] = run("echo 4826 | " + hqd() + " set-pin --db " + hq.db + " --official o05 2>&1");
  EXPECT_EQ(rc, 1);
  EXPECT_NE(out.find("6 to 8 digits"), std::string::npos) << out;
  std::tie(rc, out) = run("echo " + kPin + " | " + hqd() + " set-pin --db " + hq.db + " --official o05 2>&1");
  ASSERT_EQ(rc, 0) << out;
  hq.start();
  HallKiosk a(dir, hq, "kiosk-a"), b(dir, hq, "kiosk-b");
  a.sync();
  b.sync();
  ASSERT_FALSE(a.hash().empty());
  // Three guesses on A, two on B: neither kiosk has five of its own, but HQ has five, and locks o05 everywhere.
  for (int i = 0; i < 3; ++i) EXPECT_EQ(a.guess(kT + i).result, core::PinGate::Result::wrong);
  for (int i = 0; i < 2; ++i) EXPECT_EQ(b.guess(kT + 10 + i).result, core::PinGate::Result::wrong);
  a.sync();
  b.sync();
  a.sync();  // A learns of B's guesses
  std::tie(rc, out) = run(hqd() + " pin-locks --db " + hq.db);
  EXPECT_NE(out.find("o05\t5 wrong\tuntil "), std::string::npos) << out;
  EXPECT_EQ(a.guess(kT + 20, kPin).result, core::PinGate::Result::locked);  // even the right PIN
  EXPECT_EQ(b.guess(kT + 20, kPin).result, core::PinGate::Result::locked);
  EXPECT_EQ(a.gate.locked_for("o05", kT + 20), 11 + 300 - 20);  // from B's fifth guess at kT + 11
  // Five more after the lock, spread over both: 30 minutes, everywhere.
  for (int i = 0; i < 3; ++i) EXPECT_NE(a.guess(kT + 400 + i).result, core::PinGate::Result::ok);
  a.sync();
  b.sync();
  for (int i = 0; i < 2; ++i) b.guess(kT + 410 + i);
  b.sync();
  a.sync();
  EXPECT_EQ(a.gate.locked_for("o05", kT + 420), 411 + 1800 - 420);
  // Five more on A alone after that: until the bureau resets it, on B too.
  for (int i = 0; i < 5; ++i) a.guess(kT + 2300 + i);
  a.sync();
  b.sync();
  EXPECT_TRUE(b.gate.locked_until_reset("o05"));
  EXPECT_EQ(b.guess(kT + 400 * 86400, kPin).result, core::PinGate::Result::locked);
  std::tie(rc, out) = run(hqd() + " pin-locks --db " + hq.db);
  EXPECT_NE(out.find("o05\t15 wrong\tuntil reset"), std::string::npos) << out;
  // The bureau resets it (by id or name); every kiosk clears the lock, and its own count, at its next pull.
  std::tie(rc, out) = run(hqd() + " pin-reset --db " + hq.db + " --official nobody 2>&1");
  EXPECT_EQ(rc, 1);
  std::tie(rc, out) = run(hqd() + " pin-reset --db " + hq.db + " --official o05 2>&1");
  ASSERT_EQ(rc, 0) << out;
  a.sync();
  b.sync();
  EXPECT_EQ(a.gate.locked_for("o05", kT + 3000), 0);
  EXPECT_EQ(b.guess(kT + 3000).attempts_left, 4);
  EXPECT_EQ(a.guess(kT + 3001, kPin).result, core::PinGate::Result::ok);
  // Nowhere at HQ is a digit of a PIN typed at a pad.
  hq.stop();
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const std::string bytes = slurp(hq.db + suffix);
    EXPECT_EQ(bytes.find(kGuess), std::string::npos) << suffix;
    EXPECT_EQ(bytes.find(kPin), std::string::npos) << suffix;
  }
  EXPECT_EQ(slurp(dir.file("hqd.log")).find(kGuess), std::string::npos);
  EXPECT_EQ(count(a.k.db, "SELECT count(*) FROM outbox WHERE payload LIKE '%" + kGuess + "%'"), 0);
}

TEST(HqPinLock, TheAdminApiResetsALockAndSetPinResetsItToo) {
  HqWithKiosk f;
  auto& [dir, hq, k, client] = f;
  const auto [rc, token] = run(hqd() + " admin-token --db " + hq.db);
  ASSERT_EQ(rc, 0);
  httplib::Client http("127.0.0.1", hq.port);
  const httplib::Headers auth = {{"Authorization", "Bearer " + token}};
  auto res = http.Post("/v1/admin/pin", auth, R"({"official":"o05","pin":"4826"})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400) << "four digits are too few";
  res = http.Post("/v1/admin/pin", auth, R"({"official":"o05","pin":")" + kPin + "\"}", "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  ASSERT_TRUE(client.pull().ok());
  core::Store store(k.db);
  core::PinGate gate(store);
  const std::string hash = store.official("o05").value().pin_hash.value_or("");
  for (int i = 0; i < 5; ++i) gate.check("o05", hash, kGuess, kT);
  ASSERT_TRUE(client.push(true).ok());
  ASSERT_TRUE(client.pull().ok());
  EXPECT_GT(gate.locked_for("o05", kT + 1), 0);
  // Without the admin token: 401; an unknown official: 404; then the reset.
  res = http.Post("/v1/admin/pin-reset", R"({"official":"o05"})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  res = http.Post("/v1/admin/pin-reset", auth, R"({"official":"nobody"})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  res = http.Post("/v1/admin/pin-reset", auth, R"({"official":"o05"})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  ASSERT_TRUE(client.pull().ok());
  EXPECT_EQ(gate.locked_for("o05", kT + 1), 0);
  // Locked again, then a new PIN (set-pin) starts afresh as well.
  for (int i = 0; i < 5; ++i) gate.check("o05", hash, kGuess, kT + 400);
  ASSERT_TRUE(client.push(true).ok());
  ASSERT_TRUE(client.pull().ok());
  EXPECT_GT(gate.locked_for("o05", kT + 401), 0);
  const auto [rc2, out2] = run("echo 90817263 | " + hqd() + " set-pin --db " + hq.db + " --official o05 2>&1");
  ASSERT_EQ(rc2, 0) << out2;
  ASSERT_TRUE(client.pull().ok());
  EXPECT_EQ(gate.locked_for("o05", kT + 401), 0);
  // Locked a third time: the console's 人员与PIN list says so, and its 解除锁定 lifts it on the kiosk (audited).
  // (at HQ's own time: a lock whose time has run out at HQ is not shown as one)
  const std::int64_t now = std::time(nullptr);
  for (int i = 0; i < 5; ++i) gate.check("o05", store.official("o05").value().pin_hash.value_or(""), kGuess, now);
  ASSERT_TRUE(client.push(true).ok());
  ASSERT_TRUE(client.pull().ok());
  EXPECT_GT(gate.locked_for("o05", now + 1), 0);
  const auto locked_in_list = [&] {
    const auto r = http.Get("/v1/console/officials", auth);
    EXPECT_TRUE(r && r->status == 200);
    const auto list = nlohmann::json::parse(r->body);
    for (const auto& o : list["rows"])
      if (o["id"] == "o05") return o["pin_locked"].get<bool>();
    ADD_FAILURE() << "o05 is not in the list";
    return false;
  };
  EXPECT_TRUE(locked_in_list());
  res = http.Post("/v1/console/officials/nobody/pin-unlock", auth, "", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  res = http.Post("/v1/console/officials/o05/pin-unlock", auth, "", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_FALSE(locked_in_list());
  ASSERT_TRUE(client.pull().ok());
  EXPECT_EQ(gate.locked_for("o05", now + 1), 0);
  EXPECT_EQ(count(hq.db, "SELECT count(*) FROM audit_log WHERE action='pin.reset' AND object='official:o05' AND "
                         "after='已解除'"),
            1);
}

}  // namespace
