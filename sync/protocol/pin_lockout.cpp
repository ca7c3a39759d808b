#include "sync/protocol/pin_lockout.h"

namespace protocol {

bool valid_pin(const std::string& pin) {
  return pin.size() >= kMinPinDigits && pin.size() <= kMaxPinDigits &&
         pin.find_first_not_of("0123456789") == std::string::npos;
}

std::int64_t lock_seconds(int n, bool until_reset) {
  if (n <= 1) return 5 * 60;
  if (n == 2 || !until_reset) return 30 * 60;
  return kLockedUntilReset;
}

PinLock after_wrong_pin(PinLock s, std::int64_t at, bool until_reset) {
  ++s.failures;
  if (s.failures % kPinFailuresPerLock == 0) {
    const std::int64_t d = lock_seconds(s.failures / kPinFailuresPerLock, until_reset);
    const std::int64_t until = d == kLockedUntilReset ? kLockedUntilReset : at + d;
    if (until > s.locked_until) s.locked_until = until;
  }
  return s;
}

}  // namespace protocol
