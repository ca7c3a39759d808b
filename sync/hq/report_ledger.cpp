#include "sync/hq/export_tables.h"

#include "sync/hq/export_cells.h"

namespace hq {

using protocol::decode_body;
using sync_db::Db;
using sync_db::Stmt;

// --- 办不成事 ledger: 用时 and 逾期 in working days. ---
Sheet report_ledger(Db& db, const Lookup& l, const ExportOptions& o) {
  const std::string today = l.today;
  Sheet sh = bureau_sheet(
      l, o, "办不成事台账", "“办不成事”反映问题台账",
      {"用时：提交至办结的工作日数；逾期：晚于承诺答复日期的工作日数，未办结的计至今天（" + chinese_date(today) + "）",
       calendar_meta(l)});
  sh.headers = {"序号", "受理编号", "提交日期", "部门",     "事项",     "问题类型",    "问题描述",
                "承诺答复日期", "状态", "答复", "办结日期", "用时(工作日)", "逾期(工作日)"};
  sh.widths = {6, 16, 12, 20, 24, 14, 36, 14, 10, 36, 12, 12, 12};
  sh.numeric = {true, false, false, false, false, false, false, false, false, false, false, true, true};
  const char* sql =
      "SELECT r.body, u.status, u.reply, u.done_at FROM records r LEFT JOIN report_status u ON u.receipt=r.receipt "
      "WHERE r.kind='report' AND r.hall_date BETWEEN ? AND ? ORDER BY r.created_at, r.uuid";
  each_in_period(db, sql, o, [&](Stmt& s) {
    const auto r = decode_body<protocol::ReportBody>(s.text(0));
    const std::string& dept = r.department_id;
    if (!in_scope(o, dept)) return;
    const std::string created = r.created_at.substr(0, 10), due = r.due_date;
    std::string status = "待受理";  // HQ has not said anything yet
    bool done = false;
    if (const auto word = s.opt_text(1))
      if (const auto state = protocol::from_string<protocol::ReportState>(*word)) {
        status = l.labels.of(*state);
        done = *state == protocol::ReportState::done;
      }
    // HQ stamps the status in UTC; the hall's date is what the bureau means by 办结日期.
    const std::string done_date = done ? l.hall.date(s.opt_text(3).value_or("")) : "";
    sh.rows.push_back({std::to_string(sh.rows.size() + 1), r.receipt, created, l.department_name(dept), r.item_name,
                       l.labels.of(r.report_kind), r.description, due,
                       status, s.opt_text(2).value_or(""), done_date,
                       done ? working_days(l, created, done_date) : "",
                       done && done_date.empty() ? "" : working_days(l, due, done ? done_date : today)});
  });
  return sh;
}

}  // namespace hq
