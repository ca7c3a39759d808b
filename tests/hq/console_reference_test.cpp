// The console's reference data and reports through a real hqd on 127.0.0.1 and a kiosk that pulls: a GBK CSV
// and .xlsx workbooks uploaded (bad rows refused by line and department, nothing imported), the quarter's grid,
// one row edited and deleted, a PIN shown once, and the five tables previewed and downloaded as the CLI writes them.
#include <gtest/gtest.h>
#include <httplib.h>
#include <sodium.h>

#include "hq_fixture.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/store.h"
#include "sync/hq/xlsx_reader.h"
#include "xlsx_fixture.h"

using namespace sync_test;
using namespace hq_test;
using nlohmann::json;

namespace {

std::string admin_token(const Hq& hq) {
  const auto [rc, token] = run(hqd() + " admin-token --db " + hq.db);
  EXPECT_EQ(rc, 0);
  return token;
}

std::string hq_schedule_rows(const Hq& hq) {
  sync_db::Db d(hq.db);
  sync_db::Stmt s(d, "SELECT group_concat(id, ' ') FROM (SELECT id FROM reference WHERE tbl='schedule' AND body IS NOT "
                     "NULL ORDER BY id)");
  s.step();
  return s.opt_text(0).value_or("");
}

}  // namespace

TEST(HqConsoleHttp, UploadsGridEditsAndAKioskPull) {
  HqWithKiosk f;
  auto& [dir, hq, k, client] = f;
  httplib::Client http("127.0.0.1", hq.port);
  http.set_read_timeout(30, 0);
  const httplib::Headers auth = {{"Authorization", "Bearer " + admin_token(hq)}};
  auto res = http.Get("/v1/console/officials");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 401);

  // 附件2 saved by Excel on a Chinese Windows (GBK) with a person the department does not have: 422 naming the
  // spreadsheet's line and the department by its name, and nothing imported.
  write(dir.file("a2.csv"), "附件2,,,,,\r\n填报单位(盖章):区行政审批局,,,,,\r\n序号,日期,姓名,职务,联系电话,备注\r\n"
                            "1,12月1日上午,冯堃,局长,,\r\n2,12月1日下午,王小二,科员,,\r\n填报人:,,,,,\r\n");
  ASSERT_EQ(run("iconv -f UTF-8 -t GBK " + dir.file("a2.csv") + " > " + dir.file("gbk.csv")).first, 0);
  // Worded in the console's language (its Accept-Language), English for a script that asks for none.
  httplib::Headers auth_zh = auth;
  auth_zh.emplace("Accept-Language", "zh-CN");
  res = http.Post("/v1/console/schedule/import?year=2026", auth_zh, slurp(dir.file("gbk.csv")), "text/csv");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 422) << res->body;
  const json bad = json::parse(res->body);
  ASSERT_EQ(bad["errors"].size(), 1u) << res->body;
  EXPECT_EQ(bad["errors"][0]["line"], 5) << res->body;
  EXPECT_EQ(bad["errors"][0]["text"].get<std::string>().rfind("姓名“王小二”不是区行政审批局的人员（", 0), 0u) << res->body;
  res = http.Post("/v1/console/schedule/import?year=2026", auth, slurp(dir.file("gbk.csv")), "text/csv");
  ASSERT_TRUE(res);
  EXPECT_NE(json::parse(res->body)["errors"][0]["text"].get<std::string>().find(
                "姓名 \"王小二\" is not an official of 区行政审批局"),
            std::string::npos)
      << res->body;
  EXPECT_EQ(hq_schedule_rows(hq), "");

  // The same as a workbook with the bad row (line 8 of the sheet), and one damaged by hand (its sheet cut short).
  const std::string bad_xlsx = xlsx_test::attachment2(dir.file("bad.xlsx"), true);
  res = http.Post("/v1/console/schedule/import?year=2026", auth, bad_xlsx, "application/octet-stream");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 422) << res->body;
  EXPECT_NE(res->body.find("{\"line\":8,\"text\":\"姓名 \\\"王小二\\\" is not an official of 区行政审批局"), std::string::npos) << res->body;
  auto parts = xlsx_test::unzip(xlsx_test::attachment2(dir.file("good.xlsx")));
  for (auto& [name, content] : parts)
    if (name == "xl/worksheets/sheet1.xml") content.resize(content.size() / 2);
  res = http.Post("/v1/console/schedule/import?year=2026", auth, xlsx_test::zip_of(dir.file("cut.xlsx"), parts),
                  "application/octet-stream");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 422) << res->body;
  EXPECT_NE(res->body.find("xl/worksheets/sheet1.xml is not well-formed XML"), std::string::npos) << res->body;
  EXPECT_EQ(hq_schedule_rows(hq), "");

  // The good workbook, sent as a browser's form sends a file: imported, and the kiosk pulls it.
  httplib::MultipartFormDataItems form = {
      {"file", xlsx_test::file_bytes(dir.file("good.xlsx")), "附件2.xlsx",
       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}};
  res = http.Post("/v1/console/schedule/import?year=2026", auth, form);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(json::parse(res->body)["imported"], 4);
  ASSERT_TRUE(client.pull().ok());
  EXPECT_EQ(count(k.db, "SELECT count(*) FROM schedule WHERE date BETWEEN '2026-12-01' AND '2026-12-03'"), 4);
  EXPECT_EQ(count(k.db, "SELECT count(*) FROM schedule WHERE id='s-2026-12-02-pm-o02' AND note='企业开办专场'"), 1);

  // The quarter as a grid: 3 December holds two people.
  res = http.Get("/v1/console/schedule/grid?department=%E5%8C%BA%E8%A1%8C%E6%94%BF%E5%AE%A1%E6%89%B9%E5%B1%80&period=2026Q4",
                 auth);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const json grid = json::parse(res->body);
  ASSERT_EQ(grid["days"].size(), 92u);
  const json& dec3 = grid["days"][31 + 30 + 2];
  EXPECT_EQ(dec3["date"], "2026-12-03");
  ASSERT_EQ(dec3["rows"].size(), 2u);
  EXPECT_EQ(dec3["rows"][0]["window"], "A01");

  // One row moved, one deleted: the kiosk follows.
  res = http.Put("/v1/console/schedule/s-2026-12-01-am-o01", auth,
                 json{{"date", "2026-12-04"}, {"half", "am"}, {"official_id", "o01"}, {"note", "改期"}}.dump(),
                 "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  res = http.Delete("/v1/console/schedule/s-2026-12-02-pm-o02", auth);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  res = http.Delete("/v1/console/schedule/s-2026-12-02-pm-o02", auth);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  ASSERT_TRUE(client.pull().ok());
  EXPECT_EQ(count(k.db, "SELECT count(*) FROM schedule WHERE id='s-2026-12-01-am-o01'"), 0);
  EXPECT_EQ(count(k.db, "SELECT count(*) FROM schedule WHERE id='s-2026-12-04-am-o01' AND note='改期'"), 1);
  EXPECT_EQ(count(k.db, "SELECT count(*) FROM schedule WHERE id='s-2026-12-02-pm-o02'"), 0);

  // A PIN made by HQ, shown once; the kiosk gets only its hash, which accepts it.
  res = http.Post("/v1/console/officials/o03/pin", auth, "{}", "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->get_header_value("Cache-Control"), "no-store");
  const std::string pin = json::parse(res->body)["pin"];
  ASSERT_EQ(pin.size(), 6u);
  ASSERT_TRUE(client.pull().ok());
  {
    sync_db::Db d(k.db);
    sync_db::Stmt s(d, "SELECT pin_hash FROM officials WHERE id='o03'");
    ASSERT_TRUE(s.step());
    const std::string hash = s.text(0);
    EXPECT_EQ(crypto_pwhash_str_verify(hash.c_str(), pin.c_str(), pin.size()), 0);
  }
  res = http.Get("/v1/console/officials?department=d08", auth);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->body.find(pin), std::string::npos) << "the PIN is not shown again";
  EXPECT_EQ(res->body.find("argon2"), std::string::npos) << "nor its hash";

  // Every other upload takes .xlsx too: an item list.
  const std::string items = xlsx_test::workbook(dir.file("items.xlsx"), [](lxw_workbook*, lxw_worksheet* ws) {
    xlsx_test::text_row(ws, 0, {"序号", "事项名称", "类型", "服务对象", "办理方式", "办理途径", "责任科室", "联系方式", "备注"});
    xlsx_test::text_row(ws, 1, {"1", "企业设立登记", "高效办成一件事", "企业", "线上", "一网通办", "审批一科", "0632-1", ""});
  });
  res = http.Post("/v1/console/items/import?department=d08", auth, items, "application/octet-stream");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  res = http.Post("/v1/admin/items?department=d08", auth, items, "application/octet-stream");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << "the admin API reads workbooks too: " << res->body;
}

TEST(HqConsoleHttp, ReportsPreviewAndDownloadAsTheCliWritesThem) {
  HqWithKiosk f;
  auto& [dir, hq, k, client] = f;
  ASSERT_TRUE(client.pull().ok());
  {
    core::Store store(k.db);
    const auto at = core::parse_iso8601("2026-11-20T08:30:00+08:00", 480).value();
    const auto in = store.check_in({"o03", "wA01", std::nullopt, "2026-11-20", protocol::HalfDay::am, at,
                                    std::string("计划外")});
    store.check_out(core::CheckOut{in, at + 4 * 3600, 9, {}, false}, 3.5);
    store.submit_rating(complaint_with_phone(at));
  }
  ASSERT_TRUE(client.push().ok());
  httplib::Client http("127.0.0.1", hq.port);
  http.set_read_timeout(30, 0);
  const httplib::Headers auth = {{"Authorization", "Bearer " + admin_token(hq)}};

  // XLSX: the download is a workbook our reader reads back, named after the table, department and period.
  auto res = http.Get("/v1/console/tables/attachment3?period=2026Q4&department=d08&format=xlsx", auth);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  // (cpp-httplib's client hands the header over percent-decoded.)
  const std::string disposition = res->get_header_value("Content-Disposition");
  EXPECT_TRUE(disposition.find("filename*=UTF-8''%E9%99%84%E4%BB%B63-") != std::string::npos ||
              disposition.find("filename*=UTF-8''附件3-区行政审批局-2026Q4.xlsx") != std::string::npos)
      << disposition;
  const hq::XlsxSheet sheet = hq::read_xlsx(res->body);
  bool found = false;
  for (const auto& row : sheet.rows)
    for (const auto& cell : row.fields) found = found || cell == "韩昇 审批一科科长";
  EXPECT_TRUE(found);
  EXPECT_EQ(sheet.rows.at(0).fields.at(0), "“局长科长坐窗口”活动统计表");

  // CSV: byte for byte the file `hqd export` writes, for each of the five tables.
  for (const char* table : {"attachment3", "ratings", "reports", "compliance", "callbacks"}) {
    res = http.Get(std::string("/v1/console/tables/") + table + "?period=2026Q4&department=d08&format=csv", auth);
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << table << res->body;
    const std::string out = dir.file(std::string(table) + ".csv");
    const auto [rc, text] = run(hqd() + " export --db " + hq.db + " --table " + table +
                                " --period 2026Q4 --department d08 --format csv --out " + out + " 2>&1");
    ASSERT_EQ(rc, 0) << text;
    EXPECT_EQ(res->body, slurp(out)) << table;
  }
  // JSON preview: the sheets with their headers and rows; the 回访工作单 preview masks the phone.
  res = http.Get("/v1/console/tables/ratings?period=2026Q4&department=d08", auth);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  json preview = json::parse(res->body);
  EXPECT_EQ(preview["department"], "区行政审批局");
  EXPECT_EQ(preview["sheets"].size(), 3u);
  EXPECT_EQ(preview["sheets"][1]["total_rows"], 1);
  res = http.Get("/v1/console/tables/callbacks?period=2026-11-01..2026-11-30", auth);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->body.find("13812345678"), std::string::npos);
  EXPECT_NE(res->body.find("138****5678"), std::string::npos) << res->body;
  // Bad questions get clear answers.
  res = http.Get("/v1/console/tables/attachment3?period=2026Q5", auth);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  res = http.Get("/v1/console/tables/nosuch?period=2026Q4", auth);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  res = http.Get("/v1/console/tables/ratings?period=2026Q4&department=nosuch", auth);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
}
