#include "sync/hq/export_tables.h"

#include "sync/hq/export_cells.h"

namespace hq {

using protocol::decode_body;
using sync_db::Db;
using sync_db::Stmt;

// --- 回访工作单: open 差评 and 办不成事 reports that left a phone, the phone in full, for whoever calls back. ---
Sheet callback_list(Db& db, const Lookup& l, const ExportOptions& o) {
  const std::string today = l.today;
  Sheet sh = bureau_sheet(l, o, export_word(l, "export.callbacks.name"), export_word(l, "export.callbacks.name"),
                          {export_word(l, "export.callbacks.rule"), calendar_meta(l)});
  sh.headers = export_words(l, {"export.col.seq", "export.callbacks.col.kind", "export.callbacks.col.id",
                                "export.callbacks.col.filed", "export.col.department", "export.callbacks.col.target",
                                "export.callbacks.col.content", "export.col.name", "export.callbacks.col.phone",
                                "export.callbacks.col.deadline", "export.col.overdue_days"});
  sh.widths = {6, 10, 38, 12, 20, 22, 40, 10, 14, 12, 12};
  sh.numeric = {true, false, false, false, false, false, false, false, false, false, true};
  auto add = [&](std::vector<std::string> row) {
    row.insert(row.begin(), std::to_string(sh.rows.size() + 1));
    sh.rows.push_back(std::move(row));
  };
  {
    const char* sql =
        "SELECT r.uuid, r.body FROM records r INDEXED BY records_bad_ratings_by_day WHERE r.kind='rating' AND "
        "r.level IN ('dissatisfied', 'very_dissatisfied') AND "
        "NOT EXISTS (SELECT 1 FROM follow_ups f WHERE f.rating_uuid=r.uuid) AND NOT EXISTS (SELECT 1 FROM "
        "rating_cases c WHERE c.rating_uuid=r.uuid AND c.appeal_state='approved') AND r.hall_date BETWEEN ? AND ? "
        "ORDER BY r.created_at, r.uuid";
    each_in_period(db, sql, o, [&](Stmt& s) {
      const auto r = decode_body<protocol::RatingBody>(s.text(1));
      if (!r.phone) return;
      const std::string dept = target_department(l, r);
      if (!in_scope(o, dept)) return;
      const std::string deadline = follow_up_deadline(l, r, o);
      add({export_word(l, "export.callbacks.kind.rating"), s.text(0), r.created_at.substr(0, 10), dept.empty() ? "" : l.department_name(dept), r.target_name,
           l.labels.of(r.level) + "：" + reason_text(l, r) + (r.comment.empty() ? "" : "；" + r.comment), "", *r.phone,
           deadline, working_days(l, deadline, today)});
    });
  }
  const char* sql =
      "SELECT r.body FROM records r LEFT JOIN report_status u ON u.receipt=r.receipt "
      "WHERE r.kind='report' AND u.done_at IS NULL AND r.hall_date BETWEEN ? AND ? ORDER BY r.created_at, r.uuid";
  each_in_period(db, sql, o, [&](Stmt& s) {
    const auto r = decode_body<protocol::ReportBody>(s.text(0));
    if (!r.phone) return;
    if (!in_scope(o, r.department_id)) return;
    add({export_word(l, "export.callbacks.kind.report"), r.receipt, r.created_at.substr(0, 10), l.department_name(r.department_id), r.item_name,
         r.description, r.name.value_or(""), *r.phone, r.due_date, working_days(l, r.due_date, today)});
  });
  return sh;
}

}  // namespace hq
