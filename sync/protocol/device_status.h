#pragma once
// What a kiosk tells HQ about itself on every sync round and every few minutes when idle (POST /v1/status), and HQ's
// answer: the state of its storage with what happened to it, its record sequence, what waits in its outbox, its last
// sync error, free disk and screen; and what HQ has of that sequence. See sync/PROTOCOL.md.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sync/protocol/enums.h"

namespace protocol {

// One thing that happened to the kiosk's storage (times are unix seconds).
struct StorageEvent {
  std::int64_t at = 0;
  StorageEventKind kind = StorageEventKind::set_aside;
  std::string file;    // the file set aside or refused, as the kiosk names it
  std::string detail;  // SQLite's words, or which record numbers were lost
};

// The kiosk's report.
struct DeviceStatus {
  StorageState storage = StorageState::ok;
  std::int64_t storage_since = 0;  // when the storage entered that state (0: it always was)
  std::int64_t next_seq = 1;       // the number its next record gets
  bool seq_confirmed = true;       // false on a fresh database that has not heard HQ's last number yet
  std::vector<StorageEvent> events;  // the latest few, newest last
  std::string version;
  // Since the fleet page (kiosks before it send none of these: nullopt / ""). Counts of the outbox's rows:
  std::optional<std::int64_t> pending;             // to send
  std::optional<std::int64_t> parked;              // refused by HQ (or given up on), kept for an operator
  std::optional<std::int64_t> oldest_pending_age;  // seconds the oldest row to send has waited (only when pending > 0)
  std::string last_error;                          // the sync client's last failure (status_error_text), "" none
  std::optional<std::int64_t> free_bytes;          // free space where the database lives
  std::optional<Orientation> orientation;          // the screen as configured
};

// A run of record numbers HQ never received from a kiosk, first..last inclusive.
struct SeqGap {
  std::int64_t first = 0, last = 0;
};

// HQ's answer: the highest number it holds of this kiosk (0: none) and the gaps below it.
struct StatusAnswer {
  std::int64_t last_seq = 0;
  std::vector<SeqGap> gaps;
};

inline constexpr std::size_t kMaxStatusEvents = 50;
inline constexpr std::size_t kMaxGaps = 200;
// Bounds a report's new fields are checked against (beyond them, or negative: DecodeError).
inline constexpr std::int64_t kMaxStatusCount = 100'000'000;          // outbox rows
inline constexpr std::int64_t kMaxPendingAge = 20LL * 366 * 86400;    // twenty years, in seconds
inline constexpr std::int64_t kMaxFreeBytes = 1LL << 60;              // an exbibyte
inline constexpr std::size_t kMaxStatusError = 200;                   // bytes of last_error

// An error as a report carries it: control characters as spaces, every run of 7 or more digits (a phone number, a
// receipt) as "…", cut to kMaxStatusError bytes on a character boundary. The kiosk sends it so and HQ decodes it so.
std::string status_error_text(const std::string& raw);

std::string encode_status(const DeviceStatus& s);
DeviceStatus decode_status(const std::string& json_text);  // throws DecodeError
std::string encode_status_answer(const StatusAnswer& a);
StatusAnswer decode_status_answer(const std::string& json_text);  // throws DecodeError
// "12–15, 20" for people (an en dash between the ends of a run).
std::string describe_gaps(const std::vector<SeqGap>& gaps);

}  // namespace protocol
