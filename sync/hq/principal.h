#pragma once
// Who asks hqd for the bureau's work: a console user's role and department, or a script with the admin token.
#include <optional>
#include <string>

#include "sync/protocol/enums.h"

namespace httplib {
struct Request;
}

namespace hq {

class HqStore;

// admin: the 区行政审批局, sees and does everything; liaison: one department's 联络员, sees and changes only
// that department's data; viewer: a leader, reads everything and changes nothing. Spelt in sync/protocol.
using Role = protocol::ConsoleRole;

// What a handler is about to do: read, or change something (a change needs more than a read: see request_principal).
enum class Access { read, change };

// The person (or script) behind a request, as every console and admin API handler sees them.
struct Principal {
  std::string login;       // the console user's login; "admin-token" for a script with the bearer token
  Role role = Role::viewer;
  std::string department;  // a liaison's department (its name); empty for admin and viewer

  bool may_change() const { return role != Role::viewer; }
  // A liaison sees only their own department's data; admin and viewer see every department's.
  bool sees(const std::string& dept) const { return role != Role::liaison || dept == department; }
};

// The principal behind a request, or nullopt when it is not signed in: the admin bearer token (scripts), or the
// console's session cookie (sessions.h; each use keeps the session alive). For Access::change a session must also
// send its CSRF token in the X-CSRF-Token header, else this throws Forbidden (403): a page of another site can make
// the browser send the cookie, never the header.
std::optional<Principal> request_principal(HqStore& store, const httplib::Request& req, Access access);

}  // namespace hq
