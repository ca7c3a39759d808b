#include "sync/common/clock.h"

#include <chrono>

namespace common {
using namespace std::chrono;

std::int64_t SystemClock::now() const { return duration_cast<seconds>(system_clock::now().time_since_epoch()).count(); }

std::int64_t SystemClock::now_ms() const {
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

const Clock& system_clock() {
  static const SystemClock clock;
  return clock;
}

}  // namespace common
