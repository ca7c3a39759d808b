#pragma once
// The kiosk's background sync thread: pushes soon after each new record, pulls reference data
// regularly, tells HQ how the kiosk stands at least every kStatusIdleSeconds, reconciles nightly, and tells the UI
// (through a callback) when its data changed.
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "sync/client/sync_client.h"

namespace sync_client {

class SyncWorker {
 public:
  // on_change runs on the sync thread; the app posts it on to the UI thread (kiosk/app/ui_queue.h).
  // Time (pull intervals, the nightly reconciliation, backoff) comes from `clock`, which must outlive it.
  SyncWorker(core::HqConfig config, std::string db_path, std::function<void()> on_change,
             const common::Clock& clock = common::system_clock());
  ~SyncWorker();  // stops the thread
  SyncWorker(const SyncWorker&) = delete;
  SyncWorker& operator=(const SyncWorker&) = delete;

  // Where the storage state HQ is told comes from (the app's store); call before start().
  std::function<core::StorageStatus()> storage_status;
  // Runs on the sync thread when its connection met a damaged database (the app checks the file).
  std::function<void()> on_damage;

  void start();
  void stop();
  // Push and pull now (e.g. right after a new record, or an operator's button).
  void sync_now();
  // The last error, empty when the last round went well (for a status line).
  std::string last_error();
  // When a round last went through without error (unix seconds, 0 = not yet).
  std::int64_t last_ok();

 private:
  void run();
  // Seconds until the next nightly reconciliation at config_.reconcile_at_minutes, local time.
  std::int64_t next_reconcile_at(std::int64_t now_s) const;
  core::HqConfig config_;
  std::string db_path_;
  std::function<void()> on_change_;
  const common::Clock& clock_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool now_ = false;
  std::string last_error_;
  std::int64_t last_ok_ = 0;
};

}  // namespace sync_client
