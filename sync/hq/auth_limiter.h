#pragma once
// Failed authentications counted per source address and per account (a device id, the admin token, a console
// login), so that guessing is slow while an honest device is never slowed (only failures are ever made to wait).
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "sync/common/clock.h"

namespace httplib {
struct Request;
}

namespace hq {

// Counts failures in a sliding window per key; past the limit a key is locked for a time that doubles with each
// lockout (1 min, 2, 4, … at most 15 min) and is forgotten after 15 quiet minutes. Safe from any thread.
//
// For a random token (a device's, the admin's: 256 bits, not guessable): verify it always, then call failed() on
// a mismatch and answer 429 with Retry-After when it returns more than 0, else 401. A right token is never refused.
// For a password (a console login): call wait_before() first and refuse (429) without checking while it is locked,
// since a right guess must not be told apart from a wrong one; then failed() or succeeded().
class AuthLimiter {
 public:
  struct Limits {
    int failures_per_window = 10;  // allowed failures per key in one window; the next one locks the key
    std::int64_t window_seconds = 60;
    std::int64_t first_lockout_seconds = 60;
    std::int64_t max_lockout_seconds = 15 * 60;
    std::int64_t forget_after_seconds = 15 * 60;  // no failure for this long: the key starts afresh
  };
  // `clock` (elapsed()) must outlive the limiter; `trusted_proxies` is a comma-separated address list.
  explicit AuthLimiter(const common::Clock& clock, Limits limits, const std::string& trusted_proxies = "");
  explicit AuthLimiter(const common::Clock& clock) : AuthLimiter(clock, Limits{}) {}

  // Seconds the address or the account must still wait (the longer), or 0: check the secret.
  std::int64_t wait_before(const std::string& address, const std::string& account);
  // A wrong secret from `address` for `account`: counted against both. Returns the seconds to wait from now (0:
  // answer 401 as usual; more: 429 with Retry-After). A failure that locks a key is logged (no secret in it).
  std::int64_t failed(const std::string& address, const std::string& account);
  // Called (outside the limiter's lock) for each lockout with the account, the address and the seconds it lasts;
  // hqd serve writes it to the audit log. Set before the server starts.
  using LockoutAudit = std::function<void(const std::string& account, const std::string& address, std::int64_t seconds)>;
  void set_lockout_audit(LockoutAudit audit) { lockout_audit_ = std::move(audit); }
  // A right secret: the account starts afresh (the address does not: one address trying many accounts stays slow).
  void succeeded(const std::string& account);

  // The client's address for the limits: the peer, or the X-Forwarded-For address a trusted proxy passed on.
  std::string client_address(const httplib::Request& req) const;
  const std::vector<std::string>& trusted_proxies() const { return trusted_proxies_; }

 private:
  struct Key {
    std::vector<double> failures;  // times (elapsed()) of failures in the current window
    double locked_until = 0, last_failure = 0;
    int lockouts = 0;
  };
  std::int64_t wait_of(const Key& k, double now) const;
  std::int64_t count_failure(const std::string& key, double now, bool& locked_now);
  void prune(double now);
  const common::Clock& clock_;
  Limits limits_;
  std::vector<std::string> trusted_proxies_;
  std::mutex mutex_;
  std::map<std::string, Key> keys_;  // "a:" + address, "u:" + account
  LockoutAudit lockout_audit_;
};

// The limiter of the running server (hqd serve sets it for its lifetime), for handlers outside server.cpp such as
// api_call and a console login; nullptr when no server runs (the CLI).
AuthLimiter* active_auth_limiter();
void set_active_auth_limiter(AuthLimiter* limiter);

}  // namespace hq
