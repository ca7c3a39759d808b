#include "sync/hq/principal.h"

#include <httplib.h>
#include <sodium.h>

#include "sync/hq/admin_tokens.h"
#include "sync/hq/console_api.h"
#include "sync/hq/sessions.h"

namespace hq {

std::optional<Principal> request_principal(HqStore& store, const httplib::Request& req, Access access) {
  const std::string auth = req.get_header_value("Authorization");
  const std::string prefix = "Bearer ";
  if (auth.rfind(prefix, 0) == 0) {
    if (admin_token_ok(store, auth.substr(prefix.size()))) return Principal{"admin-token", Role::admin, ""};
    return std::nullopt;  // a wrong token is not saved by a cookie sent along with it
  }
  const std::string cookie = session_cookie(req);
  if (cookie.empty()) return std::nullopt;
  std::optional<Session> session = find_session(store, cookie);
  if (!session) return std::nullopt;
  if (access == Access::change) {
    const std::string sent = req.get_header_value("X-CSRF-Token");
    if (sent.size() != session->csrf.size() ||
        sodium_memcmp(sent.data(), session->csrf.data(), sent.size()) != 0)
      throw Forbidden("a change from the console needs the session's X-CSRF-Token header");
  }
  return std::move(session->who);
}

}  // namespace hq
