#pragma once
// 差评处置: every 差评's case at HQ — list, detail, state changes (待核实 → 整改中 → 已反馈 → 已回访) with notes,
// 申诉 (恶意/误评) and the bureau's decision, and the audited reveal of the call-back phone. Each call checks what
// the principal may see and do (a liaison: their department's cases only; a viewer: reading only).
#include <nlohmann/json.hpp>
#include <string>

#include "sync/hq/case_calendar.h"
#include "sync/hq/case_common.h"
#include "sync/hq/hq_store.h"

namespace hq {

// One page of cases, newest first (overdue: most overdue first): {"items": […], "next_cursor": "…" or null}.
nlohmann::json list_rating_cases(HqStore& store, const Principal& who, const CaseQuery& q);
// Per department (those the principal sees): cases by state, open, overdue, appeals pending; and the totals.
nlohmann::json rating_case_counts(HqStore& store, const Principal& who);
// One case: the rating (target, level, reasons, comment, masked phone), state, deadline, appeal, history.
nlohmann::json rating_case(HqStore& store, const Principal& who, const std::string& rating_uuid);
// Moves a case on to a later state (wire word or label) with a note; 已回访 records the 回访 (again: a new note).
void change_rating_state(HqStore& store, const Principal& who, const std::string& rating_uuid,
                         const std::string& state, const std::string& note);
// A department's 申诉: the rating is 恶意 or 误评 (ground: wire word or label), with the reason.
void appeal_rating(HqStore& store, const Principal& who, const std::string& rating_uuid, const std::string& ground,
                   const std::string& reason);
// The bureau's (admin's) decision on a pending appeal; an approved one closes the case and leaves 好评率.
void decide_appeal(HqStore& store, const Principal& who, const std::string& rating_uuid, bool approve,
                   const std::string& note);
// The call-back phone in full, for whoever calls back; recorded in the audit log (NotFound when none was left).
std::string reveal_rating_phone(HqStore& store, const Principal& who, const std::string& rating_uuid);
// The working days allowed per state, and the bureau's change of them (admin; every open deadline recounted).
CaseDeadlines rating_deadlines(HqStore& store);
void set_rating_deadlines(HqStore& store, const Principal& who, const CaseDeadlines& d);

}  // namespace hq
