#pragma once
// Who asks hqd for the bureau's work: a console user's role and department, or a script with the admin token.
#include <optional>
#include <string>

namespace httplib {
struct Request;
}

namespace hq {

class HqStore;

// admin: the 区行政审批局, sees and does everything; liaison: one department's 联络员, sees and changes only
// that department's data; viewer: a leader, reads everything and changes nothing.
enum class Role { admin, liaison, viewer };

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
// console's session cookie (with its CSRF header on a change) once accounts exist.
std::optional<Principal> request_principal(HqStore& store, const httplib::Request& req);

}  // namespace hq
