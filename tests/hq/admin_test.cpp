// The bureau's side of hqd, through the real hqd binary: CSV imports (UTF-8, GBK, GB18030, bad rows),
// what kiosks then pull, PINs, report replies, 回访, the admin HTTP API, and the exports read back.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sodium.h>

#include <filesystem>
#include <map>

#include "kiosk/core/clock.h"
#include "kiosk/core/store.h"
#include "hq_fixture.h"
#include "sync/protocol/calendar.h"

using namespace sync_test;
using namespace hq_test;
using sync_client::SyncClient;

namespace {

constexpr const char* kScheduleHeader = "序号,日期,姓名,职务,联系电话,备注\n";

}  // namespace

TEST(HqAdmin, GbkScheduleImportsAndKiosksPullIt) {
  TempDir dir;
  Hq hq(dir);
  // Officials first (UTF-8 with BOM), one with a name beyond GBK (U+2A6A5 𪚥), kept exactly.
  write(dir.file("officials.csv"), "\xEF\xBB\xBF姓名,职务,级别,部门,联系电话\n"
                                   "郗𪚥,副局长,分管负责人,区行政审批局,0632-8355099\n"
                                   "\"欧阳 燊\",审批三科科长,业务科长,d08,\n");
  auto [rc, out] = run(hqd() + " import-officials --db " + hq.db + " " + dir.file("officials.csv") + " 2>&1");
  ASSERT_EQ(rc, 0) << out;
  // 附件2 as Excel on a Chinese Windows saves it: GBK, CRLF.
  // Title lines above the header and the 填报人 line below it, as the notice lays the table out.
  write(dir.file("utf8.csv"), "附件2,,,,,\r\n“局长科长坐窗口”人员时间安排表,,,,,\r\n填报单位(盖章):区行政审批局,,,填报日期:,,\r\n" +
                                  std::string(kScheduleHeader) +
                                  "1,12月1日上午,冯堃,局长,0632-8355010,\r\n"
                                  "2,2026年12月2日下午,蒋喆,副局长,0632-8355011,\"企业开办,专场\"\r\n"
                                  ",,,,,\r\n填报人:,,,联系电话:,,\r\n");
  ASSERT_EQ(run("iconv -f UTF-8 -t GBK " + dir.file("utf8.csv") + " > " + dir.file("gbk.csv")).first, 0);
  ASSERT_NE(slurp(dir.file("gbk.csv")), slurp(dir.file("utf8.csv")));
  std::tie(rc, out) = run(hqd() + " import-schedule --db " + hq.db + " --department d08 --year 2026 " +
                          dir.file("gbk.csv") + " 2>&1");
  ASSERT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("imported 2 rows"), std::string::npos) << out;
  // The rare name in a GB18030 file (four-byte sequence).
  write(dir.file("rare.csv"), std::string(kScheduleHeader) + "1,12月3日上午,郗𪚥,副局长,,\n");
  ASSERT_EQ(run("iconv -f UTF-8 -t GB18030 " + dir.file("rare.csv") + " > " + dir.file("rare18030.csv")).first, 0);
  std::tie(rc, out) = run(hqd() + " import-schedule --db " + hq.db + " --department d08 --year 2026 " +
                          dir.file("rare18030.csv") + " 2>&1");
  ASSERT_EQ(rc, 0) << out;

  hq.start();
  Kiosk k(dir, hq, "kiosk-a");
  SyncClient client(k.config, k.db);
  ASSERT_TRUE(client.pull().ok());
  EXPECT_EQ(count(k.db, "SELECT count(*) FROM schedule WHERE date='2026-12-01' AND half='am' AND official_id='o01'"), 1);
  EXPECT_EQ(count(k.db, "SELECT count(*) FROM schedule WHERE date='2026-12-02' AND half='pm' AND official_id='o02' "
                        "AND note='企业开办,专场'"),
            1);
  EXPECT_EQ(count(k.db, "SELECT count(*) FROM schedule s JOIN officials o ON o.id=s.official_id WHERE "
                        "s.date='2026-12-03' AND o.name='郗𪚥' AND o.department_id='d08'"),
            1);
  // A later import arrives incrementally after the kiosk's cursor.
  write(dir.file("more.csv"), std::string(kScheduleHeader) + "1,12月4日上午,欧阳 燊,审批三科科长,,\n");
  std::tie(rc, out) = run(hqd() + " import-schedule --db " + hq.db + " --department d08 --year 2026 " +
                          dir.file("more.csv") + " 2>&1");
  ASSERT_EQ(rc, 0) << out;
  ASSERT_TRUE(client.pull().ok());
  EXPECT_EQ(count(k.db, "SELECT count(*) FROM schedule s JOIN officials o ON o.id=s.official_id WHERE "
                        "s.date='2026-12-04' AND o.name='欧阳 燊'"),
            1);
}

TEST(HqAdmin, OneBadRowImportsNothingAndNamesTheLine) {
  TempDir dir;
  Hq hq(dir);
  const auto before = count(hq.db, "SELECT count(*) FROM reference WHERE tbl='schedule'");
  write(dir.file("bad.csv"), std::string(kScheduleHeader) +
                                 "1,12月1日上午,冯堃,局长,,\n"
                                 "2,12月1日全天,蒋喆,副局长,,\n"
                                 "3,12月2日上午,冯堃,局长,,\n"
                                 "4,2月30日下午,冯堃,局长,,\n"
                                 "5,12月3日上午,王小二,科长,,\n");
  const auto [rc, out] = run(hqd() + " import-schedule --db " + hq.db + " --department d08 --year 2026 " +
                             dir.file("bad.csv") + " 2>&1");
  EXPECT_EQ(rc, 1);
  EXPECT_NE(out.find("nothing imported"), std::string::npos) << out;
  EXPECT_NE(out.find("line 3: "), std::string::npos) << out;
  EXPECT_NE(out.find("line 5: "), std::string::npos) << out;
  EXPECT_NE(out.find("line 6: 姓名 \"王小二\""), std::string::npos) << out;
  EXPECT_EQ(out.find("line 2:"), std::string::npos) << out;
  EXPECT_EQ(out.find("line 4:"), std::string::npos) << out;
  EXPECT_EQ(count(hq.db, "SELECT count(*) FROM reference WHERE tbl='schedule'"), before);
  // The same for the 事项清单: an unknown 类型 stops the whole file.
  write(dir.file("items.csv"), "序号,事项名称,类型,服务对象,办理方式,办理途径,责任科室,联系方式,备注\n"
                               "1,企业设立登记,高效办成一件事,企业,网办,一网通办,审批一科,0632-1,\n"
                               "2,食品经营许可,特急,企业,窗口,大厅,审批二科,0632-2,\n");
  const auto [rc2, out2] = run(hqd() + " import-items --db " + hq.db + " --department d08 " + dir.file("items.csv") + " 2>&1");
  EXPECT_EQ(rc2, 1);
  EXPECT_NE(out2.find("line 3: 类型 \"特急\""), std::string::npos) << out2;
  EXPECT_EQ(count(hq.db, "SELECT count(*) FROM reference WHERE tbl='service_items' AND body LIKE '%企业设立登记%'"), 0);
}

TEST(HqAdmin, ItemListImportsWithStableIds) {
  TempDir dir;
  Hq hq(dir);
  write(dir.file("items.csv"), "序号,事项名称,类型,服务对象,办理方式,办理途径,责任科室,联系方式,备注\n"
                               "1,企业设立登记,高效办成一件事,企业,网办,一网通办,审批一科,0632-1,\n"
                               "2,食品经营许可,高频,企业,窗口,大厅,审批二科,0632-2,\n");
  for (int i = 0; i < 2; ++i) {  // importing twice changes nothing
    const auto [rc, out] = run(hqd() + " import-items --db " + hq.db + " --department d08 " + dir.file("items.csv") + " 2>&1");
    ASSERT_EQ(rc, 0) << out;
  }
  EXPECT_EQ(count(hq.db, "SELECT count(*) FROM reference WHERE tbl='service_items' AND id LIKE 'i-%' AND "
                         "json_extract(body,'$.name') IN ('企业设立登记','食品经营许可') AND "
                         "json_extract(body,'$.department_id')='d08'"),
            2);
  EXPECT_EQ(count(hq.db, "SELECT count(*) FROM reference WHERE tbl='service_items' AND "
                         "json_extract(body,'$.name')='企业设立登记' AND json_extract(body,'$.type')='one_thing'"),
            1);
}

TEST(HqAdmin, SetPinStoresOnlyAHashTheKioskAccepts) {
  TempDir dir;
  Hq hq(dir);
  const std::string pin = "73915846";
  auto [rc, out] = run("echo " + pin + " | " + hqd() + " set-pin --db " + hq.db + " --official o05 2>&1");
  ASSERT_EQ(rc, 0) << out;
  EXPECT_EQ(out.find(pin), std::string::npos);
  std::string hash;
  {
    sync_db::Db d(hq.db);
    sync_db::Stmt s(d, "SELECT json_extract(body,'$.pin_hash') FROM reference WHERE tbl='officials' AND id='o05'");
    ASSERT_TRUE(s.step());
    hash = s.text(0);
  }
  ASSERT_EQ(sodium_init() < 0, false);
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_NE(hash.find("m=8192,t=2"), std::string::npos) << hash;
  EXPECT_EQ(crypto_pwhash_str_verify(hash.c_str(), pin.c_str(), pin.size()), 0);
  EXPECT_NE(crypto_pwhash_str_verify(hash.c_str(), "73915847", 8), 0);
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const std::string bytes = slurp(hq.db + suffix);
    EXPECT_EQ(bytes.find(pin), std::string::npos) << "the PIN is in " << hq.db << suffix;
  }
  // Bad PINs and unknown officials are refused.
  std::tie(rc, out) = run("echo 12ab | " + hqd() + " set-pin --db " + hq.db + " --official o05 2>&1");
  EXPECT_EQ(rc, 1);
  std::tie(rc, out) = run("echo 1234 | " + hqd() + " set-pin --db " + hq.db + " --official nobody 2>&1");
  EXPECT_EQ(rc, 1);
  // The kiosk gets the new hash on its next pull.
  hq.start();
  Kiosk k(dir, hq, "kiosk-a");
  SyncClient client(k.config, k.db);
  ASSERT_TRUE(client.pull().ok());
  EXPECT_EQ(count(k.db, "SELECT count(*) FROM officials WHERE id='o05' AND pin_hash='" + hash + "'"), 1);
}

TEST(HqAdmin, ReportReplyAndFollowUpReachTheLedgerAndTheKiosk) {
  HqWithKiosk f;
  auto& [dir, hq, k, client] = f;
  ASSERT_TRUE(client.pull().ok());
  std::string receipt, rating_uuid, anonymous_uuid;
  const auto at = core::parse_iso8601("2026-11-20T09:30:00+08:00", 480).value();
  {
    core::Store store(k.db);
    receipt = store.submit_report(many_trips_report(at), 1);
    core::Rating r = complaint_with_phone(at);
    rating_uuid = store.submit_rating(r);
    r.level = core::Level::very_satisfied;
    r.reasons.clear();
    r.phone.reset();
    store.submit_rating(r);
    // A 差评 that leaves no phone (most do): its phone and comment reach HQ as null.
    r.level = core::Level::very_dissatisfied;
    r.reasons = {"impolite"};
    anonymous_uuid = store.submit_rating(r);
  }
  ASSERT_TRUE(client.push().ok());
  auto [rc, out] = run(hqd() + " set-report --db " + hq.db + " --receipt 000000000000 --status done 2>&1");
  EXPECT_EQ(rc, 1) << out;
  std::tie(rc, out) = run(hqd() + " set-report --db " + hq.db + " --receipt " + receipt +
                          " --status in_progress --reply '已转审批一科，三个工作日内答复' 2>&1");
  ASSERT_EQ(rc, 0) << out;
  ASSERT_TRUE(client.pull().ok());
  EXPECT_EQ(count(k.db, "SELECT count(*) FROM reports WHERE receipt='" + receipt +
                            "' AND status='in_progress' AND reply='已转审批一科，三个工作日内答复'"),
            1);
  // Through the admin HTTP API: a token is needed, then the report is done.
  std::tie(rc, out) = run(hqd() + " admin-token --db " + hq.db);
  ASSERT_EQ(rc, 0);
  const std::string token = out;
  httplib::Client http("127.0.0.1", hq.port);
  const std::string body = nlohmann::json{{"receipt", receipt}, {"status", "done"}, {"reply", "已办结"}}.dump();
  auto res = http.Post("/v1/admin/report", body, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  res = http.Post("/v1/admin/report", httplib::Headers{{"Authorization", "Bearer " + token}}, body, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  ASSERT_TRUE(client.pull().ok());
  EXPECT_EQ(count(k.db, "SELECT count(*) FROM reports WHERE receipt='" + receipt + "' AND status='done'"), 1);
  EXPECT_EQ(count(hq.db, "SELECT count(*) FROM admin_tokens WHERE token_hash='" + token + "'"), 0);
  // A later edit of the reply keeps the date the report was done (the ledger's 办结日期 and 用时).
  auto done_at = [&] {
    sync_db::Db d(hq.db);
    sync_db::Stmt q(d, "SELECT done_at, updated_at FROM report_status WHERE receipt=?");
    q.bind(1, receipt);
    EXPECT_TRUE(q.step());
    return std::pair{q.opt_text(0).value_or("(null)"), q.text(1)};
  };
  const auto first = done_at();
  std::tie(rc, out) = run(hqd() + " set-report --db " + hq.db + " --receipt " + receipt +
                          " --status done --reply 已办结，材料清单已寄出 --now 2027-01-04T10:00:00+08:00 2>&1");
  ASSERT_EQ(rc, 0) << out;
  EXPECT_EQ(done_at().first, first.first);
  EXPECT_NE(done_at().second, first.second);
  std::tie(rc, out) = run(hqd() + " set-report --db " + hq.db + " --receipt " + receipt + " --status in_progress 2>&1");
  ASSERT_EQ(rc, 0) << out;
  EXPECT_EQ(done_at().first, "(null)");
  EXPECT_EQ(count(hq.db, "SELECT count(*) FROM report_status WHERE reply='已办结，材料清单已寄出'"), 1)
      << "a status change without --reply keeps the reply";
  std::tie(rc, out) = run(hqd() + " set-report --db " + hq.db + " --receipt " + receipt + " --status done --reply 已办结 2>&1");
  ASSERT_EQ(rc, 0) << out;

  // 回访 of the 差评; a good rating cannot be followed up.
  std::tie(rc, out) = run(hqd() + " follow-up --db " + hq.db + " --rating " + rating_uuid + " --note 已电话回访，群众满意 2>&1");
  ASSERT_EQ(rc, 0) << out;
  const std::string csv = dir.file("ratings.csv"), ledger = dir.file("reports.csv");
  std::tie(rc, out) = run(hqd() + " export --db " + hq.db + " --table ratings --from 2026-11-01 --to 2026-11-30 "
                          "--department d08 --format csv --out " + csv + " 2>&1");
  ASSERT_EQ(rc, 0) << out;
  const auto rows = read_csv(slurp(csv));
  const auto summary = find_row(rows, {"区行政审批局", "领导", "冯堃"});
  ASSERT_EQ(summary.size(), 10u);
  EXPECT_EQ(summary[3], "1");  // 非常满意
  EXPECT_EQ(summary[6], "1");  // 不满意
  EXPECT_EQ(summary[7], "1");  // 非常不满意
  EXPECT_EQ(summary[8], "3");
  EXPECT_EQ(summary[9], "33.3%");
  const auto anonymous = find_row(rows, {anonymous_uuid});
  ASSERT_GE(anonymous.size(), 9u);
  EXPECT_EQ(anonymous[4], "非常不满意");
  EXPECT_EQ(anonymous[7], "");
  EXPECT_EQ(anonymous[8], "未回访");
  EXPECT_EQ(anonymous[5], "态度生硬、不耐烦") << "reasons by their wording in the kiosks' shipped list";
  const auto bad = find_row(rows, {rating_uuid});
  ASSERT_FALSE(bad.empty());
  EXPECT_EQ(bad[4], "不满意");
  EXPECT_EQ(bad[7], "138****5678");
  EXPECT_NE(bad[8].find("已回访"), std::string::npos);
  EXPECT_NE(bad[8].find("已电话回访，群众满意"), std::string::npos);
  std::tie(rc, out) = run(hqd() + " export --db " + hq.db + " --table reports --from 2026-11-01 --to 2026-11-30 "
                          "--format csv --out " + ledger + " 2>&1");
  ASSERT_EQ(rc, 0) << out;
  const auto report_row = find_row(read_csv(slurp(ledger)), {receipt});
  ASSERT_EQ(report_row.size(), 14u);
  EXPECT_EQ(report_row[2], "2026-11-20");
  EXPECT_EQ(report_row[5], "多次跑");
  EXPECT_EQ(report_row[8], "已办结");
  EXPECT_EQ(report_row[9], "已办结");
}

// The hall's dates follow its UTC offset (hqd set-hall) and hqd's clock (--now): a report done at 01:30 Beijing
// time on 28 November was done on the 27th in a hall at UTC−05:00.
TEST(HqAdmin, TheHallsOffsetAndHqsClockDecideItsDates) {
  HqWithKiosk f;
  auto& [dir, hq, k, client] = f;
  ASSERT_TRUE(client.pull().ok());
  std::string receipt;
  {
    core::Store store(k.db);
    receipt = store.submit_report(many_trips_report(core::parse_iso8601("2026-11-20T09:30:00+08:00", 480).value()), 1);
  }
  ASSERT_TRUE(client.push().ok());
  auto [rc, out] = run(hqd() + " set-hall --db " + hq.db + " 2>&1");
  EXPECT_EQ(rc, 0);
  EXPECT_EQ(out, "utc offset +08:00") << "Beijing time until set";
  const std::string moment = " --now 2026-11-27T17:30:00Z";
  std::tie(rc, out) = run(hqd() + " set-report --db " + hq.db + " --receipt " + receipt + " --status done" + moment + " 2>&1");
  ASSERT_EQ(rc, 0) << out;
  const std::string ledger = dir.file("reports.csv");
  auto export_ledger = [&] {
    const auto [erc, eout] = run(hqd() + " export --db " + hq.db + " --table reports --from 2026-11-01 --to 2026-11-30 "
                                 "--format csv --out " + ledger + moment + " 2>&1");
    EXPECT_EQ(erc, 0) << eout;
    return read_csv(slurp(ledger));
  };
  auto mentions = [](const std::vector<std::vector<std::string>>& rows, const std::string& text) {
    for (const auto& r : rows)
      for (const auto& cell : r)
        if (cell.find(text) != std::string::npos) return true;
    return false;
  };
  auto rows = export_ledger();
  EXPECT_TRUE(mentions(rows, "填报日期：2026年11月28日")) << "the export is made on hqd's (set) day";
  auto row = find_row(rows, {receipt});
  ASSERT_EQ(row.size(), 14u);
  EXPECT_EQ(row[10], "2026-11-28");
  std::tie(rc, out) = run(hqd() + " set-hall --db " + hq.db + " --utc-offset -05:00 2>&1");
  EXPECT_EQ(rc, 0);
  EXPECT_EQ(out, "utc offset -05:00");
  rows = export_ledger();
  EXPECT_TRUE(mentions(rows, "填报日期：2026年11月27日"));
  row = find_row(rows, {receipt});
  ASSERT_EQ(row.size(), 14u);
  EXPECT_EQ(row[10], "2026-11-27");
  for (const char* bad : {"+8", "+15:00", "UTC+8"}) {
    std::tie(rc, out) = run(hqd() + " set-hall --db " + hq.db + " --utc-offset " + bad + " 2>&1");
    EXPECT_EQ(rc, 1) << bad;
  }
  std::tie(rc, out) = run(hqd() + " count --db " + hq.db + " --now 2026-02-29T10:00:00+08:00 2>&1");
  EXPECT_EQ(rc, 1) << "no such day: " << out;
}

// Sittings made by the kiosk's own Store, sent over HTTP, judged at period boundaries (2025: every period over).
TEST(HqAdmin, ComplianceAndAttachment3AtPeriodBoundaries) {
  HqWithKiosk f;
  auto& [dir, hq, k, client] = f;
  ASSERT_TRUE(client.pull().ok());
  {
    core::Store store(k.db);
    auto sit = [&](const std::string& official, const std::string& date, double hours, int visitors,
                   std::vector<core::Problem> problems) {
      const auto at = core::parse_iso8601(date + "T08:30:00+08:00", 480).value();
      const auto in = store.check_in({official, "wA01", std::nullopt, date, protocol::HalfDay::am, at,
                                      std::string("计划外")});
      store.check_out(core::CheckOut{in, at + static_cast<std::int64_t>(hours * 3600), visitors, std::move(problems),
                                     false},
                      3.5);
    };
    // Chief 韩昇 (o03): the last day of Q1 counts for Q1; a 3-hour sitting in Q2 does not count.
    sit("o03", "2025-03-31", 4, 12,
        {{core::ProblemSource::citizen, "材料不全，群众跑了两次", "一次性告知清单", false, std::string("2025-04-15"),
          "审批一科"},
         {core::ProblemSource::self_check, "叫号屏故障", "报修", true, std::nullopt, "综合科"}});
    sit("o03", "2025-05-12", 3, 5, {});
    // Deputy 蒋喆 (o02): only in the first half-year.
    sit("o02", "2025-06-30", 4, 7, {});
    // Head 冯堃 (o01) never sat.
  }
  ASSERT_TRUE(client.push().ok());
  const std::string csv = dir.file("compliance.csv");
  auto [rc, out] = run(hqd() + " export --db " + hq.db + " --table compliance --from 2025-01-01 --to 2025-12-31 "
                       "--department d08 --format csv --out " + csv + " 2>&1");
  ASSERT_EQ(rc, 0) << out;
  const auto rows = read_csv(slurp(csv));
  auto result = [&](const std::string& name, const std::string& period) {
    const auto r = find_row(rows, {name, period});
    return r.size() == 7 ? r[5] + " " + r[6] : std::string("(no row)");
  };
  EXPECT_EQ(result("韩昇", "2025年第1季度"), "1 达标");
  EXPECT_EQ(result("韩昇", "2025年第2季度"), "0 未达标");
  EXPECT_EQ(result("韩昇", "2025年第3季度"), "0 未达标");
  EXPECT_EQ(result("蒋喆", "2025年上半年"), "1 达标");
  EXPECT_EQ(result("蒋喆", "2025年下半年"), "0 未达标");
  EXPECT_EQ(result("冯堃", "2025年"), "0 未达标");
  // The department sheet: 区行政审批局 falls short, naming who and when.
  std::vector<std::string> dept;
  for (const auto& r : rows)
    if (r.size() == 7 && r[0] == "区行政审批局" && r[6].find("冯堃（2025年）") != std::string::npos) dept = r;
  ASSERT_EQ(dept.size(), 7u);
  EXPECT_EQ(dept[5], "未达标");
  EXPECT_NE(dept[6].find("韩昇（2025年第2季度）"), std::string::npos) << dept[6];
  EXPECT_NE(dept[6].find("蒋喆（2025年下半年）"), std::string::npos) << dept[6];
  EXPECT_EQ(dept[6].find("韩昇（2025年第1季度）"), std::string::npos) << dept[6];
  // A first-quarter export: the head and deputy periods have not ended, so they are not yet short.
  std::tie(rc, out) = run(hqd() + " export --db " + hq.db + " --table compliance --from 2025-01-01 --to 2025-03-31 "
                          "--department d08 --format csv --out " + csv + " 2>&1");
  ASSERT_EQ(rc, 0) << out;
  const auto q1 = read_csv(slurp(csv));
  EXPECT_EQ(find_row(q1, {"冯堃", "2025年"}).at(6), "未到期");
  EXPECT_EQ(find_row(q1, {"韩昇", "2025年第1季度"}).at(6), "达标");
  // The department sheet: 秦淼 (a chief who never sat) falls short in Q1; the head's year and the deputy's
  // half-year run on, so they are counted as 未到期, not short.
  std::vector<std::string> q1_dept;
  for (const auto& r : q1)
    if (r.size() == 7 && r[0] == "区行政审批局" && r[1] == "4") q1_dept = r;
  ASSERT_EQ(q1_dept.size(), 7u);
  EXPECT_EQ(q1_dept[2] + "/" + q1_dept[3] + "/" + q1_dept[4] + " " + q1_dept[5], "1/1/2 未达标");
  EXPECT_EQ(q1_dept[6], "秦淼（2025年第1季度）");
  // A department whose only official is a head, in the first quarter: not yet judged.
  std::tie(rc, out) = run(hqd() + " export --db " + hq.db + " --table compliance --period 2025Q1 --department d01 "
                          "--format csv --out " + csv + " 2>&1");
  ASSERT_EQ(rc, 0) << out;
  const auto d01 = find_row(read_csv(slurp(csv)), {"区党政综合办公室", "1", "0"});
  ASSERT_EQ(d01.size(), 7u);
  EXPECT_EQ(d01[5], "未到期");

  // 附件3 for the first half-year: one row per sitting, the two problems numbered in their cells.
  const std::string a3 = dir.file("a3.csv");
  std::tie(rc, out) = run(hqd() + " export --db " + hq.db + " --table attachment3 --from 2025-01-01 --to 2025-06-30 "
                          "--department d08 --format csv --out " + a3 + " 2>&1");
  ASSERT_EQ(rc, 0) << out;
  const auto a3rows = read_csv(slurp(a3));
  EXPECT_EQ(a3rows.at(0).at(0), "“局长科长坐窗口”活动统计表");
  EXPECT_EQ(a3rows.at(1).at(0), "填报单位（盖章）：区行政审批局");
  EXPECT_EQ(find_row(a3rows, {"问题来源", "问题描述"}).size(), 12u);
  const auto first = find_row(a3rows, {"1", "韩昇 审批一科科长"});
  ASSERT_EQ(first.size(), 12u);
  EXPECT_EQ(first[1], "2025年3月31日上午 08:30—12:30");
  EXPECT_EQ(first[3], "12");
  EXPECT_EQ(first[4], "√1");  // 企业群众提出: problem 1
  EXPECT_EQ(first[6], "√2");  // 窗口自查发现: problem 2
  EXPECT_EQ(first[8], "1. 材料不全，群众跑了两次\n2. 叫号屏故障");
  EXPECT_EQ(first[10], "1. 2025年4月15日\n2. 当场解决");
  const auto short_one = find_row(a3rows, {"2", "韩昇 审批一科科长"});
  ASSERT_EQ(short_one.size(), 12u);
  EXPECT_NE(short_one[1].find("不计次数"), std::string::npos) << short_one[1];
  // Title, 3 meta lines, 2 header rows, 3 sittings, a blank line, then the lines to sign, as on the notice's form.
  ASSERT_EQ(a3rows.size(), 4u + 2u + 3u + 1u + 2u);
  EXPECT_EQ(a3rows[10].at(0), "填报人：");
  EXPECT_EQ(a3rows[11].at(0), "联系方式：");

  // Every department's own 附件3 at once, each named after its department and filled in with its own rows.
  std::tie(rc, out) = run(hqd() + " export --db " + hq.db + " --table attachment3 --period 2025H1 --department each "
                          "--format csv --out " + dir.file("附件3.csv") + " 2>&1");
  ASSERT_EQ(rc, 0) << out;
  const auto own = read_csv(slurp(dir.file("附件3-区行政审批局.csv")));
  EXPECT_EQ(own.at(1).at(0), "填报单位（盖章）：区行政审批局");
  EXPECT_FALSE(find_row(own, {"1", "韩昇 审批一科科长"}).empty());
  const auto other = read_csv(slurp(dir.file("附件3-区税务局.csv")));
  EXPECT_EQ(other.at(1).at(0), "填报单位（盖章）：区税务局");
  EXPECT_TRUE(find_row(other, {"韩昇 审批一科科长"}).empty());
  std::size_t files = 0;
  for (std::size_t p = out.find(".csv"); p != std::string::npos; p = out.find(".csv", p + 1)) ++files;
  EXPECT_EQ(files, 13u) << out;  // one line per file written, one file per department

  // The same table as XLSX: the workbook holds the title, headers and cells.
  const std::string xlsx = dir.file("a3.xlsx");
  std::tie(rc, out) = run(hqd() + " export --db " + hq.db + " --table attachment3 --from 2025-01-01 --to 2025-06-30 "
                          "--department d08 --format xlsx --out " + xlsx + " 2>&1");
  ASSERT_EQ(rc, 0) << out;
  const auto [zrc, strings] = run("unzip -p " + xlsx + " xl/sharedStrings.xml");
  ASSERT_EQ(zrc, 0);
  for (const char* s : {"“局长科长坐窗口”活动统计表", "问题来源", "企业群众提出", "韩昇 审批一科科长", "叫号屏故障",
                        "2025年3月31日上午 08:30—12:30"})
    EXPECT_NE(strings.find(s), std::string::npos) << s;
  const auto [src, sheet] = run("unzip -p " + xlsx + " xl/worksheets/sheet1.xml");
  ASSERT_EQ(src, 0);
  EXPECT_NE(sheet.find("<mergeCell ref=\"E5:H5\"/>"), std::string::npos);  // 问题来源 spans its four columns
  EXPECT_NE(sheet.find("<c r=\"D7\" s=\"4\"><v>12</v></c>"), std::string::npos) << "接待人次 as a number";
}

TEST(HqAdmin, ScheduleUploadOverAdminHttp) {
  TempDir dir;
  Hq hq(dir);
  hq.start();
  const auto [rc, token] = run(hqd() + " admin-token --db " + hq.db);
  ASSERT_EQ(rc, 0);
  httplib::Client http("127.0.0.1", hq.port);
  const httplib::Headers auth = {{"Authorization", "Bearer " + token}};
  const std::string good = std::string(kScheduleHeader) + "1,12月9日下午,韩昇,审批一科科长,,\n";
  auto res = http.Post("/v1/admin/schedule?department=d08&year=2026", good, "text/csv");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);
  res = http.Post("/v1/admin/schedule?department=d08&year=2026", auth,
                  std::string(kScheduleHeader) + "1,12月9日,韩昇,审批一科科长,,\n", "text/csv");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 422);
  EXPECT_NE(res->body.find("{\"line\":2,\"text\":\"日期 \\\"12月9日\\\" must end in 上午 or 下午"), std::string::npos) << res->body;
  res = http.Post("/v1/admin/schedule?department=d08&year=2026", auth, good, "text/csv");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(count(hq.db, "SELECT count(*) FROM reference WHERE tbl='schedule' AND id='s-2026-12-09-pm-o03'"), 1);
}

// A department's 附件2 as Excel saves it (GB18030, 填报单位 above the header, two people not yet known), a
// holiday notice and a new 差评 reason list: imported with nothing retyped, pulled by a kiosk, and seen on its
// screens by the real kiosk binary.
TEST(HqAdmin, SpreadsheetsReachTheKioskScreens) {
  TempDir dir;
  Hq hq(dir);
  write(dir.file("plan.csv"), "附件2,,,,,\r\n“局长科长坐窗口”活动人员时间安排表,,,,,\r\n"
                              "填报单位(盖章):,枣庄高新区行政审批局,,填报日期:,2026年11月20日,\r\n" +
                                  std::string(kScheduleHeader) +
                                  "1,12月1日上午,冯堃,局长,0632-8355010,\r\n"
                                  "2,12月1日上午,郗𪚥,分管副局长,0632-8355012,\r\n"
                                  "3,12月1日下午,欧阳燊,审批三科科长,0632-8355013,\r\n"
                                  "填报人:,,,联系方式:,,\r\n");
  ASSERT_EQ(run("iconv -f UTF-8 -t GB18030 " + dir.file("plan.csv") + " > " + dir.file("plan-gb.csv")).first, 0);
  // Without leave to add officials, the unknown names stop the file and say how to go on.
  auto [rc, out] = run(hqd() + " import-schedule --db " + hq.db + " --year 2026 " + dir.file("plan-gb.csv") + " 2>&1");
  EXPECT_EQ(rc, 1);
  EXPECT_NE(out.find("line 6: 姓名 \"郗𪚥\" is not an official of 区行政审批局"), std::string::npos) << out;
  EXPECT_NE(out.find("line 7: "), std::string::npos) << out;
  EXPECT_EQ(count(hq.db, "SELECT count(*) FROM reference WHERE tbl='schedule'"), 0);
  std::tie(rc, out) = run(hqd() + " import-schedule --db " + hq.db + " --year 2026 --add-officials yes " +
                          dir.file("plan-gb.csv") + " 2>&1");
  ASSERT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("imported 3 rows"), std::string::npos) << out;
  EXPECT_NE(out.find("new official 郗𪚥 分管副局长, 级别 分管负责人"), std::string::npos) << out;
  EXPECT_NE(out.find("new official 欧阳燊 审批三科科长, 级别 业务科长"), std::string::npos) << out;
  EXPECT_EQ(count(hq.db, "SELECT count(*) FROM reference WHERE tbl='officials' AND json_extract(body,'$.name')='郗𪚥' "
                         "AND json_extract(body,'$.rank')='deputy' AND json_extract(body,'$.department_id')='d08'"),
            1);
  // The working-day calendar: a holiday range with the year left off its end, and a 调休 Saturday.
  write(dir.file("holidays.csv"), "日期,类型,说明\n2026年12月2日至12月3日,放假,测试假日\n2026-12-05,上班,调休\n");
  std::tie(rc, out) = run(hqd() + " import-calendar --db " + hq.db + " " + dir.file("holidays.csv") + " 2>&1");
  ASSERT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("imported 3 rows"), std::string::npos) << out;
  // A new reason list, as a clerk would type it (no English, no ids).
  // The PIN is given by name (no id to look up), read from stdin as at a terminal.
  std::tie(rc, out) = run("echo 246810 | " + hqd() + " set-pin --db " + hq.db + " --official 郗𪚥 2>&1");
  ASSERT_EQ(rc, 0) << out;
  // A date without a year lands in the year nearest today: a plan for March made in November is next year's.
  {
    const core::CivilTime now = core::to_civil(core::SystemClock().now(), 480);  // hqd's clock, Beijing time
    const int month = now.month > 8 ? now.month - 8 : now.month + 8;
    const int year = now.year + (now.month > 8 ? 1 : -1);
    write(dir.file("later.csv"), "填报单位,区行政审批局\n" + std::string(kScheduleHeader) + "1," +
                                     std::to_string(month) + "月10日上午,冯堃,局长,,\n");
    std::tie(rc, out) = run(hqd() + " import-schedule --db " + hq.db + " " + dir.file("later.csv") + " 2>&1");
    ASSERT_EQ(rc, 0) << out;
    const std::string date = std::to_string(year) + (month < 10 ? "-0" : "-") + std::to_string(month) + "-10";
    EXPECT_EQ(count(hq.db, std::string("SELECT count(*) FROM reference WHERE tbl='schedule' AND "
                                       "json_extract(body,'$.date')='") + date + "'"),
              1)
        << date;
  }
  write(dir.file("reasons.csv"), "分类,原因\n服务态度,态度生硬\n服务效率,排队无人引导\n服务效率,多次跑腿\n");
  std::tie(rc, out) = run(hqd() + " publish-reasons --db " + hq.db + " --version 2026-12 " + dir.file("reasons.csv") + " 2>&1");
  ASSERT_EQ(rc, 0) << out;

  hq.start();
  Kiosk k(dir, hq, "kiosk-a");
  SyncClient client(k.config, k.db);
  ASSERT_TRUE(client.pull().ok());
  std::string xi;
  {
    core::Store store(k.db);
    protocol::WorkCalendar cal;
    cal.load_json(store.document("calendar").value_or("{}"));
    EXPECT_FALSE(cal.is_working_day("2026-12-02"));
    EXPECT_FALSE(cal.is_working_day("2026-12-03"));
    EXPECT_TRUE(cal.is_working_day("2026-12-04"));
    EXPECT_TRUE(cal.is_working_day("2026-12-05"));
    EXPECT_EQ(cal.add_working_days("2026-12-01", 2), "2026-12-05");
    sync_db::Db d(k.db);
    sync_db::Stmt q(d, "SELECT id FROM officials WHERE name='郗𪚥'");
    ASSERT_TRUE(q.step());
    xi = q.text(0);
  }
  // The real kiosk on that database, on the morning of 1 December.
  write(dir.file("seen.scn"), "tap home.tile.duty\n"
                              "expect text 郗𪚥\n"
                              "expect text 分管副局长\n"
                              "screenshot hq-import-duty.png\n"
                              "tap duty.tab.pm\n"
                              "expect text 欧阳燊\n"
                              "expect text 审批三科科长\n"
                              "tap nav.home\n"
                              "tap home.tile.rate\n"
                              "tap rate.official." + xi + "\n"
                              "expect text 您正在评价：郗𪚥\n"
                              "tap level.dissatisfied\n"
                              "expect text 排队无人引导\n"
                              "expect no-text 窗口无人引导\n"
                              "screenshot hq-import-reasons.png\n"
                              "tap nav.home\n"
                              "tap home.staff\n"
                              "tap staff.pick." + xi + "\n"
                              "expect screen staff_pin\n"
                              "type 246810\n"
                              "tap pin.pad.ok\n"
                              "expect screen staff_menu\n"
                              "tap staff.checkin\n"
                              "tap checkin.confirm\n"
                              "expect screen duty_board\n"
                              "expect text 签到成功\n"
                              "screenshot hq-import-checked-in.png\n"
                              "expect db SELECT count(*) FROM outbox WHERE kind='checkin' => 1\n"
                              "expect unrenderable 0\n");
  std::filesystem::create_directories(SCREENSHOT_DIR);
  std::tie(rc, out) = run("cd " SCREENSHOT_DIR " && " + std::string(KIOSK_BINARY) + " --db " + k.db + " --script " +
                          dir.file("seen.scn") + " --now 2026-12-01T10:20:00+08:00 2>&1");
  EXPECT_EQ(rc, 0) << out;
}

// Every admin operation over HTTP: officials, items, calendar, reasons, PINs, 回访; each refuses a missing token.
TEST(HqAdmin, EveryOperationOverAdminHttp) {
  TempDir dir;
  Hq hq(dir);
  hq.start();
  const auto [rc, token] = run(hqd() + " admin-token --db " + hq.db);
  ASSERT_EQ(rc, 0);
  httplib::Client http("127.0.0.1", hq.port);
  const httplib::Headers auth = {{"Authorization", "Bearer " + token}};
  for (const char* path : {"/v1/admin/hall", "/v1/admin/officials", "/v1/admin/items?department=d08", "/v1/admin/calendar",
                           "/v1/admin/reasons", "/v1/admin/pin", "/v1/admin/follow-up", "/v1/admin/report"}) {
    const auto res = http.Post(path, "{}", "application/json");
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, 401) << path;
  }
  // The hall: a new department with its window; a known department and window keep their ids.
  auto res = http.Post("/v1/admin/hall", auth,
                       "窗口,名称,部门,简称\nA01,企业开办（新）,区行政审批局,\nD01,食品经营,区市场监督管理局,市场监管局\n",
                       "text/csv");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(count(hq.db, "SELECT count(*) FROM reference WHERE tbl='windows' AND id='wA01' AND "
                         "json_extract(body,'$.name')='企业开办（新）' AND json_extract(body,'$.department_id')='d08'"),
            1);
  EXPECT_EQ(count(hq.db, "SELECT count(*) FROM reference w JOIN reference d ON d.tbl='departments' AND "
                         "d.id=json_extract(w.body,'$.department_id') WHERE w.tbl='windows' AND w.id='wD01' AND "
                         "json_extract(d.body,'$.short_name')='市场监管局'"),
            1);
  res = http.Post("/v1/admin/hall", auth, "窗口,名称,部门\nD02,x,区市场监督管理局\nD02,y,区市场监督管理局\n", "text/csv");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 422);
  EXPECT_NE(res->body.find("{\"line\":3,\"text\":\"窗口 D02 is already listed on line 2\"}"), std::string::npos) << res->body;
  res = http.Post("/v1/admin/officials", auth, "姓名,职务,级别,部门,联系电话\n闫𬬩,副主任,分管负责人,d10,\n", "text/csv");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  std::string official;
  {
    sync_db::Db d(hq.db);
    sync_db::Stmt q(d, "SELECT id FROM reference WHERE tbl='officials' AND json_extract(body,'$.name')='闫𬬩' AND "
                       "json_extract(body,'$.department_id')='d10' AND json_extract(body,'$.rank')='deputy'");
    ASSERT_TRUE(q.step());
    official = q.text(0);
  }
  res = http.Post("/v1/admin/items?department=区行政审批局", auth,
                  "序号,事项名称,类型,服务对象,办理方式,办理途径,责任科室,联系方式,备注\n1,餐饮店开办,高效办成一件事,企业,,,,,\n",
                  "text/csv");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(count(hq.db, "SELECT count(*) FROM reference WHERE tbl='service_items' AND "
                         "json_extract(body,'$.name')='餐饮店开办' AND json_extract(body,'$.department_id')='d08'"),
            1);
  res = http.Post("/v1/admin/calendar", auth, "日期,类型\n2027-01-01,放假\n2027-01-32,放假\n", "text/csv");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 422);
  EXPECT_NE(res->body.find("{\"line\":3,\"text\":\"日期 \\\"2027-01-32\\\" is not a date"), std::string::npos) << res->body;
  res = http.Post("/v1/admin/calendar", auth, "{\"version\":\"x\",\"holidays\":[\"2027-01-01\"],\"workdays\":[]}",
                  "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  res = http.Post("/v1/admin/reasons?version=r-2027", auth,
                  "分类,原因,英文,编号\n服务态度,态度生硬,Rude,impolite\n服务态度,推诿扯皮,,impolite\n"
                  "服务效率,窗口排队时间太长而且无人引导,,\n",
                  "text/csv");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 422);
  EXPECT_NE(res->body.find("{\"line\":3,\"text\":\"原因 \\\"推诿扯皮\\\" (impolite) is already listed on line 2\"}"),
            std::string::npos)
      << res->body;
  EXPECT_NE(res->body.find("{\"line\":4,\"text\":\"原因"), std::string::npos) << res->body;
  EXPECT_NE(res->body.find("窗口排队时间太长而且无人引导\\\" is longer than 12 characters"), std::string::npos) << res->body;
  res = http.Post("/v1/admin/reasons?version=r-2027", auth, "分类,原因,英文,编号\n服务态度,态度生硬,Rude,impolite\n",
                  "text/csv");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(count(hq.db, "SELECT count(*) FROM reference WHERE tbl='reason_list' AND json_extract(body,'$.version')='r-2027'"), 1);
  res = http.Post("/v1/admin/pin", auth, "{\"official\":\"" + official + "\",\"pin\":\"12\"}", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  res = http.Post("/v1/admin/pin", auth, "{\"official\":\"" + official + "\",\"pin\":\"583920\"}", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  {
    sync_db::Db d(hq.db);
    sync_db::Stmt q(d, "SELECT json_extract(body,'$.pin_hash') FROM reference WHERE tbl='officials' AND id=?");
    q.bind(1, official);
    ASSERT_TRUE(q.step());
    const std::string hash = q.text(0);
    EXPECT_EQ(crypto_pwhash_str_verify(hash.c_str(), "583920", 6), 0);
    EXPECT_EQ(slurp(hq.db).find("583920"), std::string::npos);
  }
  res = http.Post("/v1/admin/follow-up", auth, "{\"rating\":\"no-such-rating\",\"note\":\"已回访\"}", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404) << res->body;
  res = http.Post("/v1/admin/follow-up", auth, "[1]", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400) << res->body;
}

// The kiosk's notice promises HQ keeps a phone until a year after the matter is closed: purge-personal (and
// hqd serve, daily) deletes phones and names of matters closed that long ago, and nothing else.
TEST(HqAdmin, PersonalFieldsGoAYearAfterTheMatterCloses) {
  HqWithKiosk f;
  auto& [dir, hq, k, client] = f;
  ASSERT_TRUE(client.pull().ok());
  std::string old_rating, new_rating, pending_rating, old_receipt, open_receipt;
  {
    core::Store store(k.db);
    const auto at = core::parse_iso8601("2026-11-20T09:00:00+08:00", 480).value();
    core::Rating r = complaint_with_phone(at);
    old_rating = store.submit_rating(r);
    new_rating = store.submit_rating(r);
    r.phone = "13700001111";
    r.comment = "等了一个小时";
    pending_rating = store.submit_rating(r);
    core::Report rep;
    rep.department_id = "d08";
    rep.item_name = "企业开办";
    rep.kind = core::ReportKind::many_trips;
    rep.description = "跑了三次";
    rep.due_date = "2026-11-27";
    rep.name = "张三";
    rep.phone = "13912345678";
    rep.at = at;
    old_receipt = store.submit_report(rep, 1);
    rep.at = at + 60;
    open_receipt = store.submit_report(rep, 1);
  }
  ASSERT_TRUE(client.push().ok());
  // One rating and one report closed long ago: hqd's clock set back for them (2025-10-01T00:00:00Z).
  const std::string long_ago = " --now 2025-10-01T08:00:00+08:00";
  ASSERT_EQ(run(hqd() + " follow-up --db " + hq.db + " --rating " + old_rating + " --note 已回访" + long_ago).first, 0);
  ASSERT_EQ(run(hqd() + " follow-up --db " + hq.db + " --rating " + new_rating + " --note 已回访").first, 0);
  ASSERT_EQ(run(hqd() + " set-report --db " + hq.db + " --receipt " + old_receipt + " --status done --reply 已办结" +
                long_ago).first, 0);
  ASSERT_EQ(run(hqd() + " set-report --db " + hq.db + " --receipt " + open_receipt + " --status in_progress").first, 0);
  // The call-back work list: what is still open and left a phone, the phone in full (the only table that has it).
  const std::string list = dir.file("callbacks.csv");
  auto [lrc, lout] = run(hqd() + " export --db " + hq.db + " --table callbacks --from 2026-11-01 --to 2026-11-30 "
                         "--format csv --out " + list + " 2>&1");
  ASSERT_EQ(lrc, 0) << lout;
  const auto calls = read_csv(slurp(list));
  const auto rating_call = find_row(calls, {pending_rating});
  ASSERT_EQ(rating_call.size(), 11u);
  EXPECT_EQ(rating_call[1], "差评");
  EXPECT_EQ(rating_call[6], "不满意：等候时间长；等了一个小时");
  EXPECT_EQ(rating_call[8], "13700001111");
  const auto report_call = find_row(calls, {open_receipt});
  ASSERT_EQ(report_call.size(), 11u);
  EXPECT_EQ(report_call[7], "张三");
  EXPECT_EQ(report_call[8], "13912345678");
  EXPECT_EQ(report_call[9], "2026-11-27");
  EXPECT_TRUE(find_row(calls, {old_rating}).empty()) << "followed up: not on the list";
  EXPECT_TRUE(find_row(calls, {old_receipt}).empty()) << "done: not on the list";
  const auto [rc, out] = run(hqd() + " purge-personal --db " + hq.db + " 2>&1");
  ASSERT_EQ(rc, 0) << out;
  EXPECT_NE(out.find("from 2 records"), std::string::npos) << out;
  auto field = [&](const std::string& where, const char* path) {
    sync_db::Db d(hq.db);
    sync_db::Stmt q(d, std::string("SELECT coalesce(json_extract(body, '") + path + "'), '(null)') FROM records WHERE " + where);
    return q.step() ? q.text(0) : std::string("(no record)");
  };
  EXPECT_EQ(field("uuid='" + old_rating + "'", "$.phone"), "(null)");
  EXPECT_EQ(field("uuid='" + old_rating + "'", "$.level"), "dissatisfied") << "only personal fields go";
  EXPECT_EQ(field("uuid='" + new_rating + "'", "$.phone"), "13812345678");
  EXPECT_EQ(field("json_extract(body,'$.receipt')='" + old_receipt + "'", "$.phone"), "(null)");
  EXPECT_EQ(field("json_extract(body,'$.receipt')='" + old_receipt + "'", "$.name"), "(null)");
  EXPECT_EQ(field("json_extract(body,'$.receipt')='" + old_receipt + "'", "$.description"), "跑了三次");
  EXPECT_EQ(field("json_extract(body,'$.receipt')='" + open_receipt + "'", "$.phone"), "13912345678");
  // Reconciliation still finds every record (its digest covers UUIDs, not bodies).
  EXPECT_TRUE(client.reconcile().ok());
  EXPECT_EQ(hq.count("kind IN ('rating','report')"), 5);
}
