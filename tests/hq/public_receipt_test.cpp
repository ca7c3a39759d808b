// The page a receipt's QR code leads to, through a real hqd on 127.0.0.1: the state, promised date and reply of a
// 办不成事 found by its receipt (typed with spaces too), nothing for a wrong check digit or length, no name, phone or
// description on it, HTML in a reply shown as text, Chinese with a link to English, and the 11th look-up in a minute
// from one address refused (429 with Retry-After) while another address still gets through; random paths never 5xx.
#include <gtest/gtest.h>
#include <httplib.h>

#include <random>

#include "case_records.h"
#include "sync/common/read_text.h"
#include "sync/hq/casework.h"
#include "sync/hq/hall_clock.h"
#include "sync/hq/hq_store.h"
#include "sync/hq/export.h"
#include "sync/hq/public_receipt.h"
#include "sync/hq/report_cases.h"
#include "sync/protocol/reference_json.h"
#include "sync_fixture.h"

using namespace hq;

namespace {

// An hqd store holding two reports of 区行政审批局: one answered (its reply holds markup), one not.
struct Filed {
  Filed() {
    const auto clock = make_clock("2026-11-27T10:20:00+08:00");
    HqStore store(hq.db, *clock);
    const auto a = case_records::report(1, "d08", "2026-11-20", "2026-11-27");
    const auto b = case_records::report(2, "d08", "2026-11-26", "2026-12-03");
    for (const auto& r : store.ingest("kiosk-a", {a, b})) EXPECT_EQ(r.status, protocol::RecordStatus::accepted) << r.reason;
    answered = protocol::decode_body<protocol::ReportBody>(a.body).receipt;
    waiting = protocol::decode_body<protocol::ReportBody>(b.body).receipt;
    set_report(store, answered, "done", std::string("已为您办结，<b>请到3号窗口</b>领取执照"));
  }
  sync_test::TempDir dir;
  sync_test::Hq hq{dir};
  std::string answered, waiting;
};

std::string spaced(const std::string& r) { return r.substr(0, 4) + "%20" + r.substr(4, 4) + "%20" + r.substr(8); }

}  // namespace

TEST(HqPublicReceipt, TheQrPageShowsProgressAndReplyAndNothingPersonal) {
  Filed f;
  f.hq.start();
  httplib::Client c("127.0.0.1", f.hq.port);
  auto res = c.Get(("/public/r/" + spaced(f.answered)).c_str(), {{"Accept-Language", "zh-CN,zh;q=0.9"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(res->body.find("已办结"), std::string::npos);
  EXPECT_NE(res->body.find("区行政审批局"), std::string::npos);
  EXPECT_NE(res->body.find("&lt;b&gt;请到3号窗口&lt;/b&gt;"), std::string::npos) << "a reply's markup is text";
  EXPECT_EQ(res->body.find("<b>"), std::string::npos);
  for (const char* personal : {"王小明", "13912345678", "跑了三次还没办成"})
    EXPECT_EQ(res->body.find(personal), std::string::npos) << personal;
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
  res = c.Get(("/public/r/" + f.waiting).c_str());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("待受理"), std::string::npos) << "Chinese, as the slip is";
  EXPECT_NE(res->body.find("暂未答复"), std::string::npos);
  res = c.Get(("/public/r/" + f.waiting).c_str(), {{"Accept-Language", "en-US,en;q=0.9"}});
  ASSERT_TRUE(res);
  EXPECT_NE(res->body.find("待受理"), std::string::npos) << "whatever the phone's language";
  EXPECT_NE(res->body.find("?lang=en"), std::string::npos) << "with a link to English";
  res = c.Get(("/public/r/" + f.waiting + "?lang=en").c_str());
  ASSERT_TRUE(res);
  EXPECT_NE(res->body.find("Awaiting acceptance"), std::string::npos) << res->body;
  // A wrong check digit, a wrong length, a receipt HQ does not hold: no data.
  std::string wrong = f.answered;
  wrong.back() = static_cast<char>('0' + (wrong.back() - '0' + 1) % 10);
  res = c.Get(("/public/r/" + wrong).c_str());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("回执号有误"), std::string::npos) << res->body;
  EXPECT_EQ(res->body.find("区行政审批局"), std::string::npos);
  res = c.Get("/public/r/12345");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  std::string absent = "00000000999";
  absent += protocol::damm_check_digit(absent);
  res = c.Get(("/public/r/" + absent).c_str());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
}

TEST(HqPublicReceipt, TheEleventhLookUpInAMinuteIsRefused) {
  Filed f;
  f.hq.start();
  httplib::Client c("127.0.0.1", f.hq.port);
  // Right, wrong and absent receipts all count: guessing is as slow as looking.
  for (int i = 0; i < 10; ++i) {
    const auto res = c.Get(("/public/r/" + (i % 2 ? f.answered : std::string("1234567890"))).c_str());
    ASSERT_TRUE(res);
    EXPECT_NE(res->status, 429) << i;
  }
  const auto refused = c.Get(("/public/r/" + f.answered).c_str());
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 429);
  EXPECT_GE(std::stoi(refused->get_header_value("Retry-After")), 1);
  EXPECT_NE(refused->body.find("查询太频繁"), std::string::npos);
  EXPECT_EQ(refused->body.find("区行政审批局"), std::string::npos);
}

TEST(HqPublicReceipt, LimiterCountsEachAddressInASlidingMinute) {
  sync_test::TempDir dir;
  const auto clock = make_clock("2026-11-27T10:20:00+08:00");
  LookupLimiter limit(*clock, 3);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(limit.wait("10.0.0.1"), 0);
  EXPECT_GT(limit.wait("10.0.0.1"), 0);
  EXPECT_EQ(limit.wait("10.0.0.2"), 0) << "another phone is not held up";
}

TEST(HqPublicReceipt, RandomPathsNeverFailTheServer) {
  Filed f;
  f.hq.start();
  std::mt19937 rng(11);
  const std::string chars = "0123456789 -%2F.abc\xE4\xB8\xAD";
  int served = 0;
  for (int i = 0; i < 200; ++i) {
    std::string p;
    for (int n = static_cast<int>(rng() % 30); n > 0; --n) p += chars[rng() % chars.size()];
    httplib::Client c("127.0.0.1", f.hq.port);
    // Each from its own forwarded address would need a trusted proxy; 10 a minute from this one, then 429.
    const auto res = c.Get(("/public/r/" + p).c_str());
    if (!res) continue;
    EXPECT_LT(res->status, 500) << p;
    served += res->status != 429;
  }
  EXPECT_GT(served, 0);
}

// After 办结 the page carries a form to rate the handling: kept once (a second try is refused and changes nothing),
// refused before 办结 and without a level, shown back on the page, in the console's case and in the 办不成事 ledger.
TEST(HqPublicReceipt, ACitizenRatesTheHandlingOnceAfterItIsDone) {
  Filed f;
  f.hq.start();
  httplib::Client c("127.0.0.1", f.hq.port);
  auto res = c.Get(("/public/r/" + f.answered).c_str());
  ASSERT_TRUE(res);
  EXPECT_NE(res->body.find("action=\"/public/r/" + f.answered + "/rate\""), std::string::npos) << "the form after 办结";
  for (const char* level : {"very_satisfied", "satisfied", "basic", "dissatisfied", "very_dissatisfied"})
    EXPECT_NE(res->body.find(std::string("value=\"") + level + "\""), std::string::npos) << level;
  res = c.Get(("/public/r/" + f.waiting).c_str());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body.find("<form"), std::string::npos) << "no form before 办结";
  auto rate = [&](const std::string& receipt, const httplib::Params& form) {
    return c.Post(("/public/r/" + receipt + "/rate").c_str(), form);
  };
  res = rate(f.waiting, {{"level", "satisfied"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 409);
  EXPECT_NE(res->body.find("办结后才能评价"), std::string::npos);
  res = rate(f.answered, {{"comment", "没选等级"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  res = rate(f.answered, {{"level", "3"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400) << "a level is a meaning, not a number";
  res = rate(f.answered, {{"level", "dissatisfied"}, {"comment", std::string(700, 'x')}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  res = rate(f.answered, {{"level", "dissatisfied"}, {"comment", "办结了但让我多跑了一趟"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 303);
  EXPECT_EQ(res->get_header_value("Location"), "/public/r/" + f.answered + "?rated=1");
  res = c.Get(("/public/r/" + f.answered + "?rated=1").c_str());
  ASSERT_TRUE(res);
  EXPECT_NE(res->body.find("谢谢您的评价"), std::string::npos);
  EXPECT_NE(res->body.find("不满意"), std::string::npos);
  EXPECT_EQ(res->body.find("<form"), std::string::npos) << "rated: no form any more";
  res = rate(f.answered, {{"level", "very_satisfied"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 409);
  f.hq.stop();
  // The console's case and the ledger say it as given; the second try changed nothing.
  const auto clock = make_clock("2026-11-27T10:20:00+08:00");
  HqStore store(f.hq.db, *clock);
  const auto kase = report_case(store, Principal{"admin-a", Role::admin, ""}, f.answered);
  EXPECT_EQ(kase["citizen_rating"]["level"], "dissatisfied");
  EXPECT_EQ(kase["citizen_rating"]["comment"], "办结了但让我多跑了一趟");
  EXPECT_TRUE(report_case(store, Principal{"admin-a", Role::admin, ""}, f.waiting)["citizen_rating"].is_null());
  ExportOptions o;
  o.table = "reports";
  o.from = "2026-11-01";
  o.to = "2026-11-30";
  o.assets_dir = KIOSK_ASSETS_DIR;
  const auto sheets = build_export(store, o);
  bool found = false;
  for (const auto& row : sheets.at(0).rows)
    if (row.at(1) == f.answered) {
      found = true;
      EXPECT_EQ(row.back(), "不满意：办结了但让我多跑了一趟");
    } else {
      EXPECT_EQ(row.back(), "");
    }
  EXPECT_TRUE(found);
}

// Random ratings from many addresses (behind a trusted proxy, so the limit does not hide them): never a 5xx, at most
// one kept per receipt, and only a level HQ knows.
TEST(HqPublicReceipt, RandomRatingsNeverFailTheServerAndKeepOneAtMost) {
  Filed f;
  f.hq.start({"--trusted-proxy", "127.0.0.1"});
  std::mt19937 rng(12);
  const std::vector<std::string> levels = {"", "satisfied", "very_dissatisfied", "3", "满意", "basic\xff", "SATISFIED"};
  const std::vector<std::string> receipts = {f.answered, f.waiting, "000000000000", "12345", f.answered + "0", "%00"};
  int kept = 0;
  for (int i = 0; i < 120; ++i) {
    httplib::Client c("127.0.0.1", f.hq.port);
    std::string comment(rng() % 3 == 0 ? 700 : rng() % 40, static_cast<char>(rng() % 2 ? 'x' : '\xe4'));
    const httplib::Params form = {{"level", levels[rng() % levels.size()]}, {"comment", comment}};
    const httplib::Headers from = {{"X-Forwarded-For", "10.0." + std::to_string(i / 200) + "." + std::to_string(i % 200)}};
    const auto res = c.Post(("/public/r/" + receipts[rng() % receipts.size()] + "/rate").c_str(), from, form);
    ASSERT_TRUE(res);
    EXPECT_LT(res->status, 500);
    EXPECT_NE(res->status, 429);
    kept += res->status == 303;
  }
  EXPECT_EQ(kept, 1) << "one receipt is done: it is rated once, whatever came after";
}
