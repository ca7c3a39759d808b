#include "sync/hq/outgoing_calls.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstring>
#include <nlohmann/json.hpp>
#include <random>

#include "sync/common/civil_time.h"
#include "sync/hq/http_post.h"
#include "sync/hq/webhook_format.h"
#include "sync/protocol/enums.h"

namespace hq {
namespace {

using sync_db::Db;
using sync_db::Stmt;

// A due row as the sender takes it, with its webhook as configured now.
struct DueCall {
  std::int64_t id = 0;
  std::string event_id, url, body;
  int attempts = 0;
  std::optional<std::int64_t> webhook_id;
  protocol::WebhookKind kind = protocol::WebhookKind::generic;
  std::string secret;
};

// What one attempt came to.
struct Outcome {
  protocol::CallState state = protocol::CallState::pending;
  std::optional<std::int64_t> status;
  std::string error;
  std::int64_t retry_after = -1;  // seconds, -1: none
};

// 企业微信 45009 and 钉钉 130101 are "too many messages": the robot took nothing, so the same event may go again.
bool robot_busy(long long code) { return code == 45009 || code == 130101; }

Outcome attempt(const DueCall& call, std::int64_t now_ms, std::int64_t now_s) {
  Outcome out;
  const std::string url = call.webhook_id ? signed_url(call.kind, call.url, call.secret, now_ms) : call.url;
  const PostAnswer res = post_json(url, {{"X-Event-Id", call.event_id}}, call.body, kReadTimeoutSeconds, now_s);
  out.error = res.error;
  out.retry_after = res.retry_after;
  if (res.unusable_url) out.state = protocol::CallState::failed;
  if (!res.status) return out;
  out.status = *res.status;
  if (*res.status >= 200 && *res.status < 300) {
    // The robots answer 200 with an errcode when they refuse a message (a wrong signature, a missing keyword).
    const auto answer = nlohmann::json::parse(res.body, nullptr, false);
    if (answer.is_object() && answer.contains("errcode") && answer["errcode"].is_number_integer() &&
        answer["errcode"].get<long long>() != 0) {
      const long long code = answer["errcode"].get<long long>();
      const std::string msg = answer.value("errmsg", nlohmann::json("")).is_string() ? answer.value("errmsg", "") : "";
      out.error = "the robot refused it: errcode " + std::to_string(code) + " " + msg.substr(0, 200);
      out.state = robot_busy(code) ? protocol::CallState::pending : protocol::CallState::failed;
      return out;
    }
    out.state = protocol::CallState::sent;
    return out;
  }
  out.error = "HTTP " + std::to_string(*res.status);
  if (!retryable_status(*res.status)) out.state = protocol::CallState::failed;
  return out;
}

}  // namespace

std::string new_event_id() {
  std::array<unsigned char, 16> raw{};
  randombytes_buf(raw.data(), raw.size());
  std::array<char, 33> hex{};
  sodium_bin2hex(hex.data(), hex.size(), raw.data(), raw.size());
  return hex.data();
}

std::int64_t queue_call(Db& db, std::int64_t now_ms, const OutgoingCall& call, std::string* event_id) {
  const std::string id = call.event_id.empty() ? new_event_id() : call.event_id;
  Stmt ins(db,
           "INSERT INTO outgoing_calls(event_id, purpose, alert_id, webhook_id, url, body, state, next_attempt_at, "
           "created_at) VALUES(?,?,?,?,?,?,?,?,?)");
  ins.bind(1, id).bind(2, call.purpose).bind(3, call.alert_id).bind(4, call.webhook_id).bind(5, call.url)
      .bind(6, call.body)
      .bind(7, protocol::to_string(call.held ? protocol::CallState::held : protocol::CallState::pending))
      .bind(8, now_ms).bind(9, now_ms).run();
  if (event_id) *event_id = id;
  return sqlite3_last_insert_rowid(db.get());
}

std::int64_t retry_delay_ms(int attempts, double random01, std::int64_t retry_after) {
  std::int64_t wait = kRetryBaseMs;
  for (int i = 1; i < attempts && wait < kRetryCapMs; ++i) wait *= 2;
  wait = std::min(wait, kRetryCapMs);
  wait -= static_cast<std::int64_t>(static_cast<double>(wait) * kJitterShare * std::clamp(random01, 0.0, 1.0));
  if (retry_after >= 0) wait = std::max(wait, std::min(retry_after, kMaxRetryAfterSeconds) * 1000);
  return wait;
}

std::int64_t retry_after_seconds(const std::string& value, std::int64_t now) {
  if (value.empty()) return -1;
  if (value.find_first_not_of("0123456789") == std::string::npos)
    return value.size() < 10 ? std::stoll(value) : kMaxRetryAfterSeconds;
  // IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT" (the one form RFC 9110 asks senders to use).
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char month[4] = {};
  int day = 0, year = 0, h = 0, m = 0, s = 0;
  if (std::sscanf(value.c_str(), "%*3s, %2d %3s %4d %2d:%2d:%2d GMT", &day, month, &year, &h, &m, &s) != 6) return -1;
  const auto it = std::find_if(kMonths.begin(), kMonths.end(), [&](const char* n) { return std::strcmp(n, month) == 0; });
  if (it == kMonths.end() || !common::is_real_day(year, static_cast<int>(it - kMonths.begin()) + 1, day) || h > 23 ||
      m > 59 || s > 60)
    return -1;
  const std::int64_t at = common::from_civil(year, static_cast<int>(it - kMonths.begin()) + 1, day, h, m, s, 0);
  return std::max<std::int64_t>(at - now, 0);
}

OutgoingSender::OutgoingSender(HqStore& store, std::function<void()> periodic)
    : store_(store), periodic_(std::move(periodic)), thread_([this] { run(); }) {}

OutgoingSender::~OutgoingSender() { stop(); }

void OutgoingSender::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void OutgoingSender::run() {
  double next_periodic = 0;
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopping_) return;
    }
    const double elapsed = store_.clock().elapsed();
    if (elapsed >= next_periodic) {
      next_periodic = elapsed + kEscalationCheckSeconds;
      try {
        if (periodic_) periodic_();
      } catch (const std::exception& e) {
        std::fprintf(stderr, "hqd: the alerts' escalation check failed: %s\n", e.what());
      }
    }
    try {
      for (;;) {
        {
          std::lock_guard<std::mutex> lock(mutex_);
          if (stopping_) return;
        }
        if (!send_one()) break;
      }
    } catch (const std::exception& e) {
      std::fprintf(stderr, "hqd: sending an outgoing call failed: %s\n", e.what());
    }
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait_for(lock, std::chrono::milliseconds(kPollMillis), [&] { return stopping_; });
  }
}

bool OutgoingSender::send_one() {
  const std::int64_t now_ms = store_.clock().now_ms();
  std::optional<DueCall> due = store_.locked([&](Db& db) -> std::optional<DueCall> {
    Stmt q(db,
           "SELECT id, event_id, url, body, attempts, webhook_id FROM outgoing_calls WHERE state='pending' AND "
           "next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 1");
    q.bind(1, now_ms);
    if (!q.step()) return std::nullopt;
    DueCall c;
    c.id = q.integer(0);
    c.event_id = q.text(1);
    c.url = q.text(2);
    c.body = q.text(3);
    c.attempts = static_cast<int>(q.integer(4));
    c.webhook_id = q.opt_integer(5);
    if (!c.webhook_id) return c;
    Stmt w(db, "SELECT kind, url, secret, enabled FROM alert_webhooks WHERE id=?");
    w.bind(1, *c.webhook_id);
    const char* why = nullptr;
    protocol::CallState state = protocol::CallState::failed;
    if (!w.step()) {
      why = "its webhook was deleted";
    } else if (w.integer(3) == 0) {
      why = "its webhook is switched off";
      state = protocol::CallState::held;
    } else {
      c.kind = protocol::from_string<protocol::WebhookKind>(w.text(0)).value_or(protocol::WebhookKind::generic);
      c.url = w.text(1);
      c.secret = w.text(2);
      return c;
    }
    Stmt(db, "UPDATE outgoing_calls SET state=?, last_error=? WHERE id=?")
        .bind(1, protocol::to_string(state)).bind(2, why).bind(3, c.id).run();
    return DueCall{};  // id 0: handled, look for the next
  });
  if (!due) return false;
  if (due->id == 0) return true;
  const Outcome out = attempt(*due, now_ms, store_.clock().now());
  const int attempts = due->attempts + 1;
  protocol::CallState state = out.state;
  if (state == protocol::CallState::pending && attempts >= kMaxAttempts) state = protocol::CallState::failed;
  static thread_local std::mt19937_64 random(randombytes_random());
  const double r = std::uniform_real_distribution<double>(0.0, 1.0)(random);
  const std::int64_t done_ms = store_.clock().now_ms();
  const std::int64_t next = state == protocol::CallState::pending ? done_ms + retry_delay_ms(attempts, r, out.retry_after)
                                                                   : done_ms;
  store_.locked([&](Db& db) {
    Stmt(db,
         "UPDATE outgoing_calls SET state=?, attempts=?, next_attempt_at=?, last_status=?, last_error=?, "
         "sent_at=CASE WHEN ?='sent' THEN ? ELSE sent_at END WHERE id=?")
        .bind(1, protocol::to_string(state)).bind(2, attempts).bind(3, next).bind(4, out.status)
        .bind(5, bounded_text(out.error)).bind(6, protocol::to_string(state)).bind(7, done_ms).bind(8, due->id).run();
  });
  return true;
}

}  // namespace hq
