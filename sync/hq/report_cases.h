#pragma once
// 办不成事: every report's case at HQ — list, detail, 受理/转办 to a department (which then sees it), 办理中, 办结 with
// the reply the kiosk's 进度查询 shows (through report_status and the down-sync feed), the promised date and
// overdue, and the audited reveal of the reporter's phone and name. Receipts may be typed with spaces or dashes.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "sync/hq/case_common.h"
#include "sync/hq/hq_store.h"

namespace hq {

// A receipt as typed ("0011 0660 0016", "0011-0660-0016") as the 12 digits HQ keys it by (AdminError when it is
// not 12 digits or its check digit is wrong).
std::string receipt_digits(const std::string& typed);

// What the bureau (or a department) does to a report.
struct ReportChange {
  std::string state;                 // accepted, in_progress, done (or 已受理, 办理中, 已办结)
  std::string department;            // 转办: the department (id or name) that handles it from now on; "" stays
  std::optional<std::string> reply;  // the reply to the citizen; none: the reply stays
  std::string promised;              // a new promised reply date YYYY-MM-DD; "" stays
  std::string note;                  // for the history (optional)
  bool reply_needed_when_done = true;  // the console's rule; the old set-report may mark done without one
};

// One page of reports, newest first (overdue: most overdue first).
nlohmann::json list_report_cases(HqStore& store, const Principal& who, const CaseQuery& q);
// Per department the principal sees: reports by state, open, overdue; and the totals.
nlohmann::json report_case_counts(HqStore& store, const Principal& who);
// One report: department, matter, kind, description, masked name and phone, state, reply, promised date, history.
nlohmann::json report_case(HqStore& store, const Principal& who, const std::string& receipt);
// Records a change: the state and reply reach the kiosk that took the report on its next pull.
void change_report(HqStore& store, const Principal& who, const std::string& receipt, const ReportChange& change);
// The reporter's phone and name in full ({"phone", "name"}), recorded in the audit log.
nlohmann::json reveal_report_contact(HqStore& store, const Principal& who, const std::string& receipt);

}  // namespace hq
