#pragma once
// The console's alerts API (sync/CONSOLE_API.md, "Alerts"): the alert list and its unseen badge by role, the
// departments' and the bureau's webhooks (add, change, switch off, delete, test-send) and the outgoing calls with
// their state (outgoing_calls.h).
namespace httplib {
class Server;
}

namespace hq {

class HqStore;

void add_alert_routes(httplib::Server& server, HqStore& store);

}  // namespace hq
