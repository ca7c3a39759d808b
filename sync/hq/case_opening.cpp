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
               "VALUES(?1, ?2, ?3, 'submitted', ?4, ?4)") {}
  protocol::WorkCalendar calendar;
  CaseDeadlines deadlines;
  Stmt target, rating, report;
  std::map<std::pair<std::string, std::string>, std::string> departments;  // (table, id) → department id
};

CaseOpener::CaseOpener(Db& db) : db_(db) {}
CaseOpener::~CaseOpener() = default;

void CaseOpener::opened(const std::string& kind, const std::string& uuid, const std::string& body) {
  const auto k = protocol::from_string<protocol::RecordKind>(kind);
  if (k != protocol::RecordKind::rating && k != protocol::RecordKind::report) return;
  if (!p_) p_ = std::make_unique<Prepared>(db_);
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
  // The department of the target as HQ knows it now ("" for a target HQ does not know).
  auto [it, fresh] = p_->departments.try_emplace({tbl, r.target_id});
  if (fresh) {
    p_->target.bind(1, tbl).bind(2, r.target_id);
    if (p_->target.step()) {
      const auto row = nlohmann::json::parse(p_->target.text(0), nullptr, false);
      if (row.is_object() && row.value("department_id", nlohmann::json()).is_string())
        it->second = row["department_id"].get<std::string>();
    }
    p_->target.reset();
  }
  const std::string given = r.created_at.substr(0, 10);
  p_->rating.bind(1, uuid).bind(2, it->second).bind(3, given)
      .bind(4, case_deadline(p_->calendar, p_->deadlines, protocol::CaseState::to_verify, given, given)).run();
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
