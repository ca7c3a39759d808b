#pragma once
// THE outbox of the provincial 好差评 forwarding (schema 22, table `forwards`): one row per accepted rating, keyed by
// its UUID, written by ingest in the SAME transaction as the rating (queue_forward), so a rating is forwarded exactly
// when it is stored; beside it forward_events.h's (handling ratings, 整改 and 回访), sent the same way, a result
// only after its 差评. The Forwarder maps due rows through the configured mapping (forward_mapping.h) at sending time,
// so codes the bureau gives later free the rows held for want of them:
// - a rating that cannot be mapped (a reason or department without a code, a value breaking its format) is held,
//   with an assets/i18n key and the id concerned, and looked at again every kHeldRecheckMs;
// - due rows go in batches of the mapping's size, each record carrying our UUID, on which the platform dedupes;
// - "accepted" or "duplicate" in the answer marks a row sent (the platform's answer stored); another status fails
//   it for good (until someone puts it back); no answer, a timeout, 408/425/429/5xx, a malformed answer or a record
//   missing from the answer are tried again with outgoing_calls.h's backoff and jitter (Retry-After honoured),
//   kMaxAttempts times. A crash between the answer and its statement sends the batch again: the platform answers
//   "duplicate", so each rating arrives there once.
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>

#include "sync/common/sqlite_db.h"
#include "sync/hq/forward_config.h"
#include "sync/hq/hq_store.h"

namespace hq {

inline constexpr std::int64_t kHeldRecheckMs = 5 * 60 * 1000;  // how often a held row is mapped again

// Queues the rating `uuid` for forwarding in the caller's transaction (ingest's).
void queue_forward(sync_db::Db& db, const std::string& uuid, std::int64_t now_ms);

// Delivers the forwards outbox with one configuration.
class Forwarder {
 public:
  Forwarder(HqStore& store, ForwardConfig config);
  // One batch of each lane (ratings, handling ratings, 整改/回访 results): the due rows mapped (or held) and sent; how
  // many rows it dealt with (0: none was due).
  int send_due();

  // One kind of row sent, where it goes, the request's key and how the answer reads.
  struct Lane {
    enum class Of { ratings, handling, results } of;
    std::string url, records_key;
    const ForwardAnswerShape* answer;
  };

 private:
  int send_lane(const Lane& lane);

  HqStore& store_;
  ForwardConfig config_;
};

// The thread of `hqd serve --forward-config` that runs a Forwarder; stops (and joins) on stop() or destruction.
class ForwardSender {
 public:
  ForwardSender(HqStore& store, ForwardConfig config);
  ~ForwardSender();
  ForwardSender(const ForwardSender&) = delete;
  ForwardSender& operator=(const ForwardSender&) = delete;
  void stop();

 private:
  Forwarder forwarder_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace hq
