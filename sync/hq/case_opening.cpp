#include "sync/hq/case_opening.h"

#include <nlohmann/json.hpp>

#include "sync/protocol/record_bodies.h"

namespace hq {

using sync_db::Db;
using sync_db::Stmt;

struct CaseOpener::Prepared {
  explicit Prepared(Db& db)
      : calendar(case_calendar(db)),
        deadlines(case_deadlines(db)),
        target(db, "SELECT body FROM reference WHERE tbl=? AND id=? AND body IS NOT NULL"),
        rating(db,
               "INSERT OR IGNORE INTO rating_cases(rating_uuid, department_id, hall_date, state, state_since, deadline, "
               "updated_at) VALUES(?1, ?2, ?3, 'to_verify', ?3, ?4, '')"),
        report(db,
               "INSERT OR IGNORE INTO report_cases(receipt, department_id, hall_date, state, promised, open_deadline) "
               "VALUES(?1, ?2, ?3, 'submitted', ?4, ?4)"),
        finding(db,
                "INSERT OR IGNORE INTO walk_findings(walk_uuid, idx, department_id, official_id, walked_on, due_date, "
                "done_on) VALUES(?1, ?2, ?3, ?4, ?5, ?6, CASE WHEN ?6 IS NULL THEN ?5 END)") {}
  protocol::WorkCalendar calendar;
  CaseDeadlines deadlines;
  Stmt target, rating, report, finding;
  std::map<std::pair<std::string, std::string>, std::string> departments;  // (table, id) → department id
};

CaseOpener::CaseOpener(Db& db) : db_(db) {}
CaseOpener::~CaseOpener() = default;

void CaseOpener::opened(const std::string& kind, const std::string& uuid, const std::string& body) {
  const auto k = protocol::from_string<protocol::RecordKind>(kind);
  if (k != protocol::RecordKind::rating && k != protocol::RecordKind::report && k != protocol::RecordKind::walk) return;
  if (!p_) p_ = std::make_unique<Prepared>(db_);
  if (k == protocol::RecordKind::walk) {
    const auto w = protocol::decode_body<protocol::WalkBody>(body);
    const std::string& dept = department_of("officials", w.official_id);
    for (std::size_t i = 0; i < w.findings.size(); ++i)
      p_->finding.bind(1, uuid).bind(2, static_cast<std::int64_t>(i)).bind(3, dept).bind(4, w.official_id)
          .bind(5, w.date).bind(6, w.findings[i].due_date).run();
    return;
  }
  if (k == protocol::RecordKind::report) {
    const auto r = protocol::decode_body<protocol::ReportBody>(body);
    p_->report.bind(1, r.receipt).bind(2, r.department_id).bind(3, r.created_at.substr(0, 10)).bind(4, r.due_date).run();
    return;
  }
  const auto r = protocol::decode_body<protocol::RatingBody>(body);
  if (!protocol::is_bad(r.level)) return;
  const char* tbl = r.target_kind == protocol::TargetKind::official ? "officials"
                    : r.target_kind == protocol::TargetKind::window ? "windows"
                                                                     : "service_items";
  const std::string given = r.created_at.substr(0, 10);
  p_->rating.bind(1, uuid).bind(2, department_of(tbl, r.target_id)).bind(3, given)
      .bind(4, case_deadline(p_->calendar, p_->deadlines, protocol::CaseState::to_verify, given, given)).run();
}

const std::string& CaseOpener::department_of(const char* tbl, const std::string& id) {
  auto [it, fresh] = p_->departments.try_emplace({tbl, id});
  if (fresh) {
    p_->target.bind(1, tbl).bind(2, id);
    if (p_->target.step()) {
      const auto row = nlohmann::json::parse(p_->target.text(0), nullptr, false);
      if (row.is_object() && row.value("department_id", nlohmann::json()).is_string())
        it->second = row["department_id"].get<std::string>();
    }
    p_->target.reset();
  }
  return it->second;
}

void open_cases_of_stored_records(Db& db) {
  CaseOpener opener(db);
  Stmt all(db, "SELECT uuid, kind, body FROM records WHERE kind IN ('rating', 'report') ORDER BY rowid");
  while (all.step()) opener.opened(all.text(1), all.text(0), all.text(2));
  // A 差评 followed up before version 7 is 已回访 since then; a report HQ answered is in its reported state.
  db.exec(
      "UPDATE rating_cases SET state='revisited', deadline=NULL, state_since=coalesce(substr((SELECT first_at FROM "
      "follow_ups f WHERE f.rating_uuid=rating_cases.rating_uuid), 1, 10), state_since) WHERE rating_uuid IN (SELECT "
      "rating_uuid FROM follow_ups)");
  db.exec(
      "UPDATE report_cases SET state=(SELECT status FROM report_status u WHERE u.receipt=report_cases.receipt), "
      "open_deadline=CASE WHEN (SELECT status FROM report_status u WHERE u.receipt=report_cases.receipt)='done' THEN "
      "NULL ELSE promised END WHERE receipt IN (SELECT receipt FROM report_status)");
}

}  // namespace hq
