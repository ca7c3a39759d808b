#include "sync/client/sync_client.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <random>
#include <set>
#include <unordered_map>

#include "kiosk/core/store.h"
#include "sync/protocol/records.h"
#include "sync/protocol/reference_json.h"
#include "sync/protocol/json_limits.h"

namespace sync_client {
namespace {

std::string describe(const HttpResponse& r) {
  if (r.status == 0) return "network: " + r.error;
  std::string msg = "HQ answered " + std::to_string(r.status);
  try {
    const auto j = protocol::parse_limited(r.body, "HQ's error answer");
    if (j.is_object() && j.contains("error") && j.at("error").is_string()) msg += ": " + j.at("error").get<std::string>();
  } catch (const std::exception&) {
  }
  return msg;
}

}  // namespace

std::int64_t backoff_ms(const core::HqConfig& config, int attempts, int retry_after_seconds) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  const int n = std::clamp(attempts, 1, 30);
  const double plain = std::min(static_cast<double>(config.backoff_cap_seconds),
                                static_cast<double>(config.backoff_base_seconds) * std::pow(2.0, n - 1));
  const double jittered = plain * std::uniform_real_distribution<double>(0.5, 1.0)(rng);
  const auto ms = static_cast<std::int64_t>(jittered * 1000.0);
  return std::max<std::int64_t>(ms, static_cast<std::int64_t>(std::max(retry_after_seconds, 0)) * 1000);
}

SyncClient::SyncClient(const core::HqConfig& config, const std::string& db_path, const common::Clock& clock)
    : config_(config),
      db_path_(db_path),
      clock_(clock),
      store_(std::make_unique<core::Store>(db_path)),
      http_(config, clock),
      batch_size_(config.batch_size) {
  store_->keep_wal_on_close();  // the app may set the file aside under this connection: its WAL stays with it
}

std::string SyncClient::report_status() {
  protocol::DeviceStatus st = store_->device_status(KIOSK_SYNC_VERSION, clock_.now());
  st.last_error = protocol::status_error_text(last_error());
  st.orientation = protocol::from_string<protocol::Orientation>(config_.orientation);
  if (storage_status) {
    const core::StorageStatus app = storage_status();
    st.storage = app.state;
    st.storage_since = app.since;
    std::vector<protocol::StorageEvent> events = app.events;
    if (events.size() > 20) events.erase(events.begin(), events.end() - 20);
    st.events = std::move(events);
  }
  const std::string body = protocol::encode_status(st);
  status_sent_at_ = clock_.now();  // tried: not again within the minute, even when it failed (HQ's backoff holds)
  const HttpResponse res = http_.post("/v1/status", body);
  // HQ is failing (no answer, 429, 5xx, an unreadable answer): the records wait out the same backoff as after a
  // failed batch. Any other refusal (an HQ without /v1/status answers 404) holds nothing: the status is
  // best-effort and goes again with the next push; the records do not depend on it.
  const auto hold = [&] {
    status_retry_at_ms_ = clock_.now_ms() + backoff_ms(config_, 1, res.retry_after);
    outbox().hold_all((status_retry_at_ms_ + 999) / 1000);
  };
  if (res.status != 200) {
    if (res.status == 0 || res.status == 429 || res.status >= 500) hold();
    return describe(res);
  }
  try {
    hq_sequence_ = protocol::decode_status_answer(res.body);
  } catch (const protocol::DecodeError& e) {
    hold();
    return std::string("HQ's status answer is unreadable: ") + e.what();
  }
  status_sent_ = body;
  status_sent_at_ = clock_.now();
  if (!st.seq_confirmed || hq_sequence_.last_seq >= st.next_seq) {
    const int moved = store_->continue_seq(hq_sequence_.last_seq);
    std::fprintf(stderr, "sync: record numbers continue after HQ's %lld (%d renumbered)\n",
                 static_cast<long long>(hq_sequence_.last_seq), moved);
  }
  return {};
}

std::string SyncClient::keep_in_touch() {
  const std::int64_t now_ms = clock_.now_ms();
  if (clock_.now() - status_sent_at_ < kStatusIdleSeconds || now_ms < status_retry_at_ms_ || now_ms < hq_wait_until_ms_)
    return {};
  return report_status();
}

SyncClient::~SyncClient() = default;

core::OutboxCounts SyncClient::counts() { return outbox().counts(clock_.now_ms()); }
std::string SyncClient::reference_cursor() { return store_->reference_cursor(); }

PushReport SyncClient::push(bool at_once) {
  PushReport report;
  if (store_->file_replaced()) throw core::StoreError("the database file was set aside: reopening it");
  bool waiting_too = at_once;  // until a row is deferred again: then the backoff stands
  for (int round = 0; round < 100000; ++round) {
    auto rows = outbox().due(waiting_too ? INT64_MAX : clock_.now_ms(), batch_size_);
    if (rows.empty()) break;
    const int deferred = report.deferred;
    if (!send_batch(std::move(rows), report)) break;
    if (report.deferred != deferred) waiting_too = false;
  }
  if (!report.ok()) push_error_ = report.error;
  else if (report.requests > 0) push_error_.clear();
  // Then how this kiosk stands, and HQ's last number of it (a fresh database's unsent numbers move after it):
  // only after a push that went through, so a failing HQ sees no extra request inside its backoff; again when
  // the storage changed, or a minute has passed.
  // (Records waiting out a backoff mean HQ failed lately: no status from here until they are due again; the worker's
  // keep_in_touch() still reports every kStatusIdleSeconds.)
  const core::OutboxCounts waiting = outbox().counts(clock_.now_ms());
  if (report.ok() && clock_.now_ms() >= status_retry_at_ms_ && !(waiting.pending > 0 && waiting.due == 0)) {
    std::string storage_key;
    if (storage_status) {
      const core::StorageStatus app = storage_status();
      storage_key = std::string(protocol::to_string(app.state)) + "/" + std::to_string(app.events.size());
    }
    if (!store_->seq_confirmed() || clock_.now() - status_sent_at_ >= 60 || storage_key != status_storage_key_) {
      status_storage_key_ = storage_key;
      report_status();
    }
  }
  return report;
}

bool SyncClient::send_batch(std::vector<core::OutboxRow> rows, PushReport& report) {
  std::vector<protocol::RecordEnvelope> batch;
  batch.reserve(rows.size());
  for (auto& row : rows) {
    protocol::RecordEnvelope e{row.uuid, row.kind, protocol::format_timestamp_utc(row.created_at), {}, {}, row.seq};
    try {
      e.body = nlohmann::json::parse(row.payload);
    } catch (const std::exception& ex) {
      outbox().park(row.uuid, std::string("payload is not JSON: ") + ex.what());
      ++report.parked;
      continue;
    }
    batch.push_back(std::move(e));
  }
  if (batch.empty()) return true;
  ++report.requests;
  const HttpResponse res = http_.post("/v1/records", protocol::encode_batch(batch));
  const std::int64_t now = clock_.now_ms();
  auto defer_all = [&](const std::string& why, int retry_after) {
    std::vector<std::pair<std::string, std::int64_t>> next;
    std::int64_t earliest = INT64_MAX;
    for (const auto& row : rows) {
      const std::int64_t at_ms = now + backoff_ms(config_, row.attempts + 1, retry_after);
      next.emplace_back(row.uuid, (at_ms + 999) / 1000);  // rounded up: never earlier than the backoff
      earliest = std::min(earliest, next.back().second);
    }
    outbox().defer(next, why);
    // The failure is HQ's or the network's, not these rows': the rest of the queue waits as well.
    outbox().hold_all(earliest);
    if (retry_after > 0)  // HQ asked for a wait: the idle status report keeps it too (at most the longest wait)
      hq_wait_until_ms_ = now + std::min<std::int64_t>(retry_after, core::kLongestWaitSeconds) * 1000;
    report.deferred += static_cast<int>(next.size());
    report.error = why;
  };

  if (res.status == 200) {
    std::vector<protocol::RecordResult> results;
    try {
      results = protocol::decode_results(res.body);
    } catch (const protocol::DecodeError& e) {
      defer_all(std::string("HQ's answer is unreadable: ") + e.what(), res.retry_after);
      return false;
    }
    std::unordered_map<std::string, const protocol::RecordResult*> by_uuid;
    for (const auto& r : results) by_uuid[r.uuid] = &r;
    std::vector<std::string> done;
    std::vector<std::pair<std::string, std::int64_t>> unanswered;
    for (const auto& e : batch) {
      auto it = by_uuid.find(e.uuid);
      if (it == by_uuid.end()) {
        unanswered.emplace_back(e.uuid, (now + backoff_ms(config_, 1, res.retry_after) + 999) / 1000);
        continue;
      }
      switch (it->second->status) {
        case protocol::RecordStatus::accepted: ++report.sent; done.push_back(e.uuid); break;
        case protocol::RecordStatus::duplicate: ++report.duplicates; done.push_back(e.uuid); break;
        case protocol::RecordStatus::invalid:
          outbox().park(e.uuid, "HQ: " + it->second->reason);
          ++report.parked;
          break;
      }
    }
    outbox().mark_sent(done, now / 1000);
    if (!unanswered.empty()) {
      outbox().defer(unanswered, "HQ did not answer for this record");
      report.deferred += static_cast<int>(unanswered.size());
      report.error = "HQ did not answer for some records";
      return false;
    }
    return true;
  }
  if (res.status == 401 || res.status == 403) {
    std::vector<std::string> uuids;
    for (const auto& e : batch) uuids.push_back(e.uuid);
    report.auth_failed = true;
    report.error = describe(res) + " (check hq.device_id and hq.device_token)";
    outbox().note_error(uuids, report.error);
    return false;
  }
  if (res.status == 413) {
    if (batch.size() > 1) {
      batch_size_ = std::max(1, static_cast<int>(batch.size()) / 2);  // split and go again
      return true;
    }
    outbox().park(batch.front().uuid, "HQ refuses it as too large (413)");
    ++report.parked;
    return true;
  }
  // Network errors, timeouts, broken answers, 429, 5xx and anything unexpected: retry later.
  defer_all(describe(res), res.retry_after);
  return false;
}

PullReport SyncClient::pull() {
  PullReport report = pull_reference();
  pull_error_ = report.error;
  return report;
}

PullReport SyncClient::pull_reference() {
  PullReport report;
  if (store_->file_replaced()) throw core::StoreError("the database file was set aside: reopening it");
  std::string cursor;
  try {
    cursor = store_->reference_cursor();
  } catch (const std::exception& e) {
    report.error = e.what();
    return report;
  }
  const HttpResponse res = http_.get("/v1/reference?cursor=" + cursor);
  if (res.status != 200) {
    report.auth_failed = res.status == 401 || res.status == 403;
    report.error = describe(res);
    return report;
  }
  try {
    const protocol::ReferenceData d = protocol::decode_reference(res.body);
    store_->apply_reference(d);  // the data and its cursor in one transaction
    report.cursor = d.cursor;
    report.changed = d.full || !d.departments.empty() || !d.windows.empty() || !d.officials.empty() ||
                     !d.schedule.empty() || !d.sittings.empty() || !d.service_items.empty() || !d.deleted.empty();
  } catch (const std::exception& e) {
    report.error = std::string("reference data not applied: ") + e.what();
  }
  return report;
}

ReconcileReport SyncClient::reconcile() {
  ReconcileReport report;
  auto by_day = outbox().uuids_by_day();
  // The most recent days first, as many as one request may carry.
  std::vector<protocol::DayDigest> days;
  for (auto it = by_day.rbegin(); it != by_day.rend() && days.size() < protocol::kMaxReconcileDays; ++it)
    days.push_back({it->first, static_cast<std::int64_t>(it->second.size()), protocol::day_digest(it->second), {}});
  report.days_checked = static_cast<int>(days.size());
  if (days.empty()) return report;
  auto ask = [&](const std::vector<protocol::DayDigest>& req, std::vector<protocol::DayDifference>& out) {
    const HttpResponse res = http_.post("/v1/reconcile", protocol::encode_reconcile_request(req));
    if (res.status != 200) {
      report.error = describe(res);
      return false;
    }
    try {
      out = protocol::decode_reconcile_answer(res.body);
    } catch (const protocol::DecodeError& e) {
      report.error = std::string("HQ's reconcile answer is unreadable: ") + e.what();
      return false;
    }
    return true;
  };
  std::vector<protocol::DayDifference> differ;
  if (!ask(days, differ)) return report;
  report.days_differ = static_cast<int>(differ.size());
  // Second round: the differing days with their UUIDs, a few days per request.
  std::vector<protocol::DayDigest> detail;
  auto flush = [&]() {
    if (detail.empty()) return true;
    std::vector<protocol::DayDifference> answer;
    if (!ask(detail, answer)) return false;
    for (const auto& d : answer) report.resent += outbox().resend(d.missing);
    detail.clear();
    return true;
  };
  for (const auto& d : differ) {
    auto it = by_day.find(d.day);
    if (it == by_day.end()) continue;
    detail.push_back({d.day, static_cast<std::int64_t>(it->second.size()), protocol::day_digest(it->second),
                      it->second});
    if (detail.size() >= 7 && !flush()) return report;
  }
  if (!flush()) return report;
  if (report.resent > 0) report.push = push();
  // What is still missing after the repair is lost: HQ lists it as gaps in this kiosk's numbers.
  if (const std::string error = report_status(); error.empty()) report.gaps = hq_sequence_.gaps;
  return report;
}

}  // namespace sync_client
