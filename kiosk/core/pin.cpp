#include "kiosk/core/pin.h"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>

namespace core {
namespace {

// Moderate cost: a kiosk verifies one PIN at a time on a weak CPU; the lockout does the rest.
constexpr unsigned long long kOpsLimit = 2;
constexpr std::size_t kMemLimit = 8u << 20;

void ensure_sodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
}

}  // namespace

std::string hash_pin(const std::string& pin) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, pin.data(), pin.size(), kOpsLimit, kMemLimit, crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw std::runtime_error("out of memory hashing a PIN");
  return out;
}

bool verify_pin(const std::string& hash, const std::string& pin) {
  ensure_sodium();
  return crypto_pwhash_str_verify(hash.c_str(), pin.data(), pin.size()) == 0;
}

void wipe(std::string& secret) {
  if (!secret.empty()) sodium_memzero(secret.data(), secret.size());
  secret.clear();
}

namespace {
constexpr const char* kOperator = "@operator";

// The stricter of two counts: the later lock, the higher count.
PinState stricter(PinState a, const PinState& b) {
  a.failures = std::max(a.failures, b.failures);
  a.locked_until = std::max(a.locked_until, b.locked_until);
  return a;
}
}  // namespace

PinState PinGate::load(const std::string& who) {
  const auto known = memory_.find(who);
  PinState st = known != memory_.end() ? known->second : PinState{};
  try {
    const PinState hq = who == kOperator ? PinState{} : store_.hq_pin_lock(who);
    if (hq.resets > st.resets) st = {};  // the bureau reset the lock since memory counted
    // The file's count survives a restart, memory's a failed write, HQ's holds every kiosk's guesses.
    st = stricter(stricter(st, store_.pin_state(who)), hq);
    st.resets = hq.resets;
  } catch (const StoreError&) {
    // Unreadable: memory alone decides.
  }
  return st;
}

void PinGate::save(const std::string& who, const PinState& st, bool ok, std::int64_t now) {
  memory_[who] = st;
  try {
    store_.record_pin_attempt(who, st, ok, now, who != kOperator);
  } catch (const StoreError&) {
    // Not on file (full disk, damaged file): memory still counts the attempt and holds the lock.
  }
}

bool PinGate::locked_until_reset(const std::string& who) {
  return load(who).locked_until == protocol::kLockedUntilReset;
}

std::int64_t PinGate::locked_for(const std::string& who, std::int64_t now) {
  const PinState st = load(who);
  return st.locked_until > now ? st.locked_until - now : 0;
}

PinGate::Outcome PinGate::check(const std::string& who, const std::string& hash, const std::string& pin,
                                std::int64_t now) {
  PinState st = load(who);
  if (st.locked_until > now) return {Result::locked, 0, st.locked_until};
  if (hash.empty()) return {Result::no_pin, 0, 0};
  // A lock that ran out leaves its count: the next lock is longer.
  if (verify_pin(hash, pin)) {
    save(who, {0, 0, st.resets}, true, now);
    return {Result::ok, protocol::kPinFailuresPerLock, 0};
  }
  const protocol::PinLock next = protocol::after_wrong_pin({st.failures, st.locked_until}, now, who != kOperator);
  st.failures = next.failures;
  st.locked_until = next.locked_until;
  save(who, st, false, now);
  if (st.locked_until > now) return {Result::locked, 0, st.locked_until};
  return {Result::wrong, protocol::kPinFailuresPerLock - st.failures % protocol::kPinFailuresPerLock, 0};
}

}  // namespace core
