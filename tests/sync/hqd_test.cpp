// Sync against a real hqd process on 127.0.0.1: delivery, two kiosks, HQ down, kill -9 on either side,
// invalid records, reconciliation, credentials.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <set>

#include "kiosk/core/clock.h"
#include "sync/client/sync_worker.h"
#include "sync_fixture.h"

using namespace sync_test;
using sync_client::SyncClient;

namespace {

constexpr const char* kDay = "2026-11-27";

// A kiosk database with reference data pulled from HQ (so check-ins refer to real officials and windows).
struct Kiosk {
  Kiosk(const TempDir& dir, Hq& hq, const std::string& name) : db(dir.file(name + ".db")), device(name) {
    make_kiosk_db(db);
    token = hq.enrol(device);
    config = client_config(hq, device, token, db);
  }
  std::string db, device, token;
  core::HqConfig config;
};

Hq& with_schedule_started(Hq& hq, const TempDir& dir) {
  hq.import(schedule_file(dir, kDay));
  hq.start();
  return hq;
}

// A started HQ with the day's schedule and kiosk-a enrolled, its reference data pulled once.
struct PulledKiosk {
  PulledKiosk()
      : hq(dir), kiosk(dir, with_schedule_started(hq, dir), "kiosk-a"), client(kiosk.config, kiosk.db),
        ok(client.pull().ok()) {}
  TempDir dir;
  Hq hq;
  Kiosk kiosk;
  SyncClient client;
  bool ok;
};

std::set<std::string> hq_uuids(const Hq& hq) {
  sync_db::Db d(hq.db);
  sync_db::Stmt s(d, "SELECT uuid FROM records");
  std::set<std::string> out;
  while (s.step()) out.insert(s.text(0));
  return out;
}

// Pushes until nothing is pending (waiting out backoffs), at most `seconds`.
void push_until_done(SyncClient& c, double seconds) {
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (c.counts().pending > 0 && std::chrono::steady_clock::now() < end) {
    c.push();
    if (c.counts().pending > 0) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace

TEST(Hqd, RecordsOfBothKindsArriveIntact) {
  PulledKiosk p;
  ASSERT_TRUE(p.ok);
  std::string in_uuid, out_uuid;
  {
    core::Store store(p.kiosk.db);
    const auto at = core::parse_iso8601("2026-11-27T08:45:00+08:00", 480).value();
    in_uuid = store.check_in({"o01", "wA01", "s-2026-11-27-o01", kDay, protocol::HalfDay::am, at, std::nullopt});
    core::CheckOut co{in_uuid, at + 4 * 3600, 12,
                      {{core::ProblemSource::citizen, "材料不全，群众跑了两次", "一次性告知清单", false,
                        std::string("2026-12-05"), "审批一科"}},
                      false};
    out_uuid = store.check_out(co, 3.5);
  }
  const auto report = p.client.push();
  EXPECT_TRUE(report.ok()) << report.error;
  EXPECT_EQ(report.sent, 2);
  EXPECT_EQ(outbox_count(p.kiosk.db, "sent"), 2);

  sync_db::Db kdb(p.kiosk.db), hdb(p.hq.db);
  for (const std::string& uuid : {in_uuid, out_uuid}) {
    sync_db::Stmt a(kdb, "SELECT kind, payload FROM outbox WHERE uuid=?");
    a.bind(1, uuid);
    ASSERT_TRUE(a.step());
    sync_db::Stmt b(hdb, "SELECT kind, body, device_id FROM records WHERE uuid=?");
    b.bind(1, uuid);
    ASSERT_TRUE(b.step()) << uuid << " did not reach HQ";
    EXPECT_EQ(a.text(0), b.text(0));
    EXPECT_EQ(nlohmann::json::parse(a.text(1)), nlohmann::json::parse(b.text(1)));
    EXPECT_EQ(b.text(2), "kiosk-a");
  }
  // Sending again changes nothing: HQ answers duplicate for a record it already holds.
  {
    sync_db::Db d(p.kiosk.db);
    d.exec("UPDATE outbox SET state='pending'");
  }
  const auto again = p.client.push();
  EXPECT_EQ(again.duplicates, 2);
  EXPECT_EQ(p.hq.count(), 2);
}

TEST(Hqd, CheckinOnOneKioskShowsOnTheOther) {
  TempDir dir;
  Hq hq(dir);
  hq.import(schedule_file(dir, kDay));
  hq.start();
  Kiosk a(dir, hq, "kiosk-a"), b(dir, hq, "kiosk-b");
  SyncClient ca(a.config, a.db), cb(b.config, b.db);
  ASSERT_TRUE(ca.pull().ok());
  ASSERT_TRUE(cb.pull().ok());
  std::string uuid;
  const auto at = core::parse_iso8601("2026-11-27T09:02:00+08:00", 480).value();
  {
    core::Store store(a.db);
    uuid = store.check_in({"o02", "wA02", std::nullopt, kDay, protocol::HalfDay::am, at, std::string("临时替岗")});
  }
  ASSERT_EQ(ca.push().sent, 1);
  const auto pulled = cb.pull();
  ASSERT_TRUE(pulled.ok()) << pulled.error;
  EXPECT_TRUE(pulled.changed);
  {
    core::Store store(b.db);
    const auto sittings = store.sittings(kDay, kDay);
    ASSERT_EQ(sittings.size(), 1u);
    EXPECT_EQ(sittings[0].uuid, uuid);
    EXPECT_EQ(sittings[0].official_id, "o02");
    EXPECT_TRUE(sittings[0].from_hq);
    EXPECT_EQ(sittings[0].checkin_at, at);
    EXPECT_FALSE(sittings[0].checkout_at);
  }
  // The check-out follows the same way.
  {
    core::Store store(a.db);
    store.check_out(uuid, at + 3600);
  }
  ASSERT_EQ(ca.push().sent, 1);
  ASSERT_TRUE(cb.pull().ok());
  core::Store store(b.db);
  const auto sittings = store.sittings(kDay, kDay);
  ASSERT_EQ(sittings.size(), 1u);
  EXPECT_EQ(sittings[0].checkout_at.value_or(0), at + 3600);
  // Kiosk A keeps its own row (not from HQ) after pulling its own sitting back.
  ASSERT_TRUE(ca.pull().ok());
  core::Store sa(a.db);
  EXPECT_FALSE(sa.sittings(kDay, kDay).at(0).from_hq);
}

TEST(Hqd, HqDownThenUpEverythingArrivesOnce) {
  TempDir dir;
  Hq hq(dir);
  Kiosk k(dir, hq, "kiosk-a");
  const auto uuids = queue_checkins(k.db, 1200, 1795830000);
  SyncClient client(k.config, k.db);
  auto down = client.push();  // nobody listens
  EXPECT_FALSE(down.ok());
  EXPECT_EQ(down.sent, 0);
  EXPECT_GT(down.deferred, 0);
  EXPECT_EQ(client.counts().due, 0) << "failed rows wait for their backoff";
  hq.start();
  push_until_done(client, 20);
  EXPECT_EQ(client.counts().pending, 0);
  EXPECT_EQ(client.counts().sent, 1200);
  EXPECT_EQ(hq_uuids(hq), std::set<std::string>(uuids.begin(), uuids.end()));
  EXPECT_EQ(hq.count(), 1200);
}

TEST(Hqd, HqKilledMidBatchNothingLostNothingDoubled) {
  TempDir dir;
  Hq hq(dir);
  Kiosk k(dir, hq, "kiosk-a");
  const int n = 8000;
  const auto uuids = queue_checkins(k.db, n, 1795830000);
  k.config.batch_size = 100;
  hq.start();
  SyncClient client(k.config, k.db);
  std::atomic<bool> done{false};
  std::thread pusher([&] {
    client.push();
    done = true;
  });
  // Kill -9 as soon as HQ holds some but not all of the records.
  std::int64_t at_kill = 0;
  for (int i = 0; i < 2000 && !done; ++i) {
    at_kill = hq.count();
    if (at_kill > 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  hq.kill9();
  pusher.join();
  std::printf("hqd killed with %lld of %d records stored\n", static_cast<long long>(hq.count()), n);
  EXPECT_LT(hq.count(), n) << "the kill came too late to test anything";
  hq.start();
  push_until_done(client, 30);
  EXPECT_EQ(client.counts().pending, 0);
  EXPECT_EQ(client.counts().sent, n);
  EXPECT_EQ(hq.count(), n);
  EXPECT_EQ(hq_uuids(hq), std::set<std::string>(uuids.begin(), uuids.end()));
  EXPECT_EQ(run(std::string("sqlite3 ") + hq.db + " 'PRAGMA integrity_check'").second, "ok");
}

TEST(Hqd, KioskSyncKilledMidSyncThenRerunExactlyOnce) {
  TempDir dir;
  Hq hq(dir);
  Kiosk k(dir, hq, "kiosk-a");
  const int n = 8000;
  const auto uuids = queue_checkins(k.db, n, 1795830000);
  k.config.batch_size = 50;
  const std::string conf = dir.file("kiosk.toml");
  write_config(conf, k.config);
  hq.start();
  {
    Child sync({KIOSK_SYNC_BINARY, "--config", conf, "push"}, dir.file("sync1.log"));
    for (int i = 0; i < 3000 && hq.count() == 0; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    sync.kill_now(SIGKILL);
  }
  const auto sent_before = outbox_count(k.db, "sent");
  std::printf("kiosk-sync killed with %lld at HQ, %lld marked sent\n", static_cast<long long>(hq.count()),
              static_cast<long long>(sent_before));
  EXPECT_LT(sent_before, n) << "the kill came too late to test anything";
  EXPECT_LE(sent_before, hq.count()) << "a row marked sent must be at HQ";
  const auto [rc, out] = run(std::string(KIOSK_SYNC_BINARY) + " --config " + conf + " push");
  EXPECT_EQ(rc, 0) << out;
  EXPECT_EQ(outbox_count(k.db, "sent"), n);
  EXPECT_EQ(outbox_count(k.db, "pending"), 0);
  EXPECT_EQ(hq.count(), n);
  EXPECT_EQ(hq_uuids(hq), std::set<std::string>(uuids.begin(), uuids.end()));
  EXPECT_EQ(run(std::string("sqlite3 ") + k.db + " 'PRAGMA integrity_check'").second, "ok");
}

TEST(Hqd, InvalidRecordsAreParkedNotRetried) {
  TempDir dir;
  Hq hq(dir);
  hq.start();
  Kiosk k(dir, hq, "kiosk-a");
  queue_checkins(k.db, 3, 1795830000);
  const auto bad = queue_checkins(k.db, 2, 1795830100, "noon");
  {
    sync_db::Db d(k.db);
    sync_db::Transaction t(d);
    sync_db::Stmt(d, "INSERT INTO outbox(uuid,kind,created_at,payload) VALUES(?, 'rating', 1795830200, '{}')")
        .bind(1, core::new_uuid()).run();
    t.commit();
  }
  SyncClient client(k.config, k.db);
  const auto r = client.push();
  EXPECT_EQ(r.sent, 3);
  EXPECT_EQ(r.parked, 3);
  EXPECT_EQ(hq.count(), 3);
  {
    sync_db::Db d(k.db);
    sync_db::Stmt s(d, "SELECT last_error FROM outbox WHERE uuid=? AND state='parked'");
    s.bind(1, bad[0]);
    ASSERT_TRUE(s.step());
    EXPECT_NE(s.text(0).find("\"half\""), std::string::npos) << s.text(0);
  }
  const auto again = client.push();
  EXPECT_EQ(again.requests, 0) << "parked records are never retried";
  EXPECT_EQ(client.counts().parked, 3);
  // Only an operator puts them back (kiosk-sync unpark); still invalid, they are parked again.
  EXPECT_EQ(client.unpark(), 3);
  EXPECT_EQ(client.push().parked, 3);
  EXPECT_EQ(hq.count(), 3);
}

TEST(Hqd, ReconcileFindsAndRepairsAGap) {
  TempDir dir;
  Hq hq(dir);
  hq.start();
  Kiosk k(dir, hq, "kiosk-a");
  queue_checkins(k.db, 40, core::parse_iso8601("2026-11-25T02:00:00Z", 0).value());
  queue_checkins(k.db, 30, core::parse_iso8601("2026-11-26T02:00:00Z", 0).value());
  SyncClient client(k.config, k.db);
  ASSERT_EQ(client.push().sent, 70);
  const auto clean = client.reconcile();
  EXPECT_TRUE(clean.ok()) << clean.error;
  EXPECT_EQ(clean.days_checked, 2);
  EXPECT_EQ(clean.days_differ, 0);
  {
    sync_db::Db d(hq.db);
    d.exec("DELETE FROM records WHERE day='2026-11-26'");  // HQ lost a day
    d.exec("DELETE FROM records WHERE uuid IN (SELECT uuid FROM records WHERE day='2026-11-25' LIMIT 1)");
  }
  EXPECT_EQ(hq.count(), 39);
  const auto r = client.reconcile();
  EXPECT_TRUE(r.ok()) << r.error;
  EXPECT_EQ(r.days_differ, 2);
  EXPECT_EQ(r.resent, 31);
  EXPECT_EQ(r.push.sent, 31);
  EXPECT_EQ(hq.count(), 70);
  EXPECT_EQ(client.reconcile().days_differ, 0);
}

TEST(Hqd, BadOrMissingTokenIsRefusedAndNothingStored) {
  TempDir dir;
  Hq hq(dir);
  hq.start();
  Kiosk k(dir, hq, "kiosk-a");
  queue_checkins(k.db, 5, 1795830000);
  auto wrong = k.config;
  wrong.device_token = std::string(64, 'a');
  SyncClient bad(wrong, k.db);
  const auto r = bad.push();
  EXPECT_TRUE(r.auth_failed);
  EXPECT_EQ(r.sent, 0);
  EXPECT_FALSE(bad.pull().ok());
  EXPECT_EQ(bad.counts().pending, 5);
  EXPECT_EQ(hq.count(), 0);
  // Another device's token does not work for this device id.
  auto other = k.config;
  other.device_token = hq.enrol("kiosk-b");
  EXPECT_TRUE(SyncClient(other, k.db).push().auth_failed);

  httplib::Client raw("127.0.0.1", hq.port);
  const std::string batch = R"({"protocol":1,"records":[]})";
  auto res = raw.Post("/v1/records", batch, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  res = raw.Get("/v1/reference?cursor=");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  res = raw.Get("/v1/health");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  // A revoked device gets 403.
  run(std::string(HQD_BINARY) + " revoke --db " + hq.db + " --device kiosk-a");
  SyncClient revoked(k.config, k.db);
  const auto rr = revoked.push();
  EXPECT_TRUE(rr.auth_failed);
  EXPECT_NE(rr.error.find("403"), std::string::npos) << rr.error;
  EXPECT_EQ(hq.count(), 0);
}

TEST(Hqd, OversizedBatchesGet413) {
  TempDir dir;
  Hq hq(dir);
  hq.start();
  const std::string token = hq.enrol("kiosk-a");
  httplib::Client raw("127.0.0.1", hq.port);
  httplib::Headers h = {{"Authorization", "Bearer " + token}, {"X-Device-Id", "kiosk-a"}};
  nlohmann::json many = {{"protocol", 1}, {"records", nlohmann::json::array()}};
  for (int i = 0; i < 1001; ++i) many["records"].push_back({{"uuid", core::new_uuid()}});
  auto res = raw.Post("/v1/records", h, many.dump(), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  const std::string huge(protocol::kMaxRequestBytes + 10, ' ');
  res = raw.Post("/v1/records", h, huge, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(hq.count(), 0);
}

TEST(Hqd, WorkerSendsSoonAfterANewRecordAndReportsPulledChanges) {
  TempDir dir;
  Hq hq(dir);
  hq.import(schedule_file(dir, kDay));
  hq.start();
  Kiosk a(dir, hq, "kiosk-a"), b(dir, hq, "kiosk-b");
  std::atomic<int> changes_b{0};
  sync_client::SyncWorker wa(a.config, a.db, [] {});
  sync_client::SyncWorker wb(b.config, b.db, [&] { ++changes_b; });
  wa.start();
  wb.start();
  auto wait_for = [](auto&& done, double seconds) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (!done() && std::chrono::steady_clock::now() < end) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    return done();
  };
  // Both pull the reference data at start; B reports it.
  ASSERT_TRUE(wait_for([&] { return changes_b > 0; }, 5));
  ASSERT_TRUE(wait_for([&] { return core::Store(a.db).officials().size() == 20; }, 5));
  {
    core::Store store(a.db);
    store.check_in({"o03", "wA03", std::nullopt, kDay, protocol::HalfDay::am,
                    core::parse_iso8601("2026-11-27T09:10:00+08:00", 480).value(), std::string("替岗")});
  }
  const auto t0 = std::chrono::steady_clock::now();
  EXPECT_TRUE(wait_for([&] { return hq.count() == 1; }, 5)) << "the worker looks at the outbox every 2 s";
  std::printf("record at HQ %.2f s after it was written\n",
              std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
  const int before = changes_b;
  wb.sync_now();
  EXPECT_TRUE(wait_for([&] { return !core::Store(b.db).sittings(kDay, kDay).empty(); }, 5));
  EXPECT_GT(changes_b.load(), before);
  wa.stop();
  wb.stop();
  EXPECT_EQ(wa.last_error(), "");
}

// A kiosk with nothing to send still tells HQ how it stands every kStatusIdleSeconds (4 minutes: HQ calls a kiosk
// silent after 30), through the worker's own loop; its clock here moves only when told to.
TEST(Hqd, AnIdleWorkerTellsHqHowItStandsEveryFewMinutes) {
  TempDir dir;
  Hq hq(dir);
  hq.start();
  Kiosk a(dir, hq, "kiosk-a");
  a.config.poll_interval_seconds = 1;
  a.config.pull_interval_seconds = 3600;
  common::ManualClock clock(std::time(nullptr));
  sync_client::SyncWorker worker(a.config, a.db, [] {}, clock);
  auto reports = [&] {
    sync_db::Db d(hq.db);
    sync_db::Stmt s(d, "SELECT count(*) FROM device_status WHERE device_id='kiosk-a'");
    s.step();
    return s.integer(0);
  };
  auto forget = [&] { sync_db::Db(hq.db).exec("DELETE FROM device_status"); };
  auto wait_for = [](auto&& done, double seconds) {
    const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (!done() && std::chrono::steady_clock::now() < end) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return done();
  };
  worker.start();
  ASSERT_TRUE(wait_for([&] { return reports() == 1; }, 10)) << "the first round reports at once";
  for (int round = 0; round < 3; ++round) {
    forget();
    clock.advance(sync_client::kStatusIdleSeconds - 30);
    std::this_thread::sleep_for(std::chrono::milliseconds(2500));  // two rounds of the worker
    EXPECT_EQ(reports(), 0) << "not before its time (round " << round << ")";
    clock.advance(30);
    EXPECT_TRUE(wait_for([&] { return reports() == 1; }, 5)) << "idle, it reports within " << sync_client::kStatusIdleSeconds
                                                             << " s (round " << round << ")";
  }
  worker.stop();
  EXPECT_LE(sync_client::kStatusIdleSeconds, 300);
}

TEST(Hqd, RatingsAndReportsArriveAndTheirPersonalFieldsLeaveTheKiosk) {
  PulledKiosk p;
  ASSERT_TRUE(p.ok);
  std::string rating_uuid, receipt;
  {
    core::Store store(p.kiosk.db);
    const auto at = core::parse_iso8601("2026-11-27T10:20:00+08:00", 480).value();
    core::Rating r;
    r.target_id = "o01";
    r.target_name = "赵孟𫖯";  // a name beyond U+FFFF
    r.level = core::Level::very_dissatisfied;
    r.reasons = {"long_wait", "impolite"};
    for (int i = 0; i < 60; ++i) r.comment += "等候时间太长了";  // 420 characters
    r.phone = "13812345678";
    r.at = at;
    rating_uuid = store.submit_rating(r);
    core::Report rep;
    rep.department_id = "d08";
    rep.item_name = "企业开办";
    rep.kind = core::ReportKind::materials;
    for (int i = 0; i < 100; ++i) rep.description += "材料反复补";  // 500 characters, the kiosk's limit
    rep.name = "张先生";
    rep.phone = "06328355066";
    rep.due_date = "2026-12-04";
    rep.at = at;
    receipt = store.submit_report(rep, 1);
  }
  const auto report = p.client.push();
  EXPECT_TRUE(report.ok()) << report.error;
  EXPECT_EQ(report.sent, 2);
  EXPECT_EQ(outbox_count(p.kiosk.db, "parked"), 0);
  // HQ holds both, with the phone numbers; the kiosk keeps neither phone nor name.
  EXPECT_EQ(p.hq.count("kind='rating' AND json_extract(body,'$.phone')='13812345678' AND "
                     "json_extract(body,'$.level')='very_dissatisfied' AND json_extract(body,'$.target_name')='赵孟𫖯' "
                     "AND length(json_extract(body,'$.comment'))=420"),
            1);
  EXPECT_EQ(p.hq.count("kind='report' AND length(json_extract(body,'$.description'))=500"), 1);
  EXPECT_EQ(p.hq.count("kind='report' AND json_extract(body,'$.receipt')='" + receipt + "' AND "
                     "json_extract(body,'$.name')='张先生'"),
            1);
  sync_db::Db kdb(p.kiosk.db);
  sync_db::Stmt s(kdb,
                  "SELECT (SELECT count(*) FROM ratings WHERE phone IS NOT NULL) + (SELECT count(*) FROM reports WHERE "
                  "phone IS NOT NULL OR name IS NOT NULL) + (SELECT count(*) FROM outbox WHERE "
                  "json_extract(payload,'$.phone') IS NOT NULL OR json_extract(payload,'$.name') IS NOT NULL)");
  ASSERT_TRUE(s.step());
  EXPECT_EQ(s.integer(0), 0);
}

TEST(Hqd, ReasonListAndCalendarReachTheKiosk) {
  TempDir dir;
  Hq hq(dir);
  hq.import(schedule_file(dir, kDay));
  protocol::ReferenceData docs;
  docs.reason_list = protocol::ReasonList{"hq-9", {{"attitude", "服务态度", "Attitude", {{"no_guide", "窗口无人引导", "Nobody to guide me"}}}}};
  docs.calendar = protocol::CalendarData{"hq-2026", {"2026-12-01"}, {"2026-12-06"}};
  const std::string path = dir.file("docs.json");
  std::ofstream(path) << protocol::encode_reference(docs);
  hq.import(path);
  hq.start();
  Kiosk k(dir, hq, "kiosk-a");
  SyncClient client(k.config, k.db);
  ASSERT_TRUE(client.pull().ok());
  core::Store store(k.db);
  const auto reasons = store.document("reason_list");
  const auto calendar = store.document("calendar");
  ASSERT_TRUE(reasons && calendar);
  EXPECT_EQ(protocol::decode_reason_list(*reasons).groups.at(0).reasons.at(0).zh, "窗口无人引导");
  EXPECT_EQ(protocol::decode_calendar(*calendar).workdays.at(0), "2026-12-06");
  // A second pull after the cursor brings nothing new, and the kiosk keeps what it has.
  ASSERT_TRUE(client.pull().ok());
  EXPECT_EQ(protocol::decode_reason_list(*core::Store(k.db).document("reason_list")).version, "hq-9");
}
