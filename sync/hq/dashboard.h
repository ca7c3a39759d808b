#pragma once
// The console's first page (GET /v1/console/dashboard): today in the hall (who sits which window and whether they are
// there, visitors, ratings, 好评率, the open 差评 and reports by deadline) and the month's charts (好评率 by department
// over six months, the top 差评 reasons, 办不成事 by kind with median working days, sittings per rank against the rule,
// the departments ranked), all within what the principal's role sees. Also the misuse flags' routes.
#include <nlohmann/json.hpp>
#include <string>

#include "sync/hq/hq_store.h"
#include "sync/hq/principal.h"

namespace httplib {
class Server;
}

namespace hq {

// `month` is YYYY-MM ("" for the hall's current month; AdminError when malformed).
nlohmann::json dashboard(HqStore& store, const Principal& who, const std::string& assets_dir, const std::string& month);

// GET /v1/console/dashboard[?month=], GET /v1/console/flags[?reviewed=1], POST /v1/console/flags/review,
// PUT /v1/console/flags/rule.
void add_dashboard_routes(httplib::Server& server, HqStore& store, const std::string& assets_dir);

}  // namespace hq
