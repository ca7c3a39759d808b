#pragma once
// THE outbox of hqd's outgoing HTTP calls: the one place a call hqd makes to another system is queued (alerts'
// webhooks now; the provincial 好差评 forwarding is to queue its calls here too). A call is a row of outgoing_calls
// (schema 16: event id, state, attempts, next attempt, last status and error as columns a person can query), written
// by queue_call() in the SAME transaction as the change that causes it, so a call exists exactly when its cause
// does. The sender thread (OutgoingSender, in `hqd serve`) delivers due rows one at a time:
// - every request carries the row's event id (header X-Event-Id): a receiver that saw it already drops it;
// - a 2xx marks the row sent in the statement right after the answer, and a sent row is never picked again. Only a
//   crash between the answer and that statement sends the event again: delivery is at least once, with one event
//   id, so a receiver that dedupes on it sees each event exactly once;
// - anything else (no connection, a timeout, a reset, 408, 425, 429, 5xx) is tried again after
//   kRetryBaseMs·2^(attempts-1) milliseconds, at most kRetryCapMs, of which a random part (kJitterShare) is left out
//   (jitter, so many calls that failed together do not come back together); a Retry-After (seconds or HTTP-date)
//   waits at least that long, but never more than kMaxRetryAfterSeconds;
// - another 4xx, or kMaxAttempts failures, leave the row failed (for good, until someone puts it back); a row whose
//   webhook is switched off is held (and pending again when it is switched on).
// Time is the store's injected Clock (milliseconds); https URLs are verified against the system's CAs and host name.
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "sync/common/sqlite_db.h"
#include "sync/hq/hq_store.h"

namespace hq {

inline constexpr std::int64_t kRetryBaseMs = 1000;          // the wait after the first failure
inline constexpr std::int64_t kRetryCapMs = 10 * 60 * 1000;  // the longest wait between two attempts
inline constexpr double kJitterShare = 0.5;                  // up to half of each wait is left out, at random
inline constexpr std::int64_t kMaxRetryAfterSeconds = 3600;   // a receiver asking for longer gets this
inline constexpr int kMaxAttempts = 40;                       // then failed for good (about six hours of trying)
inline constexpr int kConnectTimeoutSeconds = 5;
inline constexpr int kReadTimeoutSeconds = 10;  // a receiver slower than this is a failed attempt
inline constexpr int kPollMillis = 500;         // how often the sender looks for due rows
inline constexpr int kEscalationCheckSeconds = 60;  // how often the sender runs its periodic check (escalations)

// One call to queue.
struct OutgoingCall {
  std::string event_id;                  // "" : a new random one (new_event_id)
  std::string purpose;                   // "alert", "test", …
  std::optional<std::int64_t> alert_id;  // the alert it tells
  std::optional<std::int64_t> webhook_id;  // sent with that webhook's current URL, format and secret
  std::string url;
  std::string body;  // JSON
  bool held = false;  // queued held (its webhook is off)
};

// Queues `call` in the caller's transaction (within store.locked); returns its row id. Its event id is also returned
// through `event_id` when given.
std::int64_t queue_call(sync_db::Db& db, std::int64_t now_ms, const OutgoingCall& call, std::string* event_id = nullptr);

// A new random event id: 32 hexadecimal digits.
std::string new_event_id();

// The wait before attempt `attempts + 1` after `attempts` failures (1, 2, …): backoff with jitter from `random01`
// (a number in [0, 1)), and at least `retry_after_seconds` (capped) when the receiver sent one (else -1).
std::int64_t retry_delay_ms(int attempts, double random01, std::int64_t retry_after_seconds);

// A Retry-After header's value as seconds from `now` (unix seconds): delta-seconds or an HTTP-date; -1 when absent
// or unreadable.
std::int64_t retry_after_seconds(const std::string& value, std::int64_t now);

// The thread of `hqd serve` that delivers due calls, and every kEscalationCheckSeconds runs `periodic` (alerts'
// escalations) first. Stops (and joins) on stop() or destruction; an attempt in flight ends within its timeouts.
class OutgoingSender {
 public:
  OutgoingSender(HqStore& store, std::function<void()> periodic);
  ~OutgoingSender();
  OutgoingSender(const OutgoingSender&) = delete;
  OutgoingSender& operator=(const OutgoingSender&) = delete;
  void stop();

 private:
  void run();
  bool send_one();  // false when nothing was due
  HqStore& store_;
  std::function<void()> periodic_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace hq
