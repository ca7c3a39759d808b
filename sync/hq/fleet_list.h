#pragma once
// The fleet: each kiosk as HQ knows it (last report, version, storage, events, record numbers and gaps), for
// `hqd kiosks` (lines for people or JSON for tools) and the console's 设备 page (GET /v1/console/fleet).
#include <string>

#include "sync/hq/hq_store.h"

namespace httplib {
class Server;
}

namespace hq {

std::string fleet_list(HqStore& store, bool json);

// Adds GET /v1/console/fleet: every signed-in role reads it (kiosks hold no department's data and no personal data).
void add_fleet_routes(httplib::Server& server, HqStore& store);

}  // namespace hq
