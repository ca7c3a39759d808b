#pragma once
// Personal PINs, checked offline against the salted argon2id hashes HQ distributes, with a lockout that grows
// (protocol/pin_lockout.h: 5 minutes, 30, then until the bureau resets it). An official's attempts also go to HQ
// (right or wrong, never the digits), which counts every kiosk's together and feeds its lock back down; a kiosk
// that cannot reach HQ still locks on its own count. A PIN is never stored, logged or shown; callers wipe their copy.
#include <cstdint>
#include <map>
#include <string>

#include "kiosk/core/store.h"
#include "sync/protocol/pin_lockout.h"

namespace core {

// An argon2id hash string for a PIN (what HQ stores and sends down; used for demo data and tests).
std::string hash_pin(const std::string& pin);
bool verify_pin(const std::string& hash, const std::string& pin);
// Overwrites a string's bytes before it is dropped.
void wipe(std::string& secret);
// A PIN is kMinPinDigits..kMaxPinDigits digits (the pad and --hash-pin refuse others).
using protocol::kMaxPinDigits;
using protocol::kMinPinDigits;
using protocol::valid_pin;

// Checks PINs for officials (by id) or the operator (id "@operator", whose attempts stay on the kiosk and whose
// locks stop growing at 30 minutes: no HQ resets them), counting failures in the store. An official's count is at
// least HQ's (Store::hq_pin_lock), so a guess on this kiosk adds to those on every other one. The count is also kept
// in memory: when the store cannot be read or written (a full disk, a damaged file) a wrong PIN still counts and the
// pad still locks; the store never lowers what memory holds, only a reset from HQ does.
class PinGate {
 public:
  enum class Result { ok, wrong, locked, no_pin };
  struct Outcome {
    Result result = Result::wrong;
    int attempts_left = 0;
    std::int64_t locked_until = 0;
  };
  explicit PinGate(Store& store) : store_(store) {}
  Outcome check(const std::string& who, const std::string& hash, const std::string& pin, std::int64_t now);
  // Seconds left on a lockout, 0 when none.
  std::int64_t locked_for(const std::string& who, std::int64_t now);
  // True when `who` is locked out until the bureau resets the lock.
  bool locked_until_reset(const std::string& who);

 private:
  PinState load(const std::string& who);
  // Keeps `st` (in memory and on file) after an attempt at `now`, and tells HQ of an official's attempt.
  void save(const std::string& who, const PinState& st, bool ok, std::int64_t now);

  Store& store_;
  std::map<std::string, PinState> memory_;
};

}  // namespace core
