#include "sync/hq/principal.h"

#include <httplib.h>

#include "sync/hq/admin_tokens.h"

namespace hq {

std::optional<Principal> request_principal(HqStore& store, const httplib::Request& req) {
  const std::string auth = req.get_header_value("Authorization");
  const std::string prefix = "Bearer ";
  if (auth.rfind(prefix, 0) == 0 && admin_token_ok(store, auth.substr(prefix.size())))
    return Principal{"admin-token", Role::admin, ""};
  return std::nullopt;
}

}  // namespace hq
