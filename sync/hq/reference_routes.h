#pragma once
// hqd's /v1/console/ routes for master data and reports (sync/CONSOLE_API.md "Reference data and reports").
namespace httplib {
class Server;
}

namespace hq {

class HqStore;

// Adds the routes: row lists and edits, uploads, the schedule grid, PINs, reasons, calendar, reports.
void add_reference_routes(httplib::Server& server, HqStore& store);

}  // namespace hq
