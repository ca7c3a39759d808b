#pragma once
// 干部走流程 at HQ: a period's walks as the console lists them with their findings' 整改 (open, done, overdue), a
// finding marked 已整改, a walk recorded in the console (kind walk from device "console", as a kiosk's would be).
#include <nlohmann/json.hpp>
#include <string>

#include "sync/hq/hq_store.h"
#include "sync/hq/principal.h"

namespace httplib {
class Server;
}

namespace hq {

// The walks of `period` (export.h's periods; "" = this quarter) in the principal's scope, or one department's: each
// with its official, item, forms and findings (due date, done date, overdue), and the open and overdue counts.
nlohmann::json list_walks(HqStore& store, const Principal& who, const std::string& period, const std::string& department);
// Marks finding `idx` of a walk 已整改 on `done_on` (a date from the day walked to today), audited; the walk's
// department's liaison or the bureau. NotFound for no such finding, AdminError for a bad date or one already done.
void mark_finding_done(HqStore& store, const Principal& who, const std::string& walk_uuid, int idx,
                       const std::string& done_on);
// Records a walk from the console's body {official_id, item_id, date, forms, findings}; returns its UUID. AdminError
// names what is wrong (the record's own rules included); audited.
std::string record_console_walk(HqStore& store, const Principal& who, const nlohmann::json& body);

// GET /v1/console/walks[?period=&department=], POST /v1/console/walks, POST /v1/console/walks/{uuid}/findings/{n}/done.
void add_walk_routes(httplib::Server& server, HqStore& store);

}  // namespace hq
