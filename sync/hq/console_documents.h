#pragma once
// The console's views and one-row edits of what HQ publishes whole: the quarter's schedule as a calendar grid,
// the 差评 reason list and the working-day calendar (each edit publishes a new version the kiosks pull).
#include <nlohmann/json.hpp>
#include <string>

#include "sync/hq/hq_store.h"
#include "sync/hq/principal.h"

namespace hq {

// One department's schedule for a period (export.h's forms: 2026Q2 …) as a grid: every day, whether it is a
// working day, and that day's rows (half-day, official, window, note). Department: id or name; a liaison's own
// when empty (required for the others).
nlohmann::json schedule_grid(HqStore& store, const Principal& who, const std::string& department,
                             const std::string& period);
// The current reason list HQ publishes ({"version", "groups": [{id, zh, en, reasons: [{id, zh, en}]}]}), or null.
nlohmann::json reason_list_json(HqStore& store);
// Adds or changes one reason ({"group", "zh", "en"}; `id` empty: a new one) and publishes the list as a new
// version; the bureau only. Returns the list as published.
nlohmann::json save_reason(HqStore& store, const Principal& who, const std::string& id, const nlohmann::json& body);
// Takes one reason off the list (a new version; 差评 given under it keep its wording in the exports).
nlohmann::json delete_reason(HqStore& store, const Principal& who, const std::string& id);
// HQ's calendar within `year` (0: all): {"version", "holidays": [...], "workdays": [...]}.
nlohmann::json calendar_json(HqStore& store, int year);
// Marks one date a holiday ("holiday"), a 调休 working day ("workday") or an ordinary day ("normal": weekends rest,
// weekdays work) and publishes the calendar as a new version; the bureau only.
nlohmann::json set_calendar_day(HqStore& store, const Principal& who, const std::string& date, const std::string& kind);

}  // namespace hq
