#pragma once
// The bureau's admin operations over HTTP (/v1/admin/…), behind an admin bearer token (hqd admin-token).
namespace httplib {
class Server;
}

namespace hq {

class HqStore;

// Adds POST /v1/admin/schedule, /v1/admin/items, /v1/admin/officials (CSV bodies) and /v1/admin/report (JSON).
void add_admin_routes(httplib::Server& server, HqStore& store);

}  // namespace hq
