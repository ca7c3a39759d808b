#pragma once
// The console's own JSON API (sync/CONSOLE_API.md): sign-in and sign-out, who is signed in, the overview's
// numbers, accounts (admin) and the audit log with its CSV export (admin).
#include <string>

namespace httplib {
class Server;
}

namespace hq {

class HqStore;

// Adds /v1/console/login, logout, me, overview, users…, audit and audit.csv; `assets_dir` holds the i18n words
// the CSV export's headers are in.
void add_console_routes(httplib::Server& server, HqStore& store, const std::string& assets_dir);

}  // namespace hq
