#pragma once
// Personal PINs, checked offline against the salted argon2id hashes HQ distributes, with a lockout
// after repeated failures. A PIN is never stored, logged or shown; callers wipe their copy.
#include <cstdint>
#include <map>
#include <string>

#include "kiosk/core/store.h"

namespace core {

// An argon2id hash string for a PIN (what HQ stores and sends down; used for demo data and tests).
std::string hash_pin(const std::string& pin);
bool verify_pin(const std::string& hash, const std::string& pin);
// Overwrites a string's bytes before it is dropped.
void wipe(std::string& secret);

// Checks PINs for officials (by id) or the operator (id "@operator"), counting failures in the store.
// The count is also kept in memory: when the store cannot be read or written (a full disk, a damaged file)
// a wrong PIN still counts and the pad still locks; the store never lowers what memory holds.
class PinGate {
 public:
  enum class Result { ok, wrong, locked, no_pin };
  struct Outcome {
    Result result = Result::wrong;
    int attempts_left = 0;
    std::int64_t locked_until = 0;
  };
  PinGate(Store& store, int max_failures, int lockout_seconds)
      : store_(store), max_failures_(max_failures), lockout_seconds_(lockout_seconds) {}
  Outcome check(const std::string& who, const std::string& hash, const std::string& pin, std::int64_t now);
  // Seconds left on a lockout, 0 when none.
  std::int64_t locked_for(const std::string& who, std::int64_t now);

 private:
  PinState load(const std::string& who);
  void save(const std::string& who, const PinState& st);

  Store& store_;
  std::map<std::string, PinState> memory_;
  int max_failures_;
  int lockout_seconds_;
};

}  // namespace core
