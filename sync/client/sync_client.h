#pragma once
// One round of sync with HQ, used by the background worker and by the kiosk-sync command: push the
// outbox in batches, pull reference data by cursor, reconcile per-day digests.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "sync/client/http.h"
#include "kiosk/core/config.h"

#include "kiosk/core/store.h"
#include "sync/protocol/device_status.h"

namespace sync_client {

// What a push did.
struct PushReport {
  int sent = 0;        // accepted by HQ
  int duplicates = 0;  // HQ had them already (same ack)
  int parked = 0;      // HQ (or the kiosk) found them invalid: kept for an operator, not retried
  int deferred = 0;    // failed this time, retried after a backoff
  int requests = 0;
  bool auth_failed = false;  // 401/403: credentials need an operator
  std::string error;         // the last failure, if any
  bool ok() const { return error.empty(); }
};

// What a pull did.
struct PullReport {
  bool changed = false;  // data arrived: screens should reload
  std::string cursor;
  bool auth_failed = false;
  std::string error;
  bool ok() const { return error.empty(); }
};

// What a reconciliation found and repaired.
struct ReconcileReport {
  int days_checked = 0;
  int days_differ = 0;
  int resent = 0;  // rows HQ lacked, queued again (then pushed)
  PushReport push;
  std::vector<protocol::SeqGap> gaps;  // this kiosk's record numbers HQ still lacks afterwards (lost records)
  std::string error;
  bool ok() const { return error.empty() && push.ok(); }
};

// An idle kiosk tells HQ how it stands at least this often (HQ calls a kiosk silent after 30 minutes without a word).
inline constexpr std::int64_t kStatusIdleSeconds = 240;

// The named backoff: attempt n waits min(cap, base·2^(n−1)) scaled by a random 0.5–1.0 (jitter), and
// never less than HQ's Retry-After.
std::int64_t backoff_ms(const core::HqConfig& config, int attempts, int retry_after_seconds);

class SyncClient {
 public:
  // Opens its own connection to the kiosk database through core::Store, creating it if needed (throws). Backoff
  // and due times are read from `clock`, which must outlive the client.
  SyncClient(const core::HqConfig& config, const std::string& db_path,
             const common::Clock& clock = common::system_clock());
  ~SyncClient();
  SyncClient(const SyncClient&) = delete;
  SyncClient& operator=(const SyncClient&) = delete;

  // Sends every due outbox row, batch by batch, until none is due or a request fails. `at_once` (立即同步): rows
  // waiting out a backoff or a Retry-After are sent now too, for as long as HQ takes them without a failure.
  PushReport push(bool at_once = false);
  PullReport pull();
  ReconcileReport reconcile();
  // Tells HQ how this kiosk stands (POST /v1/status: storage, sequence, outbox, last error, disk, screen) and learns
  // HQ's last record number of it: a fresh database continues after it before anything is sent. Empty when it went
  // through, else the error.
  std::string report_status();
  // report_status() when kStatusIdleSeconds have passed since the last one was tried, unless HQ asked for a wait
  // (Retry-After) or its last status failed within the backoff: the worker calls it every round, so an idle kiosk, or
  // one whose records wait out a backoff, is still heard. Empty when nothing was due or it went through.
  std::string keep_in_touch();
  // The last failure of a push or a pull, until that kind of request goes through again ("" : none).
  std::string last_error() const { return push_error_.empty() ? pull_error_ : push_error_; }
  // What HQ said last: its last number of this kiosk and the gaps below it.
  const protocol::StatusAnswer& hq_sequence() const { return hq_sequence_; }
  // Where the storage state comes from: the app's store (which looks after the file) rather than this
  // connection's (used when unset, e.g. by kiosk-sync).
  std::function<core::StorageStatus()> storage_status;
  // The file was set aside since this client opened it: its connection must go (the worker makes a new one).
  bool database_replaced() const { return store_->file_replaced(); }
  core::OutboxCounts counts();
  // kiosk-sync unpark: parked and held-back rows are due now (Outbox::unpark).
  int unpark() { return outbox().unpark(clock_.now()); }
  std::optional<std::int64_t> next_attempt_at() { return outbox().next_attempt_at(); }
  std::string reference_cursor();

 private:
  // Sends one batch; false when the round should stop (failure, or nothing more to do).
  bool send_batch(std::vector<core::OutboxRow> rows, PushReport& report);
  PullReport pull_reference();
  core::Outbox& outbox() { return store_->outbox(); }
  core::HqConfig config_;
  std::string db_path_;
  const common::Clock& clock_;
  std::unique_ptr<core::Store> store_;  // this thread's connection: creates or migrates the schema, applies
                                        // reference data, and holds the outbox
  Http http_;
  int batch_size_;
  protocol::StatusAnswer hq_sequence_;
  std::int64_t status_sent_at_ = 0;  // unix seconds
  std::int64_t status_retry_at_ms_ = 0;  // after a failed status: not again before (the backoff)
  std::string status_sent_;          // what was sent then
  std::string status_storage_key_;   // the app's storage state and event count when it was sent
  std::int64_t hq_wait_until_ms_ = 0;  // HQ's Retry-After on records: no idle status before it either
  std::string push_error_, pull_error_;  // last_error()'s parts
};

}  // namespace sync_client
