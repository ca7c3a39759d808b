// hqd's exports through the real hqd binary, with records made by the kiosk's own Store and pushed over
// HTTP: working days from HQ's calendar in the 办不成事 ledger (用时, 逾期) and in 差评 回访 deadlines, the
// XLSX read back cell by cell, and --period.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include "hq_fixture.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/store.h"
#include "kiosk/core/strings.h"
#include "sync/protocol/calendar.h"
#include "sync/protocol/records.h"

using namespace sync_test;
using namespace hq_test;
using sync_client::SyncClient;

namespace {

// The row of a department on the 回访 sheet (six cells, the department first).
std::vector<std::string> dept_row(const std::vector<std::vector<std::string>>& rows, const std::string& name) {
  for (const auto& r : rows)
    if (r.size() == 6 && r[0] == name) return r;
  return {};
}

bool has_line(const std::vector<std::vector<std::string>>& rows, const std::string& text) {
  for (const auto& r : rows)
    if (!r.empty() && r[0] == text) return true;
  return false;
}

// Today in the hall (UTC+8), as hqd dates set-report and follow-up.
std::string today() { return core::to_civil(core::SystemClock().now(), 480).date(); }

std::int64_t at(const std::string& date, const std::string& time = "09:30:00") {
  return core::parse_iso8601(date + "T" + time + "+08:00", 480).value();
}

// Working days counted here, day by day, independently of hqd: Monday–Friday unless listed.
struct Days {
  std::set<std::string> holidays, workdays;
  bool working(const std::string& d) const {
    return workdays.count(d) || (!holidays.count(d) && protocol::weekday_of(d) < 5);
  }
  // Working days after `from` up to and including `to`.
  int between(const std::string& from, const std::string& to) const {
    int n = 0;
    for (std::string d = protocol::add_days(from, 1); d <= to; d = protocol::add_days(d, 1))
      if (working(d)) ++n;
    return n;
  }
  // The `n`th working day after `from`.
  std::string after(std::string d, int n) const {
    while (n > 0) {
      d = protocol::add_days(d, 1);
      if (working(d)) --n;
    }
    return d;
  }
};

// HQ's calendar as `hqd import-reference` takes it (sync/PROTOCOL.md, field "calendar").
// The calendar the kiosks ship with (assets/calendar/), which HQ's exports also use until HQ publishes one.
Days shipped() {
  std::ifstream in(std::string(KIOSK_ASSETS_DIR) + "/calendar/workdays.json");
  std::stringstream ss;
  ss << in.rdbuf();
  const protocol::CalendarData c = protocol::decode_calendar(ss.str());
  return Days{{c.holidays.begin(), c.holidays.end()}, {c.workdays.begin(), c.workdays.end()}};
}

void import_calendar(const TempDir& dir, Hq& hq, const Days& days, const std::string& version) {
  const nlohmann::json doc = {{"protocol", 1},
                              {"full", false},
                              {"calendar",
                               {{"version", version},
                                {"holidays", std::vector<std::string>(days.holidays.begin(), days.holidays.end())},
                                {"workdays", std::vector<std::string>(days.workdays.begin(), days.workdays.end())}}}};
  const std::string path = dir.file("calendar-" + version + ".json");
  write(path, doc.dump());
  hq.import(path);
}

std::pair<int, std::string> hq_run(const std::string& args) { return run(hqd() + " " + args + " 2>&1"); }

std::vector<std::vector<std::string>> export_csv(const TempDir& dir, Hq& hq, const std::string& args) {
  const std::string out = dir.file("export.csv");
  const auto [rc, text] = hq_run("export --db " + hq.db + " " + args + " --format csv --out " + out);
  EXPECT_EQ(rc, 0) << text;
  return read_csv(slurp(out));
}

std::string report(core::Store& store, const std::string& created, const std::string& due, const std::string& what) {
  core::Report rep;
  rep.department_id = "d08";
  rep.item_name = "企业开办“一件事”";
  rep.kind = core::ReportKind::many_trips;
  rep.description = what;
  rep.due_date = due;
  rep.at = at(created);
  return store.submit_report(rep, 1);
}

std::string rating(core::Store& store, const std::string& official, const std::string& name, core::Level level,
                   const std::string& date) {
  core::Rating r;
  r.target_id = official;
  r.target_name = name;
  r.level = level;
  if (core::is_bad(level)) r.reasons = {"long_wait"};
  r.phone = "13812345678";
  r.at = at(date);
  return store.submit_rating(r);
}

// --- XLSX read back: unzip, shared strings, cells by address. ---
std::string unzip(const std::string& xlsx, const std::string& member) {
  const auto [rc, out] = run("unzip -p " + xlsx + " " + member);
  EXPECT_EQ(rc, 0) << member;
  return out;
}

std::string xml_text(const std::string& s) {
  static const std::pair<const char*, const char*> kEntities[] = {
      {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&apos;", "'"}, {"&#10;", "\n"}, {"&#xA;", "\n"}, {"&amp;", "&"}};
  std::string out;
  for (std::size_t i = 0; i < s.size();) {
    bool hit = false;
    for (const auto& [from, to] : kEntities)
      if (s.compare(i, std::strlen(from), from) == 0) {
        out += to;
        i += std::strlen(from);
        hit = true;
        break;
      }
    if (!hit) out += s[i++];
  }
  return out;
}

// The text of every <si> of xl/sharedStrings.xml, in order.
std::vector<std::string> shared_strings(const std::string& xml) {
  std::vector<std::string> out;
  for (std::size_t p = xml.find("<si>"); p != std::string::npos; p = xml.find("<si>", p)) {
    const std::size_t end = xml.find("</si>", p);
    std::string text;
    for (std::size_t t = xml.find("<t", p); t != std::string::npos && t < end; t = xml.find("<t", t + 1)) {
      const std::size_t open = xml.find('>', t), close = xml.find("</t>", open);
      if (xml[t + 2] != '>' && xml[t + 2] != ' ') continue;  // not a <t> element
      text += xml_text(xml.substr(open + 1, close - open - 1));
    }
    out.push_back(text);
    p = end;
  }
  return out;
}

// One worksheet: its XML and the workbook's shared strings.
struct SheetXml {
  std::string xml;
  std::vector<std::string> strings;
  // The value of cell `ref` ("C7"): a shared string resolved, a number as written; nullopt when not written.
  std::optional<std::string> cell(const std::string& ref) const {
    const std::size_t p = xml.find("<c r=\"" + ref + "\"");
    if (p == std::string::npos) return std::nullopt;
    const std::size_t tag_end = xml.find('>', p);
    if (xml[tag_end - 1] == '/') return std::string();  // formatted but empty (inside a merged range)
    const std::string tag = xml.substr(p, tag_end - p);
    const std::size_t end = xml.find("</c>", tag_end);
    const std::string inner = xml.substr(tag_end + 1, end - tag_end - 1);
    const std::size_t v = inner.find("<v>");
    if (v == std::string::npos) return std::string();
    const std::string value = inner.substr(v + 3, inner.find("</v>") - v - 3);
    if (tag.find("t=\"s\"") != std::string::npos) return strings.at(std::stoul(value));
    return xml_text(value);
  }
  bool numeric(const std::string& ref) const {  // written as a number, not as text
    const std::size_t p = xml.find("<c r=\"" + ref + "\"");
    return p != std::string::npos && xml.substr(p, xml.find('>', p) - p).find("t=\"") == std::string::npos;
  }
};

std::vector<SheetXml> read_xlsx(const std::string& path, std::size_t sheets) {
  const auto strings = shared_strings(unzip(path, "xl/sharedStrings.xml"));
  std::vector<SheetXml> out;
  for (std::size_t i = 1; i <= sheets; ++i) out.push_back({unzip(path, "xl/worksheets/sheet" + std::to_string(i) + ".xml"), strings});
  EXPECT_EQ(run("unzip -l " + path + " xl/worksheets/sheet" + std::to_string(sheets + 1) + ".xml >/dev/null 2>&1").first,
            11)
      << path << " has more than " << sheets << " sheets";
  return out;
}

// The quarter 2026Q2 of department d08 with 2026's 劳动节 (1–5 May off, Saturday 9 May worked).
struct Quarter {
  Days days{{"2026-05-01", "2026-05-02", "2026-05-03", "2026-05-04", "2026-05-05"}, {"2026-05-09"}};
  std::string done_receipt, open_receipt, bad_rating;
};

Quarter make_quarter(const TempDir& dir, Hq& hq) {
  Quarter q;
  hq.start();
  Kiosk k(dir, hq, "kiosk-a");
  SyncClient client(k.config, k.db);
  EXPECT_TRUE(client.pull().ok());
  {
    core::Store store(k.db);
    const auto in = store.check_in({"o03", "wA01", std::nullopt, "2026-04-28", protocol::HalfDay::am,
                                    at("2026-04-28", "08:30:00"), std::string("计划外")});
    store.check_out(core::CheckOut{in, at("2026-04-28", "12:30:00"), 9,
                                   {{core::ProblemSource::citizen, "营业执照打印机卡纸", "更换打印机", false,
                                     std::string("2026-05-08"), "审批一科"}},
                                   false},
                    3.5);
    q.done_receipt = report(store, "2026-04-27", "2026-05-06", "材料要求前后不一");
    q.open_receipt = report(store, "2026-04-30", "2026-05-08", "网上预约排不上");
    // Two 走流程: 韩昇's with a problem still open and one put right on the spot; 冯堃's that found nothing.
    store.record_walk({"o03", "i01", "企业开办“一件事”", "2026-05-06",
                       {protocol::WalkForm::at_window, protocol::WalkForm::inspect},
                       {{"窗口指引不清（导办人员少）", "增设导办岗", std::string("2026-05-15"), "审批一科"},
                        {"叫号屏不亮", "更换电源", std::nullopt, "综合科"}},
                       at("2026-05-06", "16:00:00")});
    store.record_walk({"o01", "i04", "食品经营许可", "2026-06-02", {protocol::WalkForm::in_person}, {},
                       at("2026-06-02", "11:00:00")});
    q.bad_rating = rating(store, "o01", "冯堃", core::Level::dissatisfied, "2026-04-28");
    rating(store, "o01", "冯堃", core::Level::very_satisfied, "2026-04-29");
  }
  EXPECT_TRUE(client.push().ok());
  import_calendar(dir, hq, q.days, "2026-labour-day");
  for (const std::string& args : {"set-report --receipt " + q.done_receipt + " --status done --reply 已告知统一清单",
                                 "set-report --receipt " + q.open_receipt + " --status accepted",
                                 "follow-up --rating " + q.bad_rating + " --note 已电话回访"}) {
    const auto [rc, out] = hq_run(args + " --db " + hq.db);
    EXPECT_EQ(rc, 0) << args << ": " << out;
  }
  return q;
}

}  // namespace

// Three reports on one ledger: done on time, done late, still open past its due date (and one not yet due);
// 用时 and 逾期 in working days, first Monday–Friday, then with a holiday from HQ's calendar.
TEST(HqExport, LedgerCountsWorkingDaysWithHolidays) {
  HqWithKiosk f;
  auto& [dir, hq, k, client] = f;
  ASSERT_TRUE(client.pull().ok());
  const std::string t = today();
  auto day = [&](int n) { return protocol::add_days(t, n); };
  std::string on_time, late, open, fresh;
  {
    core::Store store(k.db);
    on_time = report(store, day(-8), day(2), "准时办结");
    late = report(store, day(-12), day(-4), "超期办结");
    open = report(store, day(-12), day(-6), "超期未办结");
    fresh = report(store, day(-1), day(5), "尚未到期");
  }
  ASSERT_TRUE(client.push().ok());
  for (const auto& [receipt, status] : std::vector<std::pair<std::string, std::string>>{
           {on_time, "done"}, {late, "done"}, {open, "in_progress"}}) {
    const auto [rc, out] = hq_run("set-report --db " + hq.db + " --receipt " + receipt + " --status " + status);
    ASSERT_EQ(rc, 0) << out;
  }
  const std::string range = "--table reports --from " + day(-30) + " --to " + t;
  // (用时, 逾期) of a receipt's row; the other cells checked on the way.
  auto cells = [&](const std::vector<std::vector<std::string>>& rows, const std::string& receipt) {
    const auto r = find_row(rows, {receipt});
    EXPECT_EQ(r.size(), 14u) << receipt;
    if (r.size() != 14u) return std::pair<std::string, std::string>{"(no row)", ""};
    EXPECT_EQ(r[13], "") << "群众评价: nobody rated the handling";
    const bool done = receipt == on_time || receipt == late;
    EXPECT_EQ(r[10], done ? t : "") << "办结日期 of " << receipt;
    return std::pair{r[11], r[12]};
  };
  auto expect_ledger = [&](const Days& d, const std::vector<std::vector<std::string>>& rows) {
    EXPECT_EQ(cells(rows, on_time), std::pair(std::to_string(d.between(day(-8), t)), std::string("0")));
    EXPECT_EQ(cells(rows, late), std::pair(std::to_string(d.between(day(-12), t)), std::to_string(d.between(day(-4), t))));
    EXPECT_EQ(cells(rows, open), std::pair(std::string(), std::to_string(d.between(day(-6), t))));
    EXPECT_EQ(cells(rows, fresh), std::pair(std::string(), std::string("0")));
  };
  // No calendar at HQ yet: the one the kiosks ship with (they promised reply dates by it), and the sheet
  // says so; with no shipped calendar either, Monday–Friday.
  auto rows = export_csv(dir, hq, range);
  EXPECT_TRUE(has_line(rows, "工作日按终端随附的节假日安排计算（版本 default-2025-2026；区行政审批局尚未发布）"));
  EXPECT_EQ(find_row(rows, {"序号", "受理编号"}).back(), "群众评价");
  expect_ledger(shipped(), rows);
  // Assets with the words people read (assets/i18n/) but neither a reason list nor a calendar.
  std::filesystem::create_directories(dir.file("no-calendar/i18n"));
  std::filesystem::copy_file(std::string(KIOSK_ASSETS_DIR) + "/i18n/zh-CN.json", dir.file("no-calendar/i18n/zh-CN.json"));
  rows = export_csv(dir, hq, range + " --assets " + dir.file("no-calendar"));
  EXPECT_TRUE(has_line(rows, "工作日按周一至周五计算（未导入节假日安排）"));
  expect_ledger(Days{}, rows);
  EXPECT_GT(std::stoi(cells(rows, late).second), 0);

  // A holiday on a weekday within the last three days: inside every interval above.
  Days holiday;
  for (int n = -1; holiday.holidays.empty(); --n)
    if (protocol::weekday_of(day(n)) < 5) holiday.holidays.insert(day(n));
  import_calendar(dir, hq, holiday, "test-1");
  rows = export_csv(dir, hq, range);
  EXPECT_FALSE(has_line(rows, "工作日按周一至周五计算（未导入节假日安排）"));
  EXPECT_TRUE(has_line(rows, "工作日按区行政审批局发布的节假日安排计算（版本 test-1）"));
  expect_ledger(holiday, rows);
  EXPECT_EQ(std::stoi(cells(rows, late).first), Days{}.between(day(-12), t) - 1) << "the holiday is not counted";
  EXPECT_EQ(std::stoi(cells(rows, open).second), Days{}.between(day(-6), t) - 1);
  // The 状态 column keeps its words; the first 12 columns are as before.
  EXPECT_EQ(find_row(rows, {open}).at(8), "办理中");
  EXPECT_EQ(find_row(rows, {fresh}).at(8), "待受理");
  EXPECT_EQ(find_row(rows, {fresh}).at(7), day(5));
}

// 差评 回访 deadlines: followed up late, on time, not at all (past the deadline and not yet), per department.
TEST(HqExport, BadRatingFollowUpDeadlines) {
  HqWithKiosk f;
  auto& [dir, hq, k, client] = f;
  ASSERT_TRUE(client.pull().ok());
  const std::string t = today();
  auto day = [&](int n) { return protocol::add_days(t, n); };
  std::string late, missed, waiting, prompt;
  {
    core::Store store(k.db);
    late = rating(store, "o01", "冯堃", core::Level::dissatisfied, day(-20));                 // d08, 回访 today
    missed = rating(store, "o05", "欧阳燚", core::Level::very_dissatisfied, day(-20));      // d07, never
    waiting = rating(store, "o03", "韩昇", core::Level::dissatisfied, day(-1));               // d08, not yet due
    prompt = rating(store, "o03", "韩昇", core::Level::very_dissatisfied, day(-2));           // d08, 回访 today
    rating(store, "o01", "冯堃", core::Level::satisfied, day(-3));
  }
  ASSERT_TRUE(client.push().ok());
  for (const auto& uuid : {late, prompt}) {
    const auto [rc, out] = hq_run("follow-up --db " + hq.db + " --rating " + uuid + " --note 已电话回访");
    ASSERT_EQ(rc, 0) << out;
  }
  const Days d = shipped();  // no calendar published by HQ: the kiosks' shipped one
  const std::string range = "--table ratings --from " + day(-30) + " --to " + t;
  auto rows = export_csv(dir, hq, range + " --follow-up-days 5");
  EXPECT_TRUE(has_line(rows, "回访期限：差评之日起5个工作日内；逾期未回访的工作日数计至今天（" +
                                 std::to_string(std::stoi(t.substr(0, 4))) + "年" + std::to_string(std::stoi(t.substr(5, 2))) +
                                 "月" + std::to_string(std::stoi(t.substr(8, 2))) + "日）"));
  auto check = [&](const std::string& uuid, const std::string& deadline, int overdue, const std::string& state) {
    const auto r = find_row(rows, {uuid});
    ASSERT_EQ(r.size(), 12u) << uuid;
    EXPECT_EQ(r[9], uuid);
    EXPECT_EQ(r[10], deadline) << uuid;
    EXPECT_EQ(r[11], std::to_string(overdue)) << uuid;
    EXPECT_EQ(r[8], state) << uuid;
  };
  const std::string due20 = d.after(day(-20), 5);
  ASSERT_LT(due20, t);
  check(late, due20, d.between(due20, t), "已回访（" + t + "）：已电话回访");
  check(missed, due20, d.between(due20, t), "未回访");
  check(waiting, d.after(day(-1), 5), 0, "未回访");
  check(prompt, d.after(day(-2), 5), 0, "已回访（" + t + "）：已电话回访");
  // The third sheet: per department 差评数, 已回访, 其中逾期回访, 未回访, 其中逾期未回访.
  EXPECT_EQ(find_row(rows, {"部门", "差评数", "已回访", "其中逾期回访", "未回访", "其中逾期未回访"}).size(), 6u);
  EXPECT_EQ(dept_row(rows, "区行政审批局"), (std::vector<std::string>{"区行政审批局", "3", "2", "1", "1", "0"}));
  EXPECT_EQ(dept_row(rows, "区国土住建局"), (std::vector<std::string>{"区国土住建局", "1", "0", "0", "1", "1"}));
  EXPECT_EQ(dept_row(rows, "区税务局"), (std::vector<std::string>{"区税务局", "0", "0", "0", "0", "0"}));
  EXPECT_EQ(dept_row(rows, "合计"), (std::vector<std::string>{"合计", "4", "2", "1", "2", "1"}));
  // The summary sheet is unchanged: 10 columns, the 好评率 of 冯堃 1 of 2.
  const auto summary = find_row(rows, {"区行政审批局", "领导", "冯堃"});
  ASSERT_EQ(summary.size(), 10u);
  EXPECT_EQ(summary[9], "50.0%");

  // The default, 15 working days: the 回访 of the rating 20 days ago may still be on time.
  rows = export_csv(dir, hq, range + " --department d08");
  const std::string due15 = d.after(day(-20), 15);
  const auto r = find_row(rows, {late});
  ASSERT_EQ(r.size(), 12u);
  EXPECT_EQ(r[10], due15);
  EXPECT_EQ(r[11], std::to_string(d.between(due15, t)));
  EXPECT_TRUE(find_row(rows, {missed}).empty()) << "--department d08 leaves out d07's rating";
  EXPECT_TRUE(dept_row(rows, "区国土住建局").empty());
  const std::string late15 = d.between(due15, t) > 0 ? "1" : "0";
  EXPECT_EQ(dept_row(rows, "区行政审批局"), (std::vector<std::string>{"区行政审批局", "3", "2", late15, "1", "0"}));
}

// Every table as XLSX: specific cells by address, the notice's title in A1 and column widths on every sheet.
TEST(HqExport, XlsxCellsOfEveryTable) {
  TempDir dir;
  Hq hq(dir);
  const Quarter q = make_quarter(dir, hq);
  const std::string t = today();
  auto xlsx = [&](const std::string& table, std::size_t sheets) {
    const std::string out = dir.file(table + ".xlsx");
    const auto [rc, text] = hq_run("export --db " + hq.db + " --table " + table +
                                   " --period 2026Q2 --department d08 --format xlsx --out " + out);
    EXPECT_EQ(rc, 0) << text;
    auto all = read_xlsx(out, sheets);
    for (std::size_t i = 0; i < all.size(); ++i) {
      EXPECT_NE(all[i].xml.find("<cols><col "), std::string::npos) << table << " sheet " << i + 1 << ": no widths";
      EXPECT_NE(all[i].xml.find("customWidth=\"1\""), std::string::npos) << table << " sheet " << i + 1;
    }
    return all;
  };
  // 附件3: title, 3 meta lines, two header rows (问题来源 spans E5:H5), the sitting on row 7.
  auto a3 = xlsx("attachment3", 1);
  EXPECT_EQ(a3[0].cell("A1"), "“局长科长坐窗口”活动统计表");
  EXPECT_EQ(a3[0].cell("A2"), "填报单位（盖章）：区行政审批局");
  EXPECT_EQ(a3[0].cell("E5"), "问题来源");
  EXPECT_EQ(a3[0].cell("E6"), "企业群众提出");
  EXPECT_EQ(a3[0].cell("B7"), "2026年4月28日上午 08:30—12:30");
  EXPECT_EQ(a3[0].cell("C7"), "韩昇 审批一科科长");
  EXPECT_EQ(a3[0].cell("D7"), "9");
  EXPECT_TRUE(a3[0].numeric("D7"));
  EXPECT_EQ(a3[0].cell("E7"), "√");
  EXPECT_EQ(a3[0].cell("I7"), "营业执照打印机卡纸");
  EXPECT_EQ(a3[0].cell("K7"), "2026年5月8日");
  EXPECT_EQ(a3[0].cell("L7"), "审批一科");
  EXPECT_EQ(a3[0].cell("A8"), std::nullopt);

  // 好差评: summary (3 meta lines, header on row 5), 差评明细 and 回访 (4 meta lines, header on row 6).
  auto ratings = xlsx("ratings", 3);
  EXPECT_EQ(ratings[0].cell("A1"), "好差评情况汇总表");
  EXPECT_EQ(ratings[0].cell("C6"), "冯堃");
  EXPECT_EQ(ratings[0].cell("D6"), "1");  // 非常满意
  EXPECT_EQ(ratings[0].cell("G6"), "1");  // 不满意
  EXPECT_EQ(ratings[0].cell("J6"), "50.0%");
  EXPECT_EQ(ratings[1].cell("A1"), "差评明细及回访情况");
  EXPECT_EQ(ratings[1].cell("A5"), "工作日按区行政审批局发布的节假日安排计算（版本 2026-labour-day）");
  EXPECT_EQ(ratings[1].cell("K6"), "回访期限");
  EXPECT_EQ(ratings[1].cell("L6"), "逾期(工作日)");
  EXPECT_EQ(ratings[1].cell("B7"), "2026-04-28 09:30");
  EXPECT_EQ(ratings[1].cell("E7"), "不满意");
  EXPECT_EQ(ratings[1].cell("H7"), "138****5678");
  EXPECT_EQ(ratings[1].cell("I7"), "已回访（" + t + "）：已电话回访");
  EXPECT_EQ(ratings[1].cell("J7"), q.bad_rating);
  // 15 working days from Tuesday 28 April: 29, 30 April, 6–9 May (Saturday 9 worked), 11–15, 18–21 May.
  EXPECT_EQ(ratings[1].cell("K7"), "2026-05-21");
  EXPECT_EQ(ratings[1].cell("L7"), std::to_string(q.days.between("2026-05-21", t)));
  EXPECT_TRUE(ratings[1].numeric("L7"));
  EXPECT_EQ(ratings[2].cell("A1"), "各部门差评回访情况");
  EXPECT_EQ(ratings[2].cell("A7"), "区行政审批局");
  EXPECT_EQ(ratings[2].cell("B7"), "1");
  EXPECT_EQ(ratings[2].cell("C7"), "1");
  EXPECT_EQ(ratings[2].cell("D7"), "1");  // followed up today, long after 21 May
  EXPECT_EQ(ratings[2].cell("E7"), "0");
  EXPECT_EQ(ratings[2].cell("A8"), "合计");

  // 办不成事: 4 meta lines, header on row 6, the two reports in the order they were filed.
  auto ledger = xlsx("reports", 1);
  EXPECT_EQ(ledger[0].cell("A1"), "“办不成事”反映问题台账");
  EXPECT_EQ(ledger[0].cell("L6"), "用时(工作日)");
  EXPECT_EQ(ledger[0].cell("M6"), "逾期(工作日)");
  EXPECT_EQ(ledger[0].cell("B7"), q.done_receipt);
  EXPECT_EQ(ledger[0].cell("C7"), "2026-04-27");
  EXPECT_EQ(ledger[0].cell("H7"), "2026-05-06");
  EXPECT_EQ(ledger[0].cell("I7"), "已办结");
  EXPECT_EQ(ledger[0].cell("J7"), "已告知统一清单");
  EXPECT_EQ(ledger[0].cell("K7"), t);
  EXPECT_EQ(ledger[0].cell("L7"), std::to_string(q.days.between("2026-04-27", t)));
  EXPECT_EQ(ledger[0].cell("M7"), std::to_string(q.days.between("2026-05-06", t)));
  EXPECT_TRUE(ledger[0].numeric("M7"));
  EXPECT_EQ(ledger[0].cell("B8"), q.open_receipt);
  EXPECT_EQ(ledger[0].cell("I8"), "已受理");
  EXPECT_EQ(ledger[0].cell("L8"), "");
  EXPECT_EQ(ledger[0].cell("M8"), std::to_string(q.days.between("2026-05-08", t)));

  // Compliance: officials by rank on rows 6–9; the department on row 5 of the second sheet.
  auto comp = xlsx("compliance", 3);
  EXPECT_EQ(comp[0].cell("A1"), "“局长科长坐窗口”频次达标情况");
  EXPECT_EQ(comp[0].cell("B6"), "冯堃");
  EXPECT_EQ(comp[0].cell("G6"), "未到期");
  EXPECT_EQ(comp[0].cell("E7"), "2026年上半年");
  EXPECT_EQ(comp[0].cell("G7"), "未达标");
  EXPECT_EQ(comp[0].cell("B8"), "韩昇");
  EXPECT_EQ(comp[0].cell("E8"), "2026年第2季度");
  EXPECT_EQ(comp[0].cell("F8"), "1");
  EXPECT_EQ(comp[0].cell("G8"), "达标");
  EXPECT_EQ(comp[1].cell("A1"), "各部门坐窗口频次达标情况");
  EXPECT_EQ(comp[1].cell("A5"), "区行政审批局");
  EXPECT_EQ(comp[1].cell("B5"), "4");
  EXPECT_EQ(comp[1].cell("C5"), "1");
  EXPECT_EQ(comp[1].cell("F5"), "未达标");
  // 每年至少体验1次: 冯堃 and 韩昇 walked in 2026; the other two have till the year's end.
  EXPECT_EQ(comp[2].cell("A1"), "领导干部“走流程”次数达标情况");
  EXPECT_EQ(comp[2].cell("A5"), "部门");
  EXPECT_EQ(comp[2].cell("B6"), "冯堃");
  EXPECT_EQ(comp[2].cell("D6"), "2026年");
  EXPECT_EQ(comp[2].cell("E6"), "1");
  EXPECT_TRUE(comp[2].numeric("E6"));
  EXPECT_EQ(comp[2].cell("F6"), "达标");
  EXPECT_EQ(comp[2].cell("F7"), "未到期");
  EXPECT_EQ(comp[2].cell("B8"), "韩昇");
  EXPECT_EQ(comp[2].cell("F8"), "达标");

  // 走流程 附件3: the four forms under 走流程形式 (E5:H5), a row per problem, a walk that found nothing on its own row.
  auto walks = xlsx("walks", 1);
  EXPECT_EQ(walks[0].cell("A1"), "“干部走流程”问题整改台账");
  EXPECT_EQ(walks[0].cell("A2"), "填报单位（盖章）：区行政审批局");
  EXPECT_EQ(walks[0].cell("E5"), "走流程形式");
  EXPECT_EQ(walks[0].cell("E6"), "驻窗办");
  EXPECT_EQ(walks[0].cell("H6"), "检验办");
  EXPECT_EQ(walks[0].cell("I5"), "存在问题及原因");
  EXPECT_EQ(walks[0].cell("A7"), "1");
  EXPECT_EQ(walks[0].cell("B7"), "2026年5月6日");
  EXPECT_EQ(walks[0].cell("C7"), "韩昇 审批一科科长");
  EXPECT_EQ(walks[0].cell("D7"), "企业开办“一件事”");
  EXPECT_EQ(walks[0].cell("E7"), "√");
  EXPECT_EQ(walks[0].cell("F7"), "");
  EXPECT_EQ(walks[0].cell("H7"), "√");
  EXPECT_EQ(walks[0].cell("I7"), "窗口指引不清（导办人员少）");
  EXPECT_EQ(walks[0].cell("J7"), "增设导办岗");
  EXPECT_EQ(walks[0].cell("K7"), "2026年5月15日前（逾期未整改）");
  EXPECT_EQ(walks[0].cell("L7"), "审批一科");
  EXPECT_EQ(walks[0].cell("I8"), "叫号屏不亮");
  EXPECT_EQ(walks[0].cell("K8"), "当场整改");
  EXPECT_EQ(walks[0].cell("C9"), "冯堃 局长");
  EXPECT_EQ(walks[0].cell("F9"), "√");
  EXPECT_EQ(walks[0].cell("I9"), "未发现问题");
  EXPECT_EQ(walks[0].cell("A10"), std::nullopt);

  // 走流程 附件2: the department's items as the kiosks list them, with the notice's notes under the table.
  auto items = xlsx("items", 1);
  EXPECT_EQ(items[0].cell("A1"), "“干部走流程”事项清单");
  EXPECT_EQ(items[0].cell("A4"), "序号");
  EXPECT_EQ(items[0].cell("I4"), "备注");
  EXPECT_EQ(items[0].cell("B5"), "企业开办“一件事”");
  EXPECT_EQ(items[0].cell("C5"), "高效办成一件事");
}

// --period 2026Q2 is --from 2026-04-01 --to 2026-06-30; 2026Q5 is refused with a message.
TEST(HqExport, PeriodMatchesDatesAndBadPeriodFails) {
  TempDir dir;
  Hq hq(dir);
  make_quarter(dir, hq);
  for (const char* table : {"attachment3", "ratings", "reports", "compliance"}) {
    std::map<std::string, std::string> files;
    for (const char* how_text : {"--period 2026Q2", "--from 2026-04-01 --to 2026-06-30"})
      for (const char* format_text : {"csv", "xlsx"}) {
        const std::string how = how_text, format = format_text;
        const std::string out = dir.file(std::string(table) + (how[2] == 'p' ? "-p." : "-d.") + format);
        const auto [rc, text] = hq_run("export --db " + hq.db + " --table " + table + " " + how + " --format " +
                                       format + " --out " + out);
        ASSERT_EQ(rc, 0) << text;
        files[how.substr(2, 1) + format] = out;
      }
    const std::string csv = slurp(files["pcsv"]);
    EXPECT_NE(csv.find("2026年4月1日至2026年6月30日"), std::string::npos) << table;
    EXPECT_EQ(csv, slurp(files["fcsv"])) << table;
    // XLSX files carry their creation time; the sheets and strings must be the same.
    for (const char* member : {"xl/sharedStrings.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml"})
      EXPECT_EQ(run("unzip -p " + files["pxlsx"] + " " + std::string(member) + " 2>/dev/null").second,
                run("unzip -p " + files["fxlsx"] + " " + std::string(member) + " 2>/dev/null").second)
          << table << " " << member;
  }
  for (const char* bad : {"2026Q5", "26Q2", "2026Q", "2026H3"}) {
    const auto [rc, out] = hq_run("export --db " + hq.db + " --table reports --period " + std::string(bad) + " --format csv --out " +
                                  dir.file("bad.csv"));
    EXPECT_EQ(rc, 1) << bad;
    EXPECT_NE(out.find("--period is a quarter (2026Q2), a half-year (2026H1) or a year (2026)"), std::string::npos)
        << bad << ": " << out;
  }
  const auto [rc, out] = hq_run("export --db " + hq.db + " --table reports --period 2026Q2 --from 2026-04-01 "
                                "--format csv --out " + dir.file("bad.csv"));
  EXPECT_EQ(rc, 1);
  EXPECT_NE(out.find("either --period"), std::string::npos) << out;
  EXPECT_FALSE(std::filesystem::exists(dir.file("bad.csv")));
}

// The words of every enumeration — level, report kind, problem source, rank, rating target, report state,
// half-day — are the same on the kiosk's screens (tr(label_key(value)) over assets/i18n/zh-CN.json) and in
// every export column that shows one: the ledger says exactly what the citizen tapped.
TEST(HqExport, EveryEnumerationReadsAsOnTheKioskScreens) {
  HqWithKiosk f;
  auto& [dir, hq, k, client] = f;
  ASSERT_TRUE(client.pull().ok());
  core::Strings screen;
  screen.load(std::string(KIOSK_ASSETS_DIR) + "/i18n/zh-CN.json");
  auto shown = [&](auto value) { return screen.get(core::label_key(value)); };
  const std::string d = "2026-04-28";
  std::map<std::string, core::ReportKind> receipts;
  std::map<std::string, core::Level> ratings;
  std::map<core::TargetKind, std::string> target_names;
  {
    core::Store store(k.db);
    for (const core::ReportKind kind : core::all_values<core::ReportKind>()) {
      core::Report rep;
      rep.department_id = "d08";
      rep.item_name = "企业开办“一件事”";
      rep.kind = kind;
      rep.description = "问题";
      rep.phone = "13812345678";
      rep.due_date = "2026-05-06";
      rep.at = at(d);
      receipts[store.submit_report(rep, 1)] = kind;
    }
    for (const core::Level level : core::all_values<core::Level>())
      ratings[rating(store, "o01", "冯堃", level, d)] = level;
    core::Rating r;
    r.level = core::Level::satisfied;
    r.at = at(d);
    for (const auto& [kind, id, name] : {std::tuple{core::TargetKind::window, "wA01", "A01 窗口"},
                                         std::tuple{core::TargetKind::item, "i01", "某服务事项"}}) {
      r.target_kind = kind;
      r.target_id = id;
      r.target_name = name;
      store.submit_rating(r);
      target_names[kind] = name;
    }
    target_names[core::TargetKind::official] = "冯堃";
    // One sitting per half-day; the morning's check-out has a problem of every source.
    std::vector<core::Problem> problems;
    for (const core::ProblemSource source : core::all_values<core::ProblemSource>())
      problems.push_back({source, "问题", "", true, std::nullopt, ""});
    const auto am = store.check_in({"o01", "wA01", std::nullopt, d, protocol::HalfDay::am, at(d, "08:30:00"), "计划外"});
    store.check_out(core::CheckOut{am, at(d, "12:30:00"), 3, problems, false}, 3.5);
    const auto pm = store.check_in({"o02", "wA02", std::nullopt, d, protocol::HalfDay::pm, at(d, "13:30:00"), "计划外"});
    store.check_out(core::CheckOut{pm, at(d, "17:30:00"), 1, {}, false}, 3.5);
  }
  ASSERT_TRUE(client.push().ok());
  std::map<std::string, core::ReportState> states;
  auto it = receipts.begin();
  for (const core::ReportState state : {core::ReportState::accepted, core::ReportState::in_progress,
                                        core::ReportState::done}) {
    const auto [rc, out] = hq_run("set-report --db " + hq.db + " --receipt " + it->first + " --status " +
                                  core::to_string(state));
    ASSERT_EQ(rc, 0) << out;
    states[(it++)->first] = state;
  }
  const std::string range = "--from 2026-04-01 --to 2026-06-30";

  // 办不成事 ledger: 问题类型 and 状态 of every receipt.
  auto rows = export_csv(dir, hq, "--table reports " + range);
  for (const auto& [receipt, kind] : receipts) {
    const auto row = find_row(rows, {receipt});
    ASSERT_EQ(row.size(), 14u) << receipt;
    EXPECT_EQ(row[5], shown(kind)) << core::to_string(kind);
    if (states.count(receipt)) {
      EXPECT_EQ(row[8], shown(states.at(receipt))) << receipt;
    }
  }
  // 好差评: a column per level in the summary, the level of every 差评, and the kind of every target.
  rows = export_csv(dir, hq, "--table ratings " + range);
  const auto header = find_row(rows, {"部门", "评价对象类别"});
  ASSERT_EQ(header.size(), 10u);
  for (const core::Level level : core::all_values<core::Level>())
    EXPECT_EQ(header[3 + static_cast<std::size_t>(level)], shown(level));
  for (const auto& [kind, name] : target_names)
    EXPECT_FALSE(find_row(rows, {"区行政审批局", shown(kind), name}).empty()) << core::to_string(kind);
  for (const auto& [uuid, level] : ratings) {
    if (!core::is_bad(level)) continue;
    const auto row = find_row(rows, {uuid});
    ASSERT_GE(row.size(), 5u) << uuid;
    EXPECT_EQ(row[4], shown(level));
  }
  // 回访工作单: each open 差评 opens with its level.
  rows = export_csv(dir, hq, "--table callbacks " + range);
  for (const auto& [uuid, level] : ratings) {
    if (!core::is_bad(level)) continue;
    const auto row = find_row(rows, {uuid});
    ASSERT_GE(row.size(), 7u) << uuid;
    EXPECT_EQ(row[6].substr(0, shown(level).size() + 3), shown(level) + "：");
  }
  // 附件3: a 问题来源 column per source, every mark in the morning's row, and the half-day in 时间.
  rows = export_csv(dir, hq, "--table attachment3 " + range);
  std::size_t top = 0;
  while (top + 3 < rows.size() && !(rows[top].size() == 12 && rows[top][0] == "序号")) ++top;
  ASSERT_LT(top + 3, rows.size());
  EXPECT_EQ(rows[top][4], screen.get("problem.source"));
  for (const core::ProblemSource source : core::all_values<core::ProblemSource>())
    EXPECT_EQ(rows[top + 1][4 + static_cast<std::size_t>(source)], shown(source));
  EXPECT_NE(rows[top + 2][1].find(shown(protocol::HalfDay::am)), std::string::npos) << rows[top + 2][1];
  EXPECT_EQ(rows[top + 2][4], "√1");
  EXPECT_EQ(rows[top + 2][7], "√4");
  EXPECT_NE(rows[top + 3][1].find(shown(protocol::HalfDay::pm)), std::string::npos) << rows[top + 3][1];
  // Compliance: the rank of every official in 级别.
  rows = export_csv(dir, hq, "--table compliance " + range);
  std::set<std::string> ranks;
  for (const auto& row : rows)
    if (row.size() == 7 && row[4].find("年") != std::string::npos) ranks.insert(row[3]);  // 考核期 2026年…
  std::set<std::string> expected;
  for (const protocol::Rank rank : protocol::all_values<protocol::Rank>()) expected.insert(shown(rank));
  EXPECT_EQ(ranks, expected);
}
