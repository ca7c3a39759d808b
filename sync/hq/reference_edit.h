#pragma once
// The console's rows of HQ's master data (windows, officials, schedule, items): listed, saved and deleted one at a
// time within what the principal may see and change; a saved row reaches the kiosks on their next pull.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "sync/hq/hq_store.h"
#include "sync/hq/principal.h"

namespace hq {

// The master-data tables the console edits by row.
enum class RefTable { windows, officials, schedule, items };

// The table of a URL segment ("windows", "officials", "schedule", "items"), or nullopt.
std::optional<RefTable> ref_table(const std::string& name);
// The rows of `department` (id or name; empty: a liaison's own, else every department) as JSON; the schedule
// only within [from, to] when they are given. Officials come without their PIN hash (has_pin instead).
nlohmann::json list_rows(HqStore& store, const Principal& who, RefTable table, const std::string& department,
                         const std::string& from = "", const std::string& to = "");
// Saves one row (`id` empty: a new one) from the console's JSON; returns the row as stored. Throws AdminError
// naming the field at fault, Forbidden outside the principal's department, NotFound for an unknown id.
nlohmann::json save_row(HqStore& store, const Principal& who, RefTable table, const std::string& id,
                        const nlohmann::json& body);
// Deletes one row (an official or window still on the schedule is refused).
void delete_row(HqStore& store, const Principal& who, RefTable table, const std::string& id);
// Ends an official's PIN lock on every kiosk (at their next pull) and its count of wrong PINs; audited.
nlohmann::json unlock_official_pin(HqStore& store, const Principal& who, const std::string& official_id);
// Sets an official's PIN: the one given, or six random digits; the answer holds the PIN this once.
nlohmann::json set_official_pin(HqStore& store, const Principal& who, const std::string& official_id,
                                const std::optional<std::string>& pin);

}  // namespace hq
