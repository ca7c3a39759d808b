#pragma once
// Where "now" comes from, injected into the kiosk, its sync client and hqd; the only code that reads the
// system clock is SystemClock (clock.cpp).
#include <atomic>
#include <cstdint>

namespace common {

// A source of the current time.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::int64_t now() const = 0;                         // unix seconds
  virtual std::int64_t now_ms() const { return now() * 1000; }  // unix milliseconds
};

// The machine's clock.
class SystemClock : public Clock {
 public:
  std::int64_t now() const override;
  std::int64_t now_ms() const override;
};

// The process-wide system clock, for callers not given another.
const Clock& system_clock();

// Real time shifted to start at a chosen moment (a kiosk or hqd started with --now).
class OffsetClock : public Clock {
 public:
  explicit OffsetClock(std::int64_t start) : offset_(start - SystemClock().now()) {}
  std::int64_t now() const override { return SystemClock().now() + offset_; }
  std::int64_t now_ms() const override { return SystemClock().now_ms() + offset_ * 1000; }

 private:
  std::int64_t offset_;  // seconds
};

// A clock that only moves when told to.
class ManualClock : public Clock {
 public:
  explicit ManualClock(std::int64_t start) : now_(start) {}
  std::int64_t now() const override { return now_.load(); }
  void set(std::int64_t t) { now_.store(t); }
  void advance(std::int64_t seconds) { now_.fetch_add(seconds); }

 private:
  std::atomic<std::int64_t> now_;
};

}  // namespace common
