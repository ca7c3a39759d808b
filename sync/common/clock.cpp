#include "sync/common/clock.h"

#include <chrono>

namespace common {
namespace chrono = std::chrono;

std::int64_t SystemClock::now() const {
  return chrono::duration_cast<chrono::seconds>(chrono::system_clock::now().time_since_epoch()).count();
}

std::int64_t SystemClock::now_ms() const {
  return chrono::duration_cast<chrono::milliseconds>(chrono::system_clock::now().time_since_epoch()).count();
}

double SystemClock::elapsed() const {
  return chrono::duration<double>(chrono::steady_clock::now().time_since_epoch()).count();
}

const Clock& system_clock() {
  static const SystemClock clock;
  return clock;
}

}  // namespace common
