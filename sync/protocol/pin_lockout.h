#pragma once
// The PIN rule, once for the kiosk's pad and for HQ, which counts an official's wrong PINs from every kiosk
// together (so guessing on twenty kiosks is no faster than on one): a PIN is 6 to 8 digits; every fifth wrong PIN
// since the last right one locks the official out, for 5 minutes, then 30, then until an operator resets it.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>

namespace protocol {

inline constexpr std::size_t kMinPinDigits = 6;
inline constexpr std::size_t kMaxPinDigits = 8;
inline constexpr int kPinFailuresPerLock = 5;
// The locked_until of a lock that only a reset ends.
inline constexpr std::int64_t kLockedUntilReset = std::numeric_limits<std::int64_t>::max();

// True when `pin` is kMinPinDigits..kMaxPinDigits ASCII digits.
bool valid_pin(const std::string& pin);

// Wrong PINs since the last right one (or reset), and the lock they earned (unix seconds; 0: none).
struct PinLock {
  int failures = 0;
  std::int64_t locked_until = 0;
};
// How long the n-th lock (1, 2, …) lasts: 300 s, 1,800 s, then until reset (kLockedUntilReset). With
// `until_reset` false (the kiosk's operator, whom no HQ resets) every lock after the first lasts 1,800 s.
std::int64_t lock_seconds(int n, bool until_reset = true);
// The state after a wrong PIN at `at` (counted even during a lock: HQ hears of guesses a kiosk made before it
// knew of the lock).
PinLock after_wrong_pin(PinLock s, std::int64_t at, bool until_reset = true);

}  // namespace protocol
