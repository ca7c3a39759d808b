#include "kiosk/core/pin.h"

#include <sodium.h>

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

PinState PinGate::load(const std::string& who) {
  const auto known = memory_.find(who);
  PinState st = known != memory_.end() ? known->second : PinState{};
  try {
    const PinState stored = store_.pin_state(who);
    // The later lock, else the higher count, wins: the file's survives a restart, memory's a failed write.
    if (stored.locked_until > st.locked_until || (stored.locked_until == st.locked_until && stored.failures > st.failures))
      st = stored;
  } catch (const StoreError&) {
    // Unreadable: memory alone decides.
  }
  return st;
}

void PinGate::save(const std::string& who, const PinState& st) {
  memory_[who] = st;
  try {
    store_.set_pin_state(who, st);
  } catch (const StoreError&) {
    // Not on file (full disk, damaged file): memory still counts the attempt and holds the lock.
  }
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
  if (st.locked_until != 0) st = {};  // the lock has run out: a fresh start
  if (verify_pin(hash, pin)) {
    save(who, {});
    return {Result::ok, max_failures_, 0};
  }
  ++st.failures;
  if (st.failures >= max_failures_) {
    st.locked_until = now + lockout_seconds_;
    save(who, st);
    return {Result::locked, 0, st.locked_until};
  }
  save(who, st);
  return {Result::wrong, max_failures_ - st.failures, 0};
}

}  // namespace core
