#include "sync/client/sync_worker.h"

#include <algorithm>
#include <cstdio>

namespace sync_client {

SyncWorker::SyncWorker(core::HqConfig config, std::string db_path, std::function<void()> on_change,
                       const common::Clock& clock)
    : config_(std::move(config)), db_path_(std::move(db_path)), on_change_(std::move(on_change)), clock_(clock) {}

SyncWorker::~SyncWorker() { stop(); }

void SyncWorker::start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = false;
  }
  thread_ = std::thread([this] { run(); });
}

void SyncWorker::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SyncWorker::sync_now() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    now_ = true;
  }
  wake_.notify_all();
}

std::string SyncWorker::last_error() {
  std::lock_guard<std::mutex> lock(mutex_);
  return last_error_;
}

std::int64_t SyncWorker::last_ok() {
  std::lock_guard<std::mutex> lock(mutex_);
  return last_ok_;
}

std::int64_t SyncWorker::next_reconcile_at(std::int64_t now_s) const {
  const std::int64_t offset = static_cast<std::int64_t>(config_.utc_offset_minutes) * 60;
  const std::int64_t local = now_s + offset;
  std::int64_t at = local - local % 86400 + static_cast<std::int64_t>(config_.reconcile_at_minutes) * 60;
  if (at <= local) at += 86400;
  return at - offset;
}

void SyncWorker::run() {
  std::unique_ptr<SyncClient> client;
  std::int64_t next_pull_ms = 0;
  std::int64_t next_reconcile_s = next_reconcile_at(clock_.now_ms() / 1000);
  // Refused credentials need an operator: ask again only after the backoff cap (or when told to).
  std::int64_t refused_until_ms = 0;
  for (;;) {
    bool forced = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stop_) return;
      forced = now_;
      now_ = false;
    }
    std::string error;
    bool changed = false;
    try {
      if (client && client->database_replaced()) client.reset();  // the app set the file aside
      if (!client) {
        client = std::make_unique<SyncClient>(config_, db_path_, clock_);
        client->storage_status = storage_status;
      }
      const std::int64_t t = clock_.now_ms();
      const bool refused = !forced && t < refused_until_ms;
      bool auth_failed = false;
      if (!refused && (client->counts().due > 0 || forced)) {
        const PushReport p = client->push(forced);  // 立即同步 does not wait out a backoff
        if (!p.ok()) error = p.error;
        auth_failed = p.auth_failed;
      }
      if (!refused && !auth_failed && (forced || t >= next_pull_ms)) {
        const PullReport r = client->pull();
        next_pull_ms = t + static_cast<std::int64_t>(config_.pull_interval_seconds) * 1000;
        if (!r.ok()) error = r.error;
        auth_failed = r.auth_failed;
        changed = r.changed;
      }
      // An idle kiosk (nothing to push) still tells HQ how it stands every few minutes; the status is best-effort, so
      // its failure is not this round's error.
      if (!refused && !auth_failed) client->keep_in_touch();
      if (auth_failed) refused_until_ms = t + static_cast<std::int64_t>(config_.backoff_cap_seconds) * 1000;
      else if (!refused) refused_until_ms = 0;
      if (refused) error = last_error();
      if (t / 1000 >= next_reconcile_s) {
        const ReconcileReport r = client->reconcile();
        if (!r.ok()) error = r.error.empty() ? r.push.error : r.error;
        next_reconcile_s = next_reconcile_at(t / 1000);
      }
    } catch (const core::StoreError& e) {
      error = e.what();
      client.reset();  // e.g. the database is not there yet: try again next round
      if (e.is_corrupt() && on_damage) on_damage();
    } catch (const std::exception& e) {
      error = e.what();
      client.reset();
    }
    if (changed && on_change_) on_change_();
    {
      std::unique_lock<std::mutex> lock(mutex_);
      if (error != last_error_ && !error.empty()) std::fprintf(stderr, "sync: %s\n", error.c_str());
      last_error_ = error;
      if (error.empty() && client) last_ok_ = clock_.now_ms() / 1000;
      // Sleep until asked, or the next look at the outbox; a deferred record is due no earlier than its time.
      wake_.wait_for(lock, std::chrono::seconds(std::max(1, config_.poll_interval_seconds)),
                     [this] { return stop_ || now_; });
    }
  }
}

}  // namespace sync_client
