#pragma once
// The console's sign-in: sessions behind an HttpOnly cookie (only a hash of its random id is stored), their CSRF
// tokens, idle expiry on hqd's clock, and the lockout of a login after repeated failures (stored: it survives a
// restart). Every sign-in, failed sign-in and sign-out is audited.
#include <cstdint>
#include <optional>
#include <string>

#include "sync/hq/hq_store.h"
#include "sync/hq/principal.h"

namespace httplib {
struct Request;
}

namespace hq {

inline constexpr std::int64_t kSessionIdleSeconds = 30 * 60;      // unused this long, a session ends
inline constexpr std::int64_t kSessionLongestSeconds = 12 * 3600;  // and after a working day however used
inline constexpr int kFailuresBeforeLockout = 5;
inline constexpr std::int64_t kLockoutSeconds = 15 * 60;
inline constexpr const char* kSessionCookie = "hq_session";

// How a sign-in went.
enum class SignInOutcome { ok, wrong, locked, disabled };
struct SignIn {
  SignInOutcome outcome = SignInOutcome::wrong;
  Principal who;                  // ok
  std::string session_id, csrf;   // ok: the cookie's value (shown once) and the session's CSRF token
  std::int64_t locked_until = 0;  // locked (also when this failure locked it)
  int failures_left = 0;          // wrong: failures left before the lockout
};

// Checks a login and password (argon2id; the same work for an unknown login) and opens a session. `source` is the
// client's address, for the audit log. The password is wiped from memory.
SignIn sign_in(HqStore& store, const std::string& login, std::string& password, const std::string& source);

// A live session: who it is and its CSRF token.
struct Session {
  Principal who;
  std::string csrf;
};
// The session a cookie value names, or nullopt when it is unknown, idle too long, too old or its account disabled.
// Using it keeps it alive.
std::optional<Session> find_session(HqStore& store, const std::string& session_id);
// Ends the session (audited as a logout of its user).
void sign_out(HqStore& store, const std::string& session_id, const std::string& source);

// The session cookie's value in a request's Cookie header ("" when none).
std::string session_cookie(const httplib::Request& req);
// The Set-Cookie header value opening (or, with an empty id, clearing) the session cookie: HttpOnly,
// SameSite=Strict, Path=/, and Secure when the request came over HTTPS (the proxy's X-Forwarded-Proto: https).
std::string session_set_cookie(const httplib::Request& req, const std::string& session_id);
// The client's address: the proxy's X-Forwarded-For (its last hop) or the peer's.
std::string client_address(const httplib::Request& req);

}  // namespace hq
