#include "sync/hq/export_tables.h"

#include "sync/hq/export_cells.h"
#include "sync/hq/handling_rating.h"

namespace hq {

using protocol::decode_body;
using sync_db::Db;
using sync_db::Stmt;

namespace {

// How the citizen rated the handling on the receipt's page: 满意, or 不满意：what they added; "" when not rated.
std::string rated_text(Db& db, const Lookup& l, const std::string& receipt) {
  const auto r = handling_rating(db, receipt);
  if (!r) return "";
  return l.labels.of(r->level) + (r->comment.empty() ? "" : "：" + r->comment);
}

}  // namespace

// --- 办不成事 ledger: 用时 and 逾期 in working days. ---
Sheet report_ledger(Db& db, const Lookup& l, const ExportOptions& o) {
  const std::string today = l.today;
  Sheet sh = bureau_sheet(
      l, o, export_word(l, "export.reports.name"), export_word(l, "export.reports.title"),
      {export_word(l, "export.reports.rule", {{"today", chinese_date(today)}}), calendar_meta(l)});
  sh.headers = export_words(l, {"export.col.seq", "export.reports.col.receipt", "export.reports.col.filed",
                                "export.col.department", "export.reports.col.item", "export.reports.col.kind",
                                "export.reports.col.description", "export.reports.col.promised", "export.reports.col.state",
                                "export.reports.col.reply", "export.reports.col.done", "export.reports.col.days",
                                "export.col.overdue_days", "export.reports.col.rated"});
  sh.widths = {6, 16, 12, 20, 24, 14, 36, 14, 10, 36, 12, 12, 12, 20};
  sh.numeric = {true, false, false, false, false, false, false, false, false, false, false, true, true, false};
  const char* sql =
      "SELECT r.body, u.status, u.reply, u.done_at FROM records r LEFT JOIN report_status u ON u.receipt=r.receipt "
      "WHERE r.kind='report' AND r.hall_date BETWEEN ? AND ? ORDER BY r.created_at, r.uuid";
  each_in_period(db, sql, o, [&](Stmt& s) {
    const auto r = decode_body<protocol::ReportBody>(s.text(0));
    const std::string& dept = r.department_id;
    if (!in_scope(o, dept)) return;
    const std::string created = r.created_at.substr(0, 10), due = r.due_date;
    std::string status = l.labels.of(protocol::ReportState::submitted);  // HQ has not said anything yet
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
                       done && done_date.empty() ? "" : working_days(l, due, done ? done_date : today),
                       rated_text(db, l, r.receipt)});
  });
  return sh;
}

}  // namespace hq
