#pragma once
// HQ's master data as the admin commands name it: departments and officials by id or name, rows decoded.
#include <string>
#include <utility>
#include <vector>

#include "sync/hq/hq_store.h"
#include "sync/protocol/model.h"

namespace hq {

// The live rows of one reference table, decoded through sync/protocol (the Db& forms within store.locked).
std::vector<protocol::Department> stored_departments(sync_db::Db& db);
std::vector<protocol::Window> stored_windows(sync_db::Db& db);
std::vector<protocol::Official> stored_officials(sync_db::Db& db);
std::vector<protocol::ServiceItem> stored_service_items(sync_db::Db& db);
// Every schedule row (read as a feed of the protocol's reader reads it).
std::vector<protocol::ScheduleEntry> stored_schedule(sync_db::Db& db);
std::vector<protocol::ScheduleEntry> stored_schedule(HqStore& store);
std::vector<protocol::Department> stored_departments(HqStore& store);
std::vector<protocol::Window> stored_windows(HqStore& store);
std::vector<protocol::Official> stored_officials(HqStore& store);

// Every department as (id, name), in the hall's order.
std::vector<std::pair<std::string, std::string>> departments(HqStore& store);
// A department id from its id, name or short name (throws NotFound naming the choices).
std::string department_id(HqStore& store, const std::string& id_or_name);
// An official's id from their id, or their name (with the department when two departments share it).
std::string official_id(HqStore& store, const std::string& id_or_name, const std::string& department);
// The stable id of an official or item from its department and name ("o-…", "i-…").
std::string derived_id(const std::string& prefix, const std::string& department_id, const std::string& name);

}  // namespace hq
