#pragma once
// Where "now" comes from, injected into the kiosk, its sync client and hqd; the only code that reads the
// system clock is SystemClock (clock.cpp).
#include <atomic>
#include <cstdint>

namespace common {

// A source of the current time.
// now() is the wall clock, for dates and records; elapsed() only moves forward, for timers (idle, countdowns),
// so a wall-clock jump neither strands a visitor on a screen nor sends them home early.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual std::int64_t now() const = 0;                         // unix seconds
  virtual std::int64_t now_ms() const { return now() * 1000; }  // unix milliseconds
  virtual double elapsed() const = 0;                           // seconds since an arbitrary start, never backwards
};

// The machine's clock.
class SystemClock : public Clock {
 public:
  std::int64_t now() const override;
  std::int64_t now_ms() const override;
  double elapsed() const override;  // steady_clock
};

// The process-wide system clock, for callers not given another.
const Clock& system_clock();

// Real time shifted to start at a chosen moment (a kiosk or hqd started with --now).
class OffsetClock : public Clock {
 public:
  explicit OffsetClock(std::int64_t start) : offset_(start - SystemClock().now()) {}
  std::int64_t now() const override { return SystemClock().now() + offset_; }
  std::int64_t now_ms() const override { return SystemClock().now_ms() + offset_ * 1000; }
  double elapsed() const override { return SystemClock().elapsed(); }

 private:
  std::int64_t offset_;  // seconds
};

// A clock that only moves when told to: advance() is time passing, set() a jump of the wall clock alone.
class ManualClock : public Clock {
 public:
  explicit ManualClock(std::int64_t start) : now_(start) {}
  std::int64_t now() const override { return now_.load(); }
  double elapsed() const override { return static_cast<double>(elapsed_.load()); }
  void set(std::int64_t t) { now_.store(t); }
  void advance(std::int64_t seconds) {
    now_.fetch_add(seconds);
    if (seconds > 0) elapsed_.fetch_add(seconds);
  }

 private:
  std::atomic<std::int64_t> now_;
  std::atomic<std::int64_t> elapsed_{0};
};

}  // namespace common
