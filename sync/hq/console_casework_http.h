#pragma once
// The console's casework API: /v1/console/ratings (差评处置) and /v1/console/reports (办不成事), JSON, through
// api_call (sync/CONSOLE_API.md).
namespace httplib {
class Server;
}

namespace hq {

class HqStore;

// Adds the lists, counts, details, state changes, 申诉, deadlines and phone reveals.
void add_console_casework_routes(httplib::Server& server, HqStore& store);

}  // namespace hq
