#include "sync/hq/auth_limiter.h"

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>

namespace hq {
namespace {

constexpr std::size_t kMaxKeys = 100000;    // memory bound: a flood of made-up device ids cannot grow it further
constexpr std::size_t kMaxKeyBytes = 80;  // device ids are at most 64 bytes; longer header values are cut

std::atomic<AuthLimiter*> g_active{nullptr};

// A value fit for a log line: printable ASCII kept, anything else as '?', at most kMaxKeyBytes.
std::string loggable(const std::string& s) {
  std::string out;
  for (char c : s.substr(0, kMaxKeyBytes)) out += (c >= 0x20 && c < 0x7F) ? c : '?';
  return out;
}

std::string trimmed(const std::string& s) {
  const auto a = s.find_first_not_of(" \t");
  if (a == std::string::npos) return {};
  return s.substr(a, s.find_last_not_of(" \t") - a + 1);
}

}  // namespace

AuthLimiter::AuthLimiter(const common::Clock& clock, Limits limits, const std::string& trusted_proxies)
    : clock_(clock), limits_(limits) {
  std::size_t start = 0;
  while (start <= trusted_proxies.size()) {
    const auto comma = trusted_proxies.find(',', start);
    const std::string one = trimmed(trusted_proxies.substr(start, comma - start));
    if (!one.empty()) trusted_proxies_.push_back(one);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
}

std::int64_t AuthLimiter::wait_of(const Key& k, double now) const {
  return k.locked_until > now ? static_cast<std::int64_t>(std::ceil(k.locked_until - now)) : 0;
}

std::int64_t AuthLimiter::wait_before(const std::string& address, const std::string& account) {
  const double now = clock_.elapsed();
  std::lock_guard<std::mutex> lock(mutex_);
  std::int64_t wait = 0;
  for (const std::string& key : {"a:" + address, "u:" + account.substr(0, kMaxKeyBytes)})
    if (auto it = keys_.find(key); it != keys_.end()) wait = std::max(wait, wait_of(it->second, now));
  return wait;
}

std::int64_t AuthLimiter::count_failure(const std::string& key, double now, bool& locked_now) {
  Key& k = keys_[key];
  if (now - k.last_failure > static_cast<double>(limits_.forget_after_seconds) && k.locked_until <= now) k = Key{};
  k.last_failure = now;
  if (const std::int64_t w = wait_of(k, now)) return w;
  const double from = now - static_cast<double>(limits_.window_seconds);
  k.failures.erase(std::remove_if(k.failures.begin(), k.failures.end(), [&](double t) { return t <= from; }),
                   k.failures.end());
  k.failures.push_back(now);
  if (static_cast<int>(k.failures.size()) <= limits_.failures_per_window) return 0;
  // Locked: 1 min, then twice as long each time, at most the cap.
  const int doublings = std::min(k.lockouts, 20);
  const std::int64_t seconds =
      std::min(limits_.max_lockout_seconds, limits_.first_lockout_seconds << doublings);
  ++k.lockouts;
  k.failures.clear();
  k.locked_until = now + static_cast<double>(seconds);
  locked_now = true;
  return seconds;
}

std::int64_t AuthLimiter::failed(const std::string& address, const std::string& account) {
  const double now = clock_.elapsed();
  const std::string who = account.empty() ? "(none)" : account.substr(0, kMaxKeyBytes);
  bool address_locked = false, account_locked = false;
  std::int64_t wait = 0;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (keys_.size() >= kMaxKeys) prune(now);
    wait = std::max(count_failure("a:" + address, now, address_locked), count_failure("u:" + who, now, account_locked));
  }
  // The audit event of a lockout: who was tried from where, never the secret; in hqd's log and its audit log.
  if (address_locked || account_locked) {
    if (lockout_audit_) lockout_audit_(loggable(who), loggable(address), wait);
    std::fprintf(stderr, "hqd: audit: auth.lockout account=%s address=%s (%s locked) after %d failed "
                         "authentications in %llds; refused for %llds\n",
                 loggable(who).c_str(), loggable(address).c_str(),
                 account_locked && address_locked ? "account and address" : account_locked ? "account" : "address",
                 limits_.failures_per_window + 1, static_cast<long long>(limits_.window_seconds),
                 static_cast<long long>(wait));
    std::fflush(stderr);
  }
  return wait;
}

void AuthLimiter::succeeded(const std::string& account) {
  std::lock_guard<std::mutex> lock(mutex_);
  keys_.erase("u:" + account.substr(0, kMaxKeyBytes));
}

void AuthLimiter::prune(double now) {
  for (auto it = keys_.begin(); it != keys_.end();) {
    const Key& k = it->second;
    const bool stale = k.locked_until <= now && now - k.last_failure > static_cast<double>(limits_.window_seconds);
    it = stale ? keys_.erase(it) : std::next(it);
  }
  // Still full of live keys (a flood from everywhere at once): the unlocked ones go first, then the oldest.
  for (auto it = keys_.begin(); keys_.size() >= kMaxKeys && it != keys_.end();)
    it = it->second.locked_until <= now ? keys_.erase(it) : std::next(it);
  if (keys_.size() >= kMaxKeys) keys_.clear();
}

std::string AuthLimiter::client_address(const httplib::Request& req) const {
  const bool trusted =
      std::find(trusted_proxies_.begin(), trusted_proxies_.end(), req.remote_addr) != trusted_proxies_.end();
  if (trusted && req.has_header("X-Forwarded-For")) {
    const std::string xff = req.get_header_value("X-Forwarded-For");
    const auto comma = xff.find_last_of(',');  // the proxy appends the address it saw last
    const std::string last = trimmed(comma == std::string::npos ? xff : xff.substr(comma + 1));
    if (!last.empty()) return loggable(last);
  }
  return req.remote_addr;
}

AuthLimiter* active_auth_limiter() { return g_active.load(); }
void set_active_auth_limiter(AuthLimiter* limiter) { g_active.store(limiter); }

}  // namespace hq
