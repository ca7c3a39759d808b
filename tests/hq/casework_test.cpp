// 差评 and 办不成事 casework at the store level, with each kind of principal: a liaison sees and changes only their
// department's cases (another's is Forbidden by id, absent from lists and counts), a viewer only reads, an admin
// does everything; states move forward with notes, history and audit; deadlines count HQ's working days; 申诉;
// 转办 hands a report to the department that then sees it; receipts typed with spaces and dashes.
#include <gtest/gtest.h>

#include <random>

#include "case_records.h"
#include "demo_store.h"
#include "sync/common/sqlite_db.h"
#include "sync/hq/audit.h"
#include "sync/hq/casework.h"
#include "sync/hq/hall_clock.h"
#include "sync/hq/hq_store.h"
#include "sync/hq/rating_cases.h"
#include "sync/hq/report_cases.h"
#include "sync/common/read_text.h"
#include "sync/protocol/reference_json.h"
#include "sync_fixture.h"

using namespace hq;
using protocol::Level;

namespace {

using demo_store::kAdmin;
using demo_store::kShenpi;
using demo_store::kViewer;
using demo_store::kZhujian;
using CaseStore = demo_store::DemoStore;

std::vector<std::string> ids(const nlohmann::json& page, const char* key = "id") {
  std::vector<std::string> out;
  for (const auto& i : page["items"]) out.push_back(i[key].get<std::string>());
  return out;
}

}  // namespace

TEST(HqCasework, LiaisonSeesOnlyTheirDepartmentsRatings) {
  CaseStore s;
  const auto shenpi = case_records::rating(1, "o01", "冯堃", Level::dissatisfied, "2026-11-20");    // d08
  const auto zhujian = case_records::rating(2, "o05", "欧阳燚", Level::very_dissatisfied, "2026-11-23");  // d07
  s.ingest({shenpi, zhujian, case_records::rating(3, "o05", "欧阳燚", Level::satisfied, "2026-11-23")});
  EXPECT_EQ(s.count("SELECT count(*) FROM rating_cases"), 2) << "only 差评 open a case";
  EXPECT_EQ(ids(list_rating_cases(s.store, kAdmin, {})), (std::vector<std::string>{zhujian.uuid, shenpi.uuid}));
  EXPECT_EQ(ids(list_rating_cases(s.store, kViewer, {})).size(), 2u);
  EXPECT_EQ(ids(list_rating_cases(s.store, kZhujian, {})), std::vector<std::string>{zhujian.uuid});
  EXPECT_EQ(ids(list_rating_cases(s.store, kShenpi, {})), std::vector<std::string>{shenpi.uuid});
  // Another department's case by id, by filter, in counts, and every change: refused.
  EXPECT_THROW(rating_case(s.store, kZhujian, shenpi.uuid), Forbidden);
  CaseQuery other;
  other.department = "区行政审批局";
  EXPECT_THROW(list_rating_cases(s.store, kZhujian, other), Forbidden);
  EXPECT_THROW(change_rating_state(s.store, kZhujian, shenpi.uuid, "整改中", "x"), Forbidden);
  EXPECT_THROW(appeal_rating(s.store, kZhujian, shenpi.uuid, "恶意", "x"), Forbidden);
  EXPECT_THROW(reveal_rating_phone(s.store, kZhujian, shenpi.uuid), Forbidden);
  const auto counts = rating_case_counts(s.store, kZhujian);
  ASSERT_EQ(counts["departments"].size(), 1u);
  EXPECT_EQ(counts["departments"][0]["department"], "区国土住建局");
  EXPECT_EQ(counts["all"]["total"], 1);
  EXPECT_EQ(rating_case_counts(s.store, kAdmin)["all"]["total"], 2);
  // A viewer reads everything and changes nothing, nor sees a phone in full.
  EXPECT_EQ(rating_case(s.store, kViewer, shenpi.uuid)["phone"], "138****5678");
  EXPECT_THROW(change_rating_state(s.store, kViewer, shenpi.uuid, "整改中", "x"), Forbidden);
  EXPECT_THROW(reveal_rating_phone(s.store, kViewer, shenpi.uuid), Forbidden);
  // The liaison of the department: detail with names, not ids; the phone only through the audited reveal.
  const auto detail = rating_case(s.store, kShenpi, shenpi.uuid);
  EXPECT_EQ(detail["department"], "区行政审批局");
  EXPECT_EQ(detail["target"]["name"], "冯堃");
  EXPECT_EQ(detail["state_name"], "待核实");
  EXPECT_EQ(detail["level_name"], "不满意");
  EXPECT_EQ(detail["reasons"][0], "等候时间长");
  EXPECT_EQ(s.count("SELECT count(*) FROM audit_log"), 0);
  EXPECT_EQ(reveal_rating_phone(s.store, kShenpi, shenpi.uuid), "13812345678");
  EXPECT_EQ(s.count("SELECT count(*) FROM audit_log WHERE actor='liaison-d08' AND action='rating.reveal_phone' "
                    "AND object LIKE '%" + shenpi.uuid + "'"),
            1);
  EXPECT_EQ(s.count("SELECT count(*) FROM audit_log WHERE after LIKE '%13812345678%' OR before LIKE '%5678%'"), 0)
      << "the audit log never holds the phone";
}

TEST(HqCasework, StatesMoveForwardWithNotesDeadlinesAndHistory) {
  CaseStore s;
  // HQ's calendar: Tuesday 24 November a holiday.
  protocol::ReferenceData cal;
  cal.calendar = protocol::CalendarData{"t", {"2026-11-24"}, {}};
  s.store.import_reference(cal);
  const auto r = case_records::rating(1, "o01", "冯堃", Level::dissatisfied, "2026-11-20");  // a Friday
  s.ingest({r});
  auto c = rating_case(s.store, kShenpi, r.uuid);
  EXPECT_EQ(c["deadline"], "2026-11-25") << "核实 within 2 working days: Mon 23, (holiday 24), Wed 25";
  EXPECT_TRUE(c["overdue"].get<bool>()) << "today is the 27th";
  CaseQuery overdue;
  overdue.overdue = true;
  EXPECT_EQ(ids(list_rating_cases(s.store, kShenpi, overdue)).size(), 1u);
  EXPECT_EQ(rating_case_counts(s.store, kShenpi)["all"]["overdue"], 1);
  EXPECT_THROW(change_rating_state(s.store, kShenpi, r.uuid, "整改中", "   "), AdminError) << "a note is needed";
  EXPECT_THROW(change_rating_state(s.store, kShenpi, r.uuid, "待整改", "x"), AdminError);
  change_rating_state(s.store, kShenpi, r.uuid, "整改中", "核实属实，窗口增派人手");
  c = rating_case(s.store, kShenpi, r.uuid);
  EXPECT_EQ(c["state"], "rectifying");
  EXPECT_EQ(c["state_since"], "2026-11-27");
  EXPECT_EQ(c["deadline"], "2026-12-04") << "整改 within 5 working days of today";
  EXPECT_FALSE(c["overdue"].get<bool>());
  EXPECT_THROW(change_rating_state(s.store, kShenpi, r.uuid, "待核实", "back"), AdminError) << "states only move on";
  EXPECT_THROW(change_rating_state(s.store, kShenpi, r.uuid, "rectifying", "again"), AdminError);
  // The bureau changes the deadlines: open cases are counted again.
  EXPECT_THROW(set_rating_deadlines(s.store, kShenpi, {2, 3, 15}), Forbidden);
  set_rating_deadlines(s.store, kAdmin, {2, 3, 15});
  EXPECT_EQ(rating_case(s.store, kShenpi, r.uuid)["deadline"], "2026-12-02");
  change_rating_state(s.store, kShenpi, r.uuid, "answered", "已向群众反馈整改情况");
  c = rating_case(s.store, kShenpi, r.uuid);
  EXPECT_EQ(c["deadline"], "2026-12-14") << "回访 within 15 working days of the 差评 (the holiday skipped)";
  change_rating_state(s.store, kShenpi, r.uuid, "已回访", "已电话回访，群众满意");
  c = rating_case(s.store, kShenpi, r.uuid);
  EXPECT_EQ(c["state_name"], "已回访");
  EXPECT_TRUE(c["deadline"].is_null());
  EXPECT_EQ(c["follow_up"]["note"], "已电话回访，群众满意") << "已回访 is the 回访 the exports read";
  ASSERT_EQ(c["history"].size(), 3u);
  EXPECT_EQ(c["history"][0]["from_name"], "待核实");
  EXPECT_EQ(c["history"][0]["to_name"], "整改中");
  EXPECT_EQ(c["history"][0]["by"], "liaison-d08");
  EXPECT_EQ(c["history"][0]["note"], "核实属实，窗口增派人手");
  EXPECT_EQ(s.count("SELECT count(*) FROM audit_log WHERE action='rating.state'"), 3);
  EXPECT_EQ(s.count("SELECT count(*) FROM audit_log WHERE action='rating.deadlines' AND actor='admin-a'"), 1);
  const auto counted = rating_case_counts(s.store, kShenpi)["departments"][0];
  EXPECT_EQ(counted["states"]["revisited"], 1) << "the counts follow every change";
  EXPECT_EQ(counted["states"]["to_verify"], 0);
  EXPECT_EQ(counted["open"], 0);
  EXPECT_EQ(counted["overdue"], 0);
  // The old follow-up command on a case already 已回访 replaces the note, keeping the first day.
  follow_up(s.store, r.uuid, "再次回访");
  EXPECT_EQ(rating_case(s.store, kAdmin, r.uuid)["follow_up"]["note"], "再次回访");
  EXPECT_THROW(follow_up(s.store, "no-such-rating", "x"), NotFound);
  const auto good = case_records::rating(9, "o01", "冯堃", Level::satisfied, "2026-11-20");
  s.ingest({good});
  EXPECT_THROW(follow_up(s.store, good.uuid, "x"), AdminError);
}

TEST(HqCasework, AppealFiledByTheDepartmentDecidedByTheBureau) {
  CaseStore s;
  const auto r = case_records::rating(1, "o01", "冯堃", Level::very_dissatisfied, "2026-11-25");
  s.ingest({r});
  EXPECT_THROW(appeal_rating(s.store, kShenpi, r.uuid, "恶作剧", "x"), AdminError);
  EXPECT_THROW(appeal_rating(s.store, kViewer, r.uuid, "恶意", "x"), Forbidden);
  appeal_rating(s.store, kShenpi, r.uuid, "恶意", "同一人当日连续差评十次，监控显示未办理业务");
  EXPECT_THROW(appeal_rating(s.store, kShenpi, r.uuid, "误评", "again"), AdminError);
  CaseQuery pending;
  pending.appeal = "申诉待审核";
  EXPECT_EQ(ids(list_rating_cases(s.store, kAdmin, pending)), std::vector<std::string>{r.uuid});
  EXPECT_THROW(decide_appeal(s.store, kShenpi, r.uuid, true, ""), Forbidden) << "a department cannot approve its own";
  decide_appeal(s.store, kAdmin, r.uuid, true, "核实属实");
  const auto c = rating_case(s.store, kShenpi, r.uuid);
  EXPECT_EQ(c["appeal"], "approved");
  EXPECT_EQ(c["appeal_detail"]["ground_name"], "恶意");
  EXPECT_EQ(c["appeal_detail"]["decided_by"], "admin-a");
  EXPECT_TRUE(c["deadline"].is_null()) << "an approved appeal closes the case";
  for (const auto* who : {&kShenpi, &kAdmin}) {
    const auto counted = rating_case_counts(s.store, *who)["all"];
    EXPECT_EQ(counted["states"]["to_verify"], 0) << "an approved 申诉's 差评 is under no state: " << counted.dump();
    EXPECT_EQ(counted["appeals_approved"], 1) << counted.dump();
    EXPECT_EQ(counted["appeals_pending"], 0) << counted.dump();
    EXPECT_EQ(counted["open"], 0) << counted.dump();
  }
  EXPECT_THROW(change_rating_state(s.store, kShenpi, r.uuid, "整改中", "x"), AdminError);
  EXPECT_THROW(decide_appeal(s.store, kAdmin, r.uuid, false, ""), AdminError) << "decided once";
  EXPECT_EQ(s.count("SELECT count(*) FROM audit_log WHERE action IN ('rating.appeal', 'rating.appeal_decision')"), 2);
  // A rejected appeal leaves the case running and may be filed again.
  const auto r2 = case_records::rating(2, "o01", "冯堃", Level::dissatisfied, "2026-11-25");
  s.ingest({r2});
  appeal_rating(s.store, kShenpi, r2.uuid, "mistaken", "误触");
  decide_appeal(s.store, kAdmin, r2.uuid, false, "理由不足");
  EXPECT_EQ(rating_case(s.store, kShenpi, r2.uuid)["appeal_name"], "申诉驳回");
  EXPECT_FALSE(rating_case(s.store, kShenpi, r2.uuid)["deadline"].is_null());
}

TEST(HqCasework, ReportsAreHandedOnAndFoundByReceiptAsPrinted) {
  CaseStore s;
  const auto rep = case_records::report(110660001, "d08", "2026-11-20", "2026-11-26");
  const std::string receipt = rep.body["receipt"].get<std::string>();
  s.store.enrol("kiosk-a", 1);  // the receipt 0011 0660 001x is kiosk 1's
  s.ingest({rep});
  const std::string spaced = receipt.substr(0, 4) + " " + receipt.substr(4, 4) + " " + receipt.substr(8);
  const std::string dashed = receipt.substr(0, 4) + "-" + receipt.substr(4, 4) + "-" + receipt.substr(8);
  EXPECT_EQ(report_case(s.store, kShenpi, spaced)["receipt"], receipt);
  EXPECT_EQ(report_case(s.store, kShenpi, dashed)["state_name"], "待受理");
  EXPECT_EQ(report_case(s.store, kShenpi, dashed)["name"], "王**");
  EXPECT_EQ(report_case(s.store, kShenpi, dashed)["phone"], "139****5678");
  std::string wrong = receipt;
  wrong[3] = wrong[3] == '9' ? '0' : static_cast<char>(wrong[3] + 1);
  EXPECT_THROW(report_case(s.store, kShenpi, wrong), AdminError) << "a mistyped digit is caught by the check digit";
  EXPECT_THROW(report_case(s.store, kShenpi, "0000 0000 0000"), NotFound);
  EXPECT_TRUE(report_case(s.store, kShenpi, receipt)["overdue"].get<bool>()) << "promised the 26th, today the 27th";
  EXPECT_EQ(report_case_counts(s.store, kShenpi)["all"]["overdue"], 1);
  EXPECT_THROW(report_case(s.store, kZhujian, receipt), Forbidden);
  // 受理 and 转办: only the bureau hands a report to another department, which then sees it (and the first no longer).
  ReportChange transfer{"已受理", "区国土住建局", std::nullopt, "2026-12-04", "属住建局职责", true};
  EXPECT_THROW(change_report(s.store, kShenpi, receipt, transfer), Forbidden);
  change_report(s.store, kAdmin, spaced, transfer);
  auto c = report_case(s.store, kZhujian, receipt);
  EXPECT_EQ(c["department"], "区国土住建局");
  EXPECT_EQ(c["reported_department"], "区行政审批局");
  EXPECT_EQ(c["promised"], "2026-12-04");
  EXPECT_FALSE(c["overdue"].get<bool>());
  EXPECT_THROW(report_case(s.store, kShenpi, receipt), Forbidden);
  EXPECT_TRUE(list_report_cases(s.store, kShenpi, {})["items"].empty());
  EXPECT_EQ(ids(list_report_cases(s.store, kZhujian, {}), "receipt"), std::vector<std::string>{receipt});
  change_report(s.store, kZhujian, receipt, {"办理中", "", std::nullopt, "", "", true});
  EXPECT_THROW(change_report(s.store, kZhujian, receipt, {"已办结", "", std::nullopt, "", "", true}), AdminError)
      << "done needs the reply to the citizen";
  EXPECT_THROW(change_report(s.store, kViewer, receipt, {"已办结", "", "x", "", "", true}), Forbidden);
  change_report(s.store, kZhujian, receipt, {"done", "", "已联系申请人，材料已补齐并办结", "", "", true});
  c = report_case(s.store, kZhujian, receipt);
  EXPECT_EQ(c["state_name"], "已办结");
  EXPECT_EQ(c["reply"], "已联系申请人，材料已补齐并办结");
  EXPECT_FALSE(c["overdue"].get<bool>());
  ASSERT_EQ(c["history"].size(), 3u);
  EXPECT_EQ(c["history"][0]["action"], "transfer");
  EXPECT_NE(c["history"][0]["note"].get<std::string>().find("转办至区国土住建局"), std::string::npos);
  EXPECT_EQ(s.count("SELECT count(*) FROM report_status WHERE receipt='" + receipt + "' AND status='done'"), 1)
      << "what the kiosk's feed carries";
  EXPECT_EQ(s.count("SELECT count(*) FROM audit_log WHERE action='report.change'"), 3);
  EXPECT_EQ(reveal_report_contact(s.store, kZhujian, receipt)["phone"], "13912345678");
  const auto counted = report_case_counts(s.store, kAdmin);
  EXPECT_EQ(counted["all"]["total"], 1);
  EXPECT_EQ(counted["all"]["open"], 0);
  ASSERT_EQ(counted["departments"].size(), 1u);
  EXPECT_EQ(counted["departments"][0]["department"], "区国土住建局") << "counted where it was handed on";
  EXPECT_EQ(counted["departments"][0]["states"]["done"], 1);
  CaseQuery done;
  done.state = "已办结";
  EXPECT_EQ(list_report_cases(s.store, kAdmin, done)["items"].size(), 1u);
}

// Pages follow each other by cursor and by offset, and filters combine.
TEST(HqCasework, ListsPageByCursorAndFilter) {
  CaseStore s;
  std::vector<protocol::RecordEnvelope> batch;
  for (int i = 0; i < 25; ++i)
    batch.push_back(case_records::rating(static_cast<std::uint64_t>(i), i % 2 ? "o01" : "o05", "x", Level::dissatisfied,
                                         "2026-11-" + std::to_string(10 + i % 15)));
  s.ingest(batch);
  CaseQuery q;
  q.limit = 7;
  std::vector<std::string> seen;
  std::string last_date = "9999";
  for (int page = 0; page < 10; ++page) {
    const auto p = list_rating_cases(s.store, kAdmin, q);
    for (const auto& i : p["items"]) {
      EXPECT_LE(i["date"].get<std::string>(), last_date);
      last_date = i["date"].get<std::string>();
      seen.push_back(i["id"].get<std::string>());
    }
    if (p["next_cursor"].is_null()) break;
    q.cursor = p["next_cursor"].get<std::string>();
  }
  EXPECT_EQ(seen.size(), 25u);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 25u);
  CaseQuery by_offset;
  by_offset.limit = 7;
  by_offset.offset = 7;
  EXPECT_EQ(ids(list_rating_cases(s.store, kAdmin, by_offset)),
            std::vector<std::string>(seen.begin() + 7, seen.begin() + 14));
  CaseQuery f;
  f.department = "d08";
  f.from = "2026-11-12";
  f.to = "2026-11-14";
  const auto page1 = list_rating_cases(s.store, kAdmin, f);
  for (const auto& i : page1["items"]) {
    EXPECT_EQ(i["department"], "区行政审批局");
    EXPECT_GE(i["date"].get<std::string>(), "2026-11-12");
    EXPECT_LE(i["date"].get<std::string>(), "2026-11-14");
  }
  CaseQuery bad;
  bad.cursor = "garbage";
  EXPECT_THROW(list_rating_cases(s.store, kAdmin, bad), AdminError);
  bad = {};
  bad.limit = 0;
  EXPECT_THROW(list_rating_cases(s.store, kAdmin, bad), AdminError);
  bad = {};
  bad.from = "2026-02-30";
  EXPECT_THROW(list_rating_cases(s.store, kAdmin, bad), AdminError);
}

// Whatever the words, every casework call either works or throws an AdminError (400/403/404), never anything else.
TEST(HqCasework, RandomInputsOnlyEverGiveAdminErrors) {
  CaseStore s;
  const auto r = case_records::rating(1, "o01", "冯堃", Level::dissatisfied, "2026-11-20");
  const auto rep = case_records::report(5, "d08", "2026-11-20", "2026-11-26");
  s.ingest({r, rep});
  std::mt19937 rng(12);
  const std::vector<std::string> seeds = {r.uuid, rep.body["receipt"].get<std::string>(), "整改中", "已办结", "恶意",
                                          "d07", "区国土住建局", "2026-11-30", "\xff\xfe", "\xe4\xb8", "", " ",
                                          std::string(3000, 'a'), "accepted", "已回访", "0011-0660-0016"};
  auto word = [&] {
    std::string w = seeds[rng() % seeds.size()];
    for (int k = static_cast<int>(rng() % 3); k > 0 && !w.empty(); --k) w[rng() % w.size()] = static_cast<char>(rng());
    return w;
  };
  const Principal who[] = {kAdmin, kViewer, kShenpi, kZhujian};
  for (int i = 0; i < 3000; ++i) {
    const Principal& p = who[rng() % 4];
    try {
      switch (rng() % 8) {
        case 0: change_rating_state(s.store, p, word(), word(), word()); break;
        case 1: appeal_rating(s.store, p, word(), word(), word()); break;
        case 2: decide_appeal(s.store, p, word(), rng() % 2 == 0, word()); break;
        case 3: rating_case(s.store, p, word()); break;
        case 4: change_report(s.store, p, word(), {word(), word(), word(), word(), word(), rng() % 2 == 0}); break;
        case 5: report_case(s.store, p, word()); break;
        case 6: {
          CaseQuery q{word(), word(), rng() % 2 == 0, word(), word(), word(), static_cast<int>(rng() % 300) - 10,
                      static_cast<int>(rng() % 10), word()};
          q.open = rng() % 2 == 0;
          (rng() % 2 ? list_rating_cases(s.store, p, q) : list_report_cases(s.store, p, q)).dump();
          break;
        }
        default: reveal_rating_phone(s.store, p, word()); break;
      }
    } catch (const AdminError&) {
    }
  }
  EXPECT_EQ(s.count("SELECT count(*) FROM rating_cases"), 1);
}

// A database of schema 5 (before casework) opens every 差评's and report's case when hqd first opens it: a 差评
// followed up before is 已回访, a report answered before is in its state.
TEST(HqCasework, SchemaSevenOpensTheCasesOfRecordsAlreadyStored) {
  sync_test::TempDir dir;
  const auto clock = make_clock("2026-11-27T10:20:00+08:00");
  const auto followed = case_records::rating(1, "o01", "冯堃", Level::dissatisfied, "2026-11-20");
  const auto open = case_records::rating(2, "o05", "欧阳燚", Level::dissatisfied, "2026-11-26");
  const auto rep = case_records::report(3, "d08", "2026-11-20", "2026-11-26");
  const std::string receipt = rep.body["receipt"].get<std::string>();
  {
    HqStore store(dir.file("hq.db"), *clock);
    store.import_reference(
        protocol::decode_reference(*common::read_text(std::string(KIOSK_ASSETS_DIR) + "/demo/reference.json")));
    store.ingest("kiosk-a", {followed, open, rep});
    store.locked([&](sync_db::Db& db) {
      db.exec("DROP TABLE rating_cases; DROP TABLE report_cases; DROP TABLE case_history; "
              "DROP TABLE rating_case_counts; DROP TABLE report_case_counts; PRAGMA user_version=5");
      db.exec("INSERT INTO follow_ups(rating_uuid, note, updated_at, first_at) VALUES('" + followed.uuid +
              "', '已回访', '2026-11-23T02:00:00Z', '2026-11-23T02:00:00Z')");
      db.exec("INSERT INTO report_status(receipt, status, reply, updated_at, seq) VALUES('" + receipt +
              "', 'in_progress', '办理中', '2026-11-23T02:00:00Z', 1)");
    });
  }
  HqStore store(dir.file("hq.db"), *clock);
  EXPECT_EQ(rating_case(store, kAdmin, followed.uuid)["state"], "revisited");
  EXPECT_EQ(rating_case(store, kAdmin, open.uuid)["state"], "to_verify");
  EXPECT_EQ(rating_case(store, kAdmin, open.uuid)["department"], "区国土住建局");
  EXPECT_EQ(report_case(store, kAdmin, receipt)["state"], "in_progress");
  EXPECT_TRUE(report_case(store, kAdmin, receipt)["overdue"].get<bool>());
  EXPECT_EQ(rating_case_counts(store, kAdmin)["all"]["total"], 2);
  EXPECT_EQ(rating_case_counts(store, kAdmin)["all"]["open"], 1);
}

// A database main's hqd left at schema 11 (casework's own casework_audit table, no accounts) upgrades to 13: its
// records and cases stay, casework's audit entries move into the one audit_log with their times, the accounts'
// tables appear, and a second open changes nothing.
TEST(HqCasework, SchemaElevenDatabaseUpgradesToThirteenKeepingRecordsAndAudit) {
  sync_test::TempDir dir;
  const auto clock = make_clock("2026-11-27T10:20:00+08:00");
  const auto r1 = case_records::rating(1, "o01", "冯堃", Level::dissatisfied, "2026-11-20");
  const auto r2 = case_records::rating(2, "o05", "欧阳燚", Level::dissatisfied, "2026-11-26");
  std::int64_t records = 0;
  {
    HqStore store(dir.file("hq.db"), *clock);
    store.import_reference(
        protocol::decode_reference(*common::read_text(std::string(KIOSK_ASSETS_DIR) + "/demo/reference.json")));
    store.ingest("kiosk-a", {r1, r2});
    change_rating_state(store, kAdmin, r1.uuid, "rectifying", "已约谈");
  }
  {
    sync_db::Db db(dir.file("hq.db"));  // after hqd closed it, as a v11 file would be found
    {
      {
        sync_db::Stmt n(db, "SELECT count(*) FROM records");
        n.step();
        records = n.integer(0);
      }
      // Back to main's schema 11: casework_audit as schema 7 made it (ISO times), none of the accounts' tables.
      db.exec("DROP TABLE sessions; DROP TABLE users; DROP TABLE login_failures; DROP TABLE audit_log;"
              "CREATE TABLE casework_audit (id INTEGER PRIMARY KEY, at TEXT NOT NULL, login TEXT NOT NULL, "
              "role TEXT NOT NULL, department TEXT NOT NULL, action TEXT NOT NULL, object TEXT NOT NULL, "
              "before TEXT NOT NULL, after TEXT NOT NULL);"
              "INSERT INTO casework_audit(at, login, role, department, action, object, before, after) VALUES"
              "('2026-11-26T01:00:00Z', 'admin-token', 'admin', '', 'rating.state', 'rating:" + r1.uuid +
              "', '待核实', '整改中：已约谈'),"
              "('2026-11-26T02:00:00Z', 'liaison-d08', 'liaison', '区行政审批局', 'rating.reveal_phone', 'rating:" +
              r2.uuid + "', '', '号码已显示');"
              "PRAGMA user_version=11");
    }
  }
  for (int open = 0; open < 2; ++open) {
    HqStore store(dir.file("hq.db"), *clock);
    store.locked([&](sync_db::Db& db) {
      auto one = [&](const std::string& sql) {
        sync_db::Stmt q(db, sql);
        EXPECT_TRUE(q.step()) << sql;
        return q.integer(0);
      };
      EXPECT_EQ(one("PRAGMA user_version"), 26);  // and on to the newest
      EXPECT_EQ(one("SELECT count(*) FROM records"), records);
      EXPECT_EQ(one("SELECT count(*) FROM sqlite_master WHERE name='casework_audit'"), 0);
      EXPECT_EQ(one("SELECT count(*) FROM audit_log"), 2);
      EXPECT_EQ(one("SELECT at FROM audit_log WHERE actor='admin-token' AND action='rating.state'"), 1795654800);
      EXPECT_EQ(one("SELECT count(*) FROM audit_log WHERE actor='liaison-d08' AND department='区行政审批局'"), 1);
      EXPECT_EQ(one("SELECT count(*) FROM users"), 0);
    });
    EXPECT_EQ(rating_case(store, kAdmin, r1.uuid)["state"], "rectifying");
    EXPECT_EQ(rating_case(store, kAdmin, r2.uuid)["state"], "to_verify");
  }
}

// The audit page and CSV mask every phone-like run of digits in what an entry says, and nothing else; random text
// keeps its length class and never shows 7 digits in a row.
TEST(HqCasework, AuditTextMasksPhones) {
  EXPECT_EQ(phones_masked("{\"phone\":\"13812345678\"}"), "{\"phone\":\"138****5678\"}");
  EXPECT_EQ(phones_masked("2026-11-23 整改中"), "2026-11-23 整改中");
  std::mt19937 rng(12);
  for (int n = 0; n < 2000; ++n) {
    std::string s;
    for (int i = static_cast<int>(rng() % 40); i > 0; --i) s += static_cast<char>(rng() % 3 ? '0' + rng() % 10 : 'a' + rng() % 26);
    const std::string m = phones_masked(s);
    int run = 0, longest = 0;
    for (char c : m) longest = std::max(longest, run = (c >= '0' && c <= '9') ? run + 1 : 0);
    EXPECT_LT(longest, 7) << s;
  }
}
