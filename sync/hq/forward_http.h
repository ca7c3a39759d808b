#pragma once
// The console's view of the provincial 好差评 forwarding (sync/CONSOLE_API.md, "Provincial forwarding"): how many
// ratings wait, are held, sent or failed, the held and failed ones with their reason, and the bureau putting one
// back to be sent again (audited); the platform's reason codes, uploaded by the bureau.
#include <memory>

#include "sync/hq/forward_config.h"

namespace httplib {
class Server;
}

namespace hq {

class HqStore;

// `config`: this hqd's forwarding (hqd serve --forward-config), null when it does not forward (the page says so).
void add_forward_routes(httplib::Server& server, HqStore& store, std::shared_ptr<const ForwardConfig> config);

}  // namespace hq
