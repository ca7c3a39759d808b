// Reference data and reports called directly on a real store file: the .xlsx reader (cells, dates, merged
// cells, layouts it refuses, fuzzed and inflated workbooks), the importers over it, the console's row edits
// within a liaison's department, names, periods, and compliance from an official's added day.
#include <gtest/gtest.h>
#include <iconv.h>

#include <random>
#include <set>

#include "sync/common/civil_time.h"
#include "sync/hq/audit.h"
#include "sync/hq/console_api.h"
#include "sync/hq/console_documents.h"
#include "sync/hq/csv_table.h"
#include "sync/hq/department_scope.h"
#include "sync/hq/export.h"
#include "sync/hq/importers.h"
#include "sync/hq/name_rules.h"
#include "sync/hq/reference_edit.h"
#include "sync/hq/reference_lookup.h"
#include "sync/hq/report_download.h"
#include "sync/hq/xlsx_reader.h"
#include "sync/protocol/reference_json.h"
#include "sync_fixture.h"
#include "xlsx_fixture.h"

using namespace xlsx_test;
using hq::Principal;
using hq::Role;

namespace {

// A store holding the demo reference data, at hall time 2026-11-27 10:20 (Beijing).
struct DemoStore {
  DemoStore() {
    store.import_reference(protocol::decode_reference(file_bytes(std::string(KIOSK_ASSETS_DIR) + "/demo/reference.json")));
  }
  sync_test::TempDir dir;
  common::ManualClock clock{*common::parse_iso8601("2026-11-27T10:20:00+08:00", 480)};
  hq::HqStore store{dir.file("hq.db"), clock};
};

const Principal kAdmin{"admin", Role::admin, ""};
const Principal kLiaison{"li", Role::liaison, "区行政审批局"};  // d08's 联络员
const Principal kViewer{"leader", Role::viewer, ""};

std::size_t schedule_rows(hq::HqStore& store) {
  return store.locked([](sync_db::Db& db) {
    sync_db::Stmt s(db, "SELECT count(*) FROM reference WHERE tbl='schedule' AND body IS NOT NULL");
    s.step();
    return static_cast<std::size_t>(s.integer(0));
  });
}

std::string all_errors(const hq::ImportResult& r) { return hq::joined(hq::say(r.errors, hq::Language::en), "\n"); }

}  // namespace

TEST(XlsxReader, CellsAsTypedWithDatesNumbersAndMergedCells) {
  sync_test::TempDir dir;
  const hq::XlsxSheet s = hq::read_xlsx(attachment2(dir.file("a2.xlsx")));
  EXPECT_EQ(s.name, "Sheet1");
  EXPECT_EQ(s.sheets, 1u);
  auto row = [&](std::size_t line) -> std::vector<std::string> {
    for (const auto& r : s.rows)
      if (r.line == line) return r.fields;
    return {};
  };
  EXPECT_EQ(row(2).at(0), "“局长科长坐窗口”活动人员时间安排表");
  EXPECT_EQ(row(2).at(5), "“局长科长坐窗口”活动人员时间安排表") << "a merged title fills its range";
  EXPECT_EQ(row(5), (std::vector<std::string>{"1", "12月1日上午", "冯堃", "局长", "18312345678"}));
  EXPECT_EQ(row(6).at(1), "2026-12-02 下午") << "a date-time serial with its half-day";
  EXPECT_EQ(row(7).at(1), "12月3日上午");
  EXPECT_EQ(row(8).at(1), "12月3日上午") << "a 日期 merged down reads in every row";
  EXPECT_TRUE(row(9).empty());
  EXPECT_EQ(hq::excel_serial_date(46358), "2026-12-02");
  EXPECT_EQ(hq::excel_serial_date(1), "1900-01-01");
  EXPECT_EQ(hq::excel_serial_date(61), "1900-03-01");
  EXPECT_EQ(hq::excel_serial_date(0, true), "");
  EXPECT_EQ(hq::excel_serial_date(1e12), "");
}

TEST(XlsxReader, Attachment2WorkbookImportsWithSpreadsheetRowNumbers) {
  DemoStore f;
  hq::ScheduleImport how{"", 2026, false, {}};  // the department from 填报单位's next cell
  auto r = hq::import_schedule(f.store, how, attachment2(f.dir.file("bad.xlsx"), true));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(all_errors(r).find("line 8: 姓名 \"王小二\" is not an official of 区行政审批局"), std::string::npos) << all_errors(r);
  EXPECT_EQ(r.errors.size(), 1u) << all_errors(r);
  EXPECT_EQ(schedule_rows(f.store), 0u) << "nothing imported";
  r = hq::import_schedule(f.store, how, attachment2(f.dir.file("good.xlsx")));
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_EQ(r.imported, 4u);
  const auto rows = hq::list_rows(f.store, kAdmin, hq::RefTable::schedule, "d08");
  std::set<std::string> ids;
  for (const auto& row : rows) ids.insert(row["id"].get<std::string>());
  EXPECT_EQ(ids, (std::set<std::string>{"s-2026-12-01-am-o01", "s-2026-12-02-pm-o02", "s-2026-12-03-am-o03",
                                        "s-2026-12-03-am-o04"}));
}

TEST(XlsxReader, HeaderMergedOverTwoRowsAndOtherSheets) {
  sync_test::TempDir dir;
  // 附件3's form: 序号 … merged down over two header rows, 走流程形式 across its four columns.
  const std::string path = dir.file("two.xlsx");
  lxw_workbook* wb = workbook_new(path.c_str());
  lxw_worksheet* ws = workbook_add_worksheet(wb, "事项清单");
  worksheet_merge_range(ws, 0, 0, 1, 0, "序号", nullptr);
  worksheet_merge_range(ws, 0, 1, 1, 1, "事项名称", nullptr);
  worksheet_merge_range(ws, 0, 2, 1, 2, "类型", nullptr);
  worksheet_merge_range(ws, 0, 3, 0, 4, "办理", nullptr);
  text_row(ws, 1, {"", "", "", "办理方式", "办理途径"});
  text_row(ws, 2, {"1", "企业设立登记", "高效办成一件事", "线上", "一网通办"});
  workbook_add_worksheet(wb, "说明");
  ASSERT_EQ(workbook_close(wb), LXW_NO_ERROR);
  DemoStore f;
  auto r = hq::import_items(f.store, "d08", file_bytes(path));
  ASSERT_TRUE(r.ok()) << all_errors(r);
  EXPECT_EQ(r.imported, 1u);
  // The wrong table in the first sheet: the message names the sheet and says only the first one is read.
  r = hq::import_schedule(f.store, {"d08", 2026, false, {}}, file_bytes(path));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(all_errors(r).find("no header line with the columns 日期, 姓名 was found in worksheet \"事项清单\" (the first of "
                               "the workbook's 2 worksheets; only the first is read)"),
            std::string::npos)
      << all_errors(r);
}

TEST(XlsxReader, OtherFilesGetAClearMessage) {
  DemoStore f;
  auto error_of = [&](const std::string& bytes) {
    const auto r = hq::import_schedule(f.store, {"d08", 2026, false, {}}, bytes);
    EXPECT_FALSE(r.ok());
    return all_errors(r);
  };
  EXPECT_NE(error_of("").find("the file is empty"), std::string::npos);
  EXPECT_NE(error_of(std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + std::string(600, '\0')).find(".xls workbook"),
            std::string::npos);
  EXPECT_NE(error_of(std::string("%PDF-1.4\n\0\0\x01" "binary", 18)).find("binary data"), std::string::npos);
  EXPECT_NE(error_of(workbook(f.dir.file("empty.xlsx"), [](lxw_workbook*, lxw_worksheet*) {})).find("is empty"),
            std::string::npos);
  EXPECT_NE(error_of(zip_of(f.dir.file("ods.zip"), {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet"},
                                                    {"content.xml", "<x/>"}}))
                .find("OpenDocument"),
            std::string::npos);
  EXPECT_NE(error_of(zip_of(f.dir.file("other.zip"), {{"a.txt", "hello"}})).find("not an .xlsx workbook"), std::string::npos);
  EXPECT_NE(error_of("PK\x03\x04 truncated").find("damaged"), std::string::npos);
  // A workbook whose parts declare a DTD (entity tricks) is refused before anything is expanded.
  auto parts = unzip(attachment2(f.dir.file("a2.xlsx")));
  for (auto& [name, content] : parts)
    if (name == "xl/sharedStrings.xml")
      content = "<?xml version=\"1.0\"?><!DOCTYPE sst [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
                "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><si><t>&b;</t></si></sst>";
  EXPECT_NE(error_of(zip_of(f.dir.file("dtd.xlsx"), parts)).find("declares a DTD"), std::string::npos);
  // A cell far beyond any table's columns, and a merge over the whole sheet.
  parts = unzip(attachment2(f.dir.file("a2.xlsx")));
  for (auto& [name, content] : parts)
    if (name == "xl/worksheets/sheet1.xml") {
      content.replace(content.find("<c r=\"A1\""), 9, "<c r=\"XFD1\"");
    }
  EXPECT_NE(error_of(zip_of(f.dir.file("wide.xlsx"), parts)).find("beyond column IV"), std::string::npos);
}

TEST(XlsxReader, InflatedPartsAreCapped) {
  sync_test::TempDir dir;
  // 60 MiB of spaces deflate to a few hundred KiB: the reader stops at its 48 MiB cap with a message.
  std::string huge = "<?xml version=\"1.0\"?><worksheet><sheetData>" + std::string(60u << 20, ' ') + "</sheetData></worksheet>";
  auto parts = unzip(attachment2(dir.file("a2.xlsx")));
  for (auto& [name, content] : parts)
    if (name == "xl/worksheets/sheet1.xml") content = std::move(huge);
  const std::string bomb = zip_of(dir.file("bomb.xlsx"), parts);
  EXPECT_LT(bomb.size(), 2u << 20);
  try {
    hq::read_xlsx(bomb);
    ADD_FAILURE() << "the bomb was read";
  } catch (const hq::XlsxError& e) {
    EXPECT_NE(std::string(e.what()).find("inflates to more than 48 MiB"), std::string::npos) << e.what();
  }
  // Many merged cells: capped, not filled without end.
  parts = unzip(attachment2(dir.file("a2.xlsx")));
  for (auto& [name, content] : parts)
    if (name == "xl/worksheets/sheet1.xml") {
      const auto at = content.find("<mergeCells");
      content.insert(at, "<mergeCells count=\"1\"><mergeCell ref=\"A1:IV1048576\"/></mergeCells>");
      content.erase(content.find("<mergeCells", at + 10), content.find("</mergeCells>", at + 70) + 13 -
                                                            content.find("<mergeCells", at + 10));
    }
  try {
    hq::read_xlsx(zip_of(dir.file("merge.xlsx"), parts));
    ADD_FAILURE() << "the whole-sheet merge was filled";
  } catch (const hq::XlsxError& e) {
    EXPECT_NE(std::string(e.what()).find("merges more cells"), std::string::npos) << e.what();
  }
}

// Random damage to the archive's bytes and to the XML inside it: every outcome is rows or an XlsxError, and the
// importer over it answers with errors, never a crash or another exception.
TEST(XlsxReader, FuzzedWorkbooks) {
  DemoStore f;
  const std::string good = attachment2(f.dir.file("a2.xlsx"));
  const auto parts = unzip(good);
  std::mt19937 rng(20261127);
  auto pick = [&](std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng); };
  std::size_t read_ok = 0, refused = 0;
  auto attempt = [&](const std::string& bytes) {
    try {
      hq::read_xlsx(bytes);
      ++read_ok;
    } catch (const hq::XlsxError& e) {
      ++refused;
      EXPECT_GT(std::string(e.what()).size(), 10u);
    }
    const auto r = hq::import_schedule(f.store, {"d08", 2026, false, {}}, bytes);
    if (r.ok()) {
      EXPECT_LE(r.imported, 4u);
    }
  };
  for (int i = 0; i < 300; ++i) {  // the archive's bytes: flips, cuts, inserted runs
    std::string b = good;
    const int edits = 1 + static_cast<int>(pick(8));
    for (int e = 0; e < edits; ++e) {
      switch (pick(3)) {
        case 0: b[pick(b.size())] = static_cast<char>(pick(256)); break;
        case 1: b.resize(pick(b.size()) + 4); break;
        default: b.insert(pick(b.size()), std::string(pick(64) + 1, static_cast<char>(pick(256))));
      }
    }
    attempt(b);
  }
  static const std::vector<std::string> kTokens = {"<", ">", "</c>", "<c r=\"ZZZ0\">", "<v>", "</v>", "t=\"s\"",
                                                   "<v>99999999</v>", "s=\"9999\"", "&amp;", "&#0;", "\xFF\xFE",
                                                   "<row r=\"0\">", "<mergeCell ref=\"B9:A1\"/>", "r=\"A1048577\""};
  for (int i = 0; i < 300; ++i) {  // the XML parts: tokens inserted, bytes dropped, then zipped properly
    auto p = parts;
    auto& [name, content] = p[pick(p.size())];
    (void)name;
    const int edits = 1 + static_cast<int>(pick(6));
    for (int e = 0; e < edits && !content.empty(); ++e) {
      if (pick(2)) content.insert(pick(content.size()), kTokens[pick(kTokens.size())]);
      else content.erase(pick(content.size()), pick(16) + 1);
    }
    attempt(zip_of(f.dir.file("fuzz.xlsx"), p));
  }
  EXPECT_GT(refused, 100u);
  EXPECT_GT(read_ok, 10u) << "some mutations leave a readable workbook";
}

TEST(HqImports, GbkCsvBadRowNamesLineAndDepartmentAndImportsNothing) {
  DemoStore f;
  const std::string utf8 = "填报单位(盖章):区行政审批局,,,,,\r\n序号,日期,姓名,职务,联系电话,备注\r\n"
                           "1,12月1日上午,冯堃,局长,,\r\n2,12月1日下午,王小二,科员,,\r\n";
  std::string gbk;
  {
    iconv_t cd = iconv_open("GBK", "UTF-8");
    std::string in = utf8;
    gbk.resize(in.size() * 2);
    char* ip = in.data();
    char* op = gbk.data();
    std::size_t il = in.size(), ol = gbk.size();
    ASSERT_NE(iconv(cd, &ip, &il, &op, &ol), static_cast<std::size_t>(-1));
    gbk.resize(gbk.size() - ol);
    iconv_close(cd);
  }
  ASSERT_NE(gbk, utf8);
  const auto r = hq::import_schedule(f.store, {"", 2026, false, {}}, gbk);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(all_errors(r), "line 4: 姓名 \"王小二\" is not an official of 区行政审批局 (import officials first, or add them "
                           "from this file's 职务)");
  EXPECT_EQ(schedule_rows(f.store), 0u);
}

TEST(HqImports, NamesAreChecked) {
  EXPECT_FALSE(hq::name_problem("姓名", "欧阳 燊", 30));
  EXPECT_FALSE(hq::name_problem("姓名", "郗𪚥", 30));
  EXPECT_TRUE(hq::name_problem("姓名", "", 30));
  EXPECT_TRUE(hq::name_problem("姓名", "a/b", 30));
  EXPECT_TRUE(hq::name_problem("姓名", "a\\b", 30));
  EXPECT_TRUE(hq::name_problem("姓名", "冯\n堃", 30));
  EXPECT_TRUE(hq::name_problem("姓名", "冯\t堃", 30));
  EXPECT_TRUE(hq::name_problem("姓名", std::string("冯\0堃", 7), 30));
  EXPECT_TRUE(hq::name_problem("姓名", "冯\xC2\x85堃", 30));
  EXPECT_TRUE(hq::name_problem("姓名", std::string(31, 'a'), 30));
  EXPECT_TRUE(hq::name_problem("姓名", "\xFF", 30));
  EXPECT_FALSE(hq::text_problem("事项名称", "食品经营许可（新办/变更）", 100));
  EXPECT_TRUE(hq::text_problem("事项名称", "a\nb", 100));
  EXPECT_FALSE(hq::text_problem("备注", "a\nb", 100, true));
  // Random bytes never pass as a name with a control character or separator in it.
  std::mt19937 rng(7);
  for (int i = 0; i < 2000; ++i) {
    std::string s(1 + rng() % 12, ' ');
    for (auto& c : s) c = static_cast<char>(rng() % 256);
    if (!hq::name_problem("x", s, 30)) {
      EXPECT_EQ(s.find_first_of("/\\\n\r\t"), std::string::npos) << s;
      for (unsigned char c : s) EXPECT_GE(c, 0x20) << s;
    }
  }
  // The importers use them: a department name with a slash would become part of export file names.
  DemoStore f;
  const auto r = hq::import_hall(f.store, "窗口,名称,部门\nD01,综合,区/新部门\n");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(all_errors(r).find("line 2: 部门 \"区/新部门\" holds / or \\"), std::string::npos) << all_errors(r);
}

TEST(HqImports, PeriodPicker) {
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(hq::period_dates("2026Q2"), P("2026-04-01", "2026-06-30"));
  EXPECT_EQ(hq::period_dates("2026H2"), P("2026-07-01", "2026-12-31"));
  EXPECT_EQ(hq::period_dates("2026"), P("2026-01-01", "2026-12-31"));
  EXPECT_EQ(hq::period_dates("2026-04-01..2026-05-15"), P("2026-04-01", "2026-05-15"));
  for (const char* bad : {"", "2026Q5", "2026-05-15..2026-04-01", "2026-02-30..2026-03-01", "..", "26Q1", "2026H3", "x"})
    EXPECT_FALSE(hq::period_dates(bad)) << bad;
}

TEST(HqConsoleRows, LiaisonChangesOnlyTheirDepartment) {
  DemoStore f;
  using hq::RefTable;
  // A row of their own department's schedule: saved, listed, moved, deleted.
  auto row = hq::save_row(f.store, kLiaison, RefTable::schedule, "",
                          {{"date", "2026-12-07"}, {"half", "am"}, {"official_id", "o03"}});
  EXPECT_EQ(row["id"], "s-2026-12-07-am-o03");
  EXPECT_EQ(row["window"], "A01") << "the department's first window";
  row = hq::save_row(f.store, kLiaison, RefTable::schedule, "s-2026-12-07-am-o03",
                     {{"date", "2026-12-08"}, {"half", "pm"}, {"official_id", "o03"}, {"window_id", "wA02"}, {"note", "改期"}});
  EXPECT_EQ(row["id"], "s-2026-12-08-pm-o03");
  auto rows = hq::list_rows(f.store, kLiaison, RefTable::schedule, "");
  ASSERT_EQ(rows.size(), 1u) << rows.dump();
  EXPECT_EQ(rows[0]["note"], "改期");
  // Another department's official, window or rows: Forbidden; and not in the liaison's lists.
  EXPECT_THROW(hq::save_row(f.store, kLiaison, RefTable::schedule, "", {{"date", "2026-12-07"}, {"half", "am"}, {"official_id", "o05"}}),
               hq::Forbidden);
  EXPECT_THROW(hq::save_row(f.store, kLiaison, RefTable::schedule, "", {{"date", "2026-12-07"}, {"half", "am"}, {"official_id", "o03"},
                                                                     {"window_id", "wA04"}}),
               hq::AdminError);
  EXPECT_THROW(hq::list_rows(f.store, kLiaison, RefTable::officials, "d07"), hq::Forbidden);
  EXPECT_THROW(hq::list_rows(f.store, kLiaison, RefTable::officials, "区国土住建局"), hq::Forbidden);
  for (const auto& o : hq::list_rows(f.store, kLiaison, RefTable::officials, "")) {
    EXPECT_EQ(o["department_id"], "d08");
    EXPECT_FALSE(o.contains("pin_hash"));
  }
  EXPECT_EQ(hq::list_rows(f.store, kLiaison, RefTable::officials, "").size(), 4u);
  EXPECT_EQ(hq::list_rows(f.store, kAdmin, RefTable::officials, "").size(), 20u);
  EXPECT_THROW(hq::save_row(f.store, kLiaison, RefTable::officials, "o05", {{"name", "欧阳燚"}, {"title", "局长"}, {"rank", "head"}}),
               hq::Forbidden);
  EXPECT_THROW(hq::delete_row(f.store, kLiaison, RefTable::officials, "o05"), hq::Forbidden);
  EXPECT_THROW(hq::save_row(f.store, kLiaison, RefTable::items, "", {{"name", "x"}, {"type", "other"}, {"department", "d07"}}),
               hq::Forbidden);
  EXPECT_THROW(hq::save_row(f.store, kLiaison, RefTable::windows, "wA01", {{"number", "A01"}, {"name", "x"}}), hq::Forbidden);
  EXPECT_THROW(hq::set_official_pin(f.store, kLiaison, "o05", std::nullopt), hq::Forbidden);
  EXPECT_THROW(hq::save_row(f.store, kViewer, RefTable::schedule, "", {{"date", "2026-12-07"}, {"half", "am"}, {"official_id", "o03"}}),
               hq::Forbidden);
  EXPECT_THROW(hq::schedule_grid(f.store, kLiaison, "d07", "2026Q4"), hq::Forbidden);
  hq::ReportQuery q{"ratings", "2026Q4", "d07", "json", 0, 200, 15, KIOSK_ASSETS_DIR};
  EXPECT_THROW(hq::report_file(f.store, kLiaison, q), hq::Forbidden);
  // Imports check the department before anything is stored.
  auto only_own = [&](const std::string& dept) { hq::require_change(f.store, kLiaison, dept); };
  EXPECT_THROW(hq::import_officials(f.store, "姓名,职务,级别,部门\n新人,科长,业务科长,区国土住建局\n", only_own), hq::Forbidden);
  EXPECT_EQ(hq::list_rows(f.store, kAdmin, RefTable::officials, "d07").size(), 2u);
  const auto own = hq::import_officials(f.store, "姓名,职务,级别,部门\n新人,科长,业务科长,区行政审批局\n", only_own);
  EXPECT_TRUE(own.ok()) << all_errors(own);
  EXPECT_THROW(hq::import_schedule(f.store, {"d07", 2026, false, only_own}, "日期,姓名\n12月1日上午,欧阳燚\n"), hq::Forbidden);
  // Their own official: a new one, a PIN shown once, deleted when off the schedule.
  const auto o = hq::save_row(f.store, kLiaison, RefTable::officials, "",
                              {{"name", "郗𪚥"}, {"title", "审批三科科长"}, {"rank", "chief"}, {"phone", "0632-1"}});
  EXPECT_EQ(o["department_id"], "d08");
  EXPECT_EQ(o["added_on"], "2026-11-27");
  const auto pin = hq::set_official_pin(f.store, kLiaison, o["id"], std::nullopt);
  EXPECT_EQ(pin["pin"].get<std::string>().size(), 6u);
  EXPECT_EQ(pin["pin"].get<std::string>().find_first_not_of("0123456789"), std::string::npos);
  for (const auto& x : hq::list_rows(f.store, kLiaison, RefTable::officials, ""))
    if (x["id"] == o["id"]) {
      EXPECT_TRUE(x["has_pin"].get<bool>());
    }
  EXPECT_THROW(hq::delete_row(f.store, kLiaison, RefTable::officials, "o03"), hq::AdminError) << "o03 is on the schedule";
  hq::delete_row(f.store, kLiaison, RefTable::officials, o["id"]);
  hq::delete_row(f.store, kLiaison, RefTable::schedule, "s-2026-12-08-pm-o03");
  EXPECT_EQ(schedule_rows(f.store), 0u);
  // Bad names are refused by the edits too.
  EXPECT_THROW(hq::save_row(f.store, kLiaison, RefTable::officials, "", {{"name", "a/b"}, {"title", "科长"}, {"rank", "chief"}}),
               hq::AdminError);
}

TEST(HqConsoleRows, ScheduleGridAndDocuments) {
  DemoStore f;
  ASSERT_TRUE(hq::import_calendar(f.store, "日期,类型\n2026-10-01至2026-10-07,放假\n2026-10-10,上班\n").ok());
  hq::save_row(f.store, kAdmin, hq::RefTable::schedule, "", {{"date", "2026-10-10"}, {"half", "pm"}, {"official_id", "o01"}});
  const auto grid = hq::schedule_grid(f.store, kLiaison, "", "2026Q4");
  EXPECT_EQ(grid["department"]["name"], "区行政审批局");
  ASSERT_EQ(grid["days"].size(), 92u);
  EXPECT_EQ(grid["days"][0]["date"], "2026-10-01");
  EXPECT_FALSE(grid["days"][0]["workday"].get<bool>());
  EXPECT_TRUE(grid["days"][9]["workday"].get<bool>()) << "Saturday 10 October is a 调休 working day";
  ASSERT_EQ(grid["days"][9]["rows"].size(), 1u);
  EXPECT_EQ(grid["days"][9]["rows"][0]["official"], "冯堃");
  // The calendar and the reasons: the bureau edits, a liaison may not.
  EXPECT_THROW(hq::set_calendar_day(f.store, kLiaison, "2026-12-25", "holiday"), hq::Forbidden);
  auto cal = hq::set_calendar_day(f.store, kAdmin, "2026-10-10", "normal");
  EXPECT_EQ(cal["workdays"].size(), 0u);
  ASSERT_TRUE(hq::publish_reasons(f.store, "分类,原因\n服务态度,态度生硬\n服务效率,等候时间长\n", "v1").ok());
  EXPECT_THROW(hq::save_reason(f.store, kLiaison, "", {{"group", "服务态度"}, {"zh", "不耐烦"}}), hq::Forbidden);
  auto list = hq::save_reason(f.store, kAdmin, "", {{"group", "服务态度"}, {"zh", "不耐烦"}});
  EXPECT_NE(list.dump().find("不耐烦"), std::string::npos);
  EXPECT_THROW(hq::save_reason(f.store, kAdmin, "", {{"group", "服务态度"}, {"zh", "这个原因写得实在是太长太长了"}}), hq::AdminError);
  std::string id;
  for (const auto& g : list["groups"])
    for (const auto& r : g["reasons"])
      if (r["zh"] == "态度生硬") id = r["id"];
  list = hq::delete_reason(f.store, kAdmin, id);
  EXPECT_EQ(list.dump().find("态度生硬"), std::string::npos);
  EXPECT_NE(hq::reason_list_json(f.store)["version"], "v1");
}

// The console never has an official's phone in full: lists and answers mask it (a phone with other than ASCII in it
// wholly), an edit that leaves "phone" out keeps the stored number, one that sends it changes it; and every table
// downloaded as a file is in the audit log, with who, the table, the department and the period.
TEST(HqConsoleRows, OfficialPhonesMaskedAndKeptAndDownloadsAudited) {
  DemoStore f;
  auto stored_phone = [&](const std::string& id) {
    for (const auto& o : hq::stored_officials(f.store))
      if (o.id == id) return o.phone;
    return std::string("(none)");
  };
  for (const auto& o : hq::list_rows(f.store, kViewer, hq::RefTable::officials, "d08"))
    if (o["id"] == "o01") {
      EXPECT_EQ(o["phone"], "063****5010");
      EXPECT_TRUE(o["has_phone"].get<bool>());
    }
  auto saved = hq::save_row(f.store, kLiaison, hq::RefTable::officials, "o01",
                            {{"name", "冯堃"}, {"title", "局长（主持工作）"}, {"rank", "head"}});
  EXPECT_EQ(saved["phone"], "063****5010");
  EXPECT_EQ(saved["title"], "局长（主持工作）");
  EXPECT_EQ(stored_phone("o01"), "0632-8355010") << "an edit without \"phone\" keeps the number";
  saved = hq::save_row(f.store, kLiaison, hq::RefTable::officials, "o01",
                       {{"name", "冯堃"}, {"title", "局长"}, {"rank", "head"}, {"phone", "办公室转8011"}});
  EXPECT_EQ(saved["phone"], "****");
  EXPECT_EQ(stored_phone("o01"), "办公室转8011");
  saved = hq::save_row(f.store, kLiaison, hq::RefTable::officials, "o01",
                       {{"name", "冯堃"}, {"title", "局长"}, {"rank", "head"}, {"phone", ""}});
  EXPECT_EQ(saved["phone"], "");
  EXPECT_FALSE(saved["has_phone"].get<bool>());
  for (const auto& e : hq::audit_entries(f.store, {"li", "official.save", "", "", 0, 0, 0, 50})) {
    EXPECT_EQ(e.before.find("8355010"), std::string::npos) << e.before;
    EXPECT_EQ(e.after.find("8011"), std::string::npos) << e.after;
  }

  hq::ReportQuery q{"attachment3", "2026Q4", "", "json", 0, 200, 15, KIOSK_ASSETS_DIR};
  hq::report_file(f.store, kViewer, q);
  EXPECT_TRUE(hq::audit_entries(f.store, {"", "table.download", "", "", 0, 0, 0, 50}).empty()) << "a preview is no download";
  q.format = "xlsx";
  hq::report_file(f.store, kViewer, q);
  q = {"ratings", "2026-10-01..2026-11-27", "", "csv", 0, 200, 15, KIOSK_ASSETS_DIR};
  hq::report_file(f.store, kLiaison, q);
  const auto entries = hq::audit_entries(f.store, {"", "table.download", "", "", 0, 0, 0, 50});
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].actor, "li");
  EXPECT_EQ(entries[0].object, "ratings:d08") << "a liaison's download is their department's";
  EXPECT_NE(entries[0].after.find("2026-10-01..2026-11-27"), std::string::npos) << entries[0].after;
  EXPECT_NE(entries[0].after.find("csv"), std::string::npos);
  EXPECT_EQ(entries[1].actor, "leader");
  EXPECT_EQ(entries[1].object, "attachment3:all");
}

// An official added in May is not graded for the first quarter, nor a head for a year that ended before.
TEST(HqCompliance, NoGradeBeforeAnOfficialWasAdded) {
  DemoStore f;
  auto r = hq::import_officials(f.store, "姓名,职务,级别,部门,起始日期\n新科长,审批五科科长,业务科长,区行政审批局,2026-05-10\n");
  ASSERT_TRUE(r.ok()) << all_errors(r);
  hq::ExportOptions o{"compliance", "2025-01-01", "2026-09-30", "d08", "csv", "", 15, KIOSK_ASSETS_DIR};
  const auto sheets = hq::build_export(f.store, o);
  std::vector<std::string> periods, chief;
  for (const auto& row : sheets.at(0).rows) {
    if (row[1] == "新科长") periods.push_back(row[4] + " " + row[6]);
    if (row[1] == "韩昇") chief.push_back(row[4]);
  }
  EXPECT_EQ(periods, (std::vector<std::string>{"2026年第2季度 未达标", "2026年第3季度 未达标"}));
  EXPECT_EQ(chief.size(), 7u) << "officials from master-data JSON are graded for every period";
}
