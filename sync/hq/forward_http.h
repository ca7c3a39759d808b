#pragma once
// The console's view of the provincial 好差评 forwarding (sync/CONSOLE_API.md, "Provincial forwarding"): how many
// ratings wait, are held, sent or failed, the held and failed ones with their reason, and the bureau putting one
// back to be sent again (audited).
namespace httplib {
class Server;
}

namespace hq {

class HqStore;

// `configured`: whether this hqd forwards (hqd serve --forward-config); the page says so when it does not.
void add_forward_routes(httplib::Server& server, HqStore& store, bool configured);

}  // namespace hq
