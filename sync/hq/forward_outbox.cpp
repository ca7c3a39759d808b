#include "sync/hq/forward_outbox.h"

#include <sodium.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <vector>

#include "sync/hq/export_lookup.h"
#include "sync/hq/forward_codes.h"
#include "sync/hq/http_post.h"
#include "sync/hq/outgoing_calls.h"

namespace hq {
namespace {

using nlohmann::json;
using sync_db::Db;
using sync_db::Stmt;

// A due row: its key and how often it was sent.
struct DueForward {
  std::string id;
  int attempts = 0;
};


const char* word(protocol::CallState s) { return protocol::to_string(s); }

// The department's name and platform code into `f` (the config's code over the reference data's).
void department_facts(const ForwardConfig& c, const Lookup& l, const std::string& department_id, ForwardFacts& f) {
  f.department_id = department_id;
  if (const auto d = l.departments.find(department_id); d != l.departments.end()) {
    f.department_name = d->second.name;
    const auto code = c.department_codes.find(d->first);
    f.department_code = code != c.department_codes.end() ? code->second : d->second.credit_code;
  } else {
    f.department_id.clear();
  }
}

// The item's name and 事项统一编码 into `f`.
void item_facts(const ForwardConfig& c, const Lookup& l, const std::string& item_id, ForwardFacts& f) {
  if (const auto i = l.items.find(item_id); i != l.items.end()) {
    f.task_name = i->second.name;
    const auto code = c.item_codes.find(i->first);
    f.task_code = code != c.item_codes.end() ? code->second : i->second.task_code;
  }
}

// What holds for every record of the hall: 行政区划, clock, codes, settings.
ForwardFacts hall_facts(const ForwardConfig& c, int utc_offset_minutes,
                        const std::map<std::string, std::string>& reason_codes) {
  ForwardFacts f;
  f.area_code = c.area_code;
  f.area_name = c.area_name;
  f.utc_offset_minutes = utc_offset_minutes;
  f.reason_codes = reason_codes;
  f.settings = c.settings;
  return f;
}

// What the rating is at HQ now, for the mapping.
ForwardFacts facts_of(const ForwardConfig& c, const Lookup& l, const std::string& body, const ForwardFacts& hall) {
  ForwardFacts f = hall;
  f.rating = protocol::decode_body<protocol::RatingBody>(body);
  department_facts(c, l, target_department(l, f.rating), f);
  if (f.rating.target_kind == protocol::TargetKind::item) item_facts(c, l, f.rating.target_id, f);
  return f;
}

bool listed(const std::vector<std::string>& words, const std::string& w) {
  for (const auto& x : words)
    if (x == w) return true;
  return false;
}

// A JSON value as text: strings as they are, numbers as digits.
std::string as_text(const json& v) { return v.is_string() ? v.get<std::string>() : v.is_number() ? v.dump() : ""; }

}  // namespace

void queue_forward(Db& db, const std::string& uuid, std::int64_t now_ms) {
  Stmt(db, "INSERT OR IGNORE INTO forwards(rating_uuid, state, next_attempt_at, created_at) VALUES(?,?,?,?)")
      .bind(1, uuid).bind(2, word(protocol::CallState::pending)).bind(3, now_ms).bind(4, now_ms).run();
}

Forwarder::Forwarder(HqStore& store, ForwardConfig config) : store_(store), config_(std::move(config)) {}

int Forwarder::send_due() {
  const auto& results = config_.mapping.results;
  const Lane ratings{Lane::Of::ratings, config_.url, config_.mapping.records_key, &config_.mapping.answer};
  const Lane handling{Lane::Of::handling, config_.url, config_.mapping.records_key, &config_.mapping.answer};
  const Lane outcomes{Lane::Of::results, config_.results_url, results ? results->records_key : config_.mapping.records_key,
                      results ? &results->answer : &config_.mapping.answer};
  return send_lane(ratings) + send_lane(handling) + send_lane(outcomes);
}

int Forwarder::send_lane(const Lane& lane) {
  const std::int64_t now_ms = store_.clock().now_ms();
  const HallClock hall = store_.hall_clock();
  const bool is_ratings = lane.of == Lane::Of::ratings, is_handling = lane.of == Lane::Of::handling;
  const char* table = is_ratings ? "forwards" : "forward_events";
  const char* key = is_ratings ? "rating_uuid" : "id";
  std::vector<DueForward> batch;
  json records = json::array();
  const int handled = store_.locked([&](Db& db) {
    // Each due row with what its record is made of.
    struct Row {
      DueForward due;
      std::string body, kind, subject, note, happened_at;
      std::string level, comment, department;  // a handling rating's; `level` is a result's 差评's forward state
    };
    std::vector<Row> due;
    {
      const std::string sql =
          is_ratings
              ? "SELECT f.rating_uuid, f.attempts, r.body FROM forwards f JOIN records r ON r.uuid=f.rating_uuid "
                "WHERE f.state IN ('pending','held') AND f.next_attempt_at <= ? ORDER BY f.next_attempt_at, "
                "f.rating_uuid LIMIT ?"
          : is_handling
              // the handling rating, the case's department and the report's item
              ? "SELECT e.id, e.attempts, r.body, e.kind, e.subject, e.note, e.happened_at, h.level, h.comment, "
                "c.department_id FROM forward_events e LEFT JOIN handling_ratings h ON h.receipt=e.subject "
                "LEFT JOIN report_cases c ON c.receipt=e.subject "
                "LEFT JOIN records r ON r.receipt=e.subject AND r.kind='report' WHERE e.kind='handling' AND "
                "e.state IN ('pending','held') AND e.next_attempt_at <= ? ORDER BY e.next_attempt_at, e.id LIMIT ?"
              // the 差评 and whether it has reached the platform
              : "SELECT e.id, e.attempts, r.body, e.kind, e.subject, e.note, e.happened_at, f.state, '', '' "
                "FROM forward_events e LEFT JOIN records r ON r.uuid=e.subject "
                "LEFT JOIN forwards f ON f.rating_uuid=e.subject WHERE e.kind IN ('answered','revisited') AND "
                "e.state IN ('pending','held') AND e.next_attempt_at <= ? ORDER BY e.next_attempt_at, e.id LIMIT ?";
      Stmt q(db, sql);
      q.bind(1, now_ms).bind(2, config_.batch_size);
      while (q.step()) {
        Row r;
        r.due = {q.text(0), static_cast<int>(q.integer(1))};
        r.body = q.text(2);
        if (!is_ratings) {
          r.kind = q.text(3);
          r.subject = q.text(4);
          r.note = q.text(5);
          r.happened_at = q.text(6);
          r.level = q.text(7);
          r.comment = q.text(8);
          r.department = q.text(9);
        }
        due.push_back(std::move(r));
      }
    }
    if (due.empty()) return 0;
    const Lookup lookup = load_master(db, hall);
    const ForwardFacts hall_wide = hall_facts(config_, hall.utc_offset_minutes(), reason_codes_in_force(db, config_.reason_codes));
    sync_db::Transaction t(db);
    Stmt hold(db, std::string("UPDATE ") + table +
                      " SET state=?, held_reason=?, held_detail=?, next_attempt_at=?, platform=? WHERE " + key + "=?");
    for (auto& r : due) {
      Mapped m;
      try {
        if (is_ratings) {
          m = map_rating(config_.mapping, facts_of(config_, lookup, r.body, hall_wide));
        } else if (is_handling) {
          const auto level = protocol::from_string<protocol::Level>(r.level);
          if (!level || r.body.empty()) throw std::runtime_error("the case or its rating is gone");
          ForwardFacts f = hall_wide;
          const auto body = protocol::decode_body<protocol::ReportBody>(r.body);
          f.rating.uuid = r.due.id;
          f.rating.created_at = r.happened_at;
          f.rating.level = *level;
          f.rating.comment = r.comment;
          // The citizen gives no reason on the receipt's page: a 差评 of the handling is 其他问题 to the platform.
          if (protocol::is_bad(*level)) f.rating.reasons = {"other"};
          f.rating.target_id = r.department;
          f.project_no = r.subject;
          department_facts(config_, lookup, r.department, f);
          if (body.item_id) item_facts(config_, lookup, *body.item_id, f);
          m = map_rating(config_.mapping, f);
        } else if (r.level != word(protocol::CallState::sent)) {
          m.held_key = "forward.held.rating_first";  // the platform must know the 差评 before its 整改 or 回访
        } else {
          ForwardFacts f = facts_of(config_, lookup, r.body, hall_wide);
          f.rating_uuid = f.rating.uuid;
          f.rating.uuid = r.due.id;
          f.rating.created_at = r.happened_at;
          f.result_kind = r.kind;
          f.note = r.note;
          m = map_result(config_.mapping, f);
        }
      } catch (const std::exception&) {  // a stored body that no longer decodes holds its row, not the whole outbox
        m.held_key = "forward.held.unreadable";
      }
      if (!m.held_key.empty()) {
        hold.bind(1, word(protocol::CallState::held)).bind(2, m.held_key).bind(3, m.held_detail)
            .bind(4, now_ms + kHeldRecheckMs).bind(5, config_.mapping.id).bind(6, r.due.id).run();
        continue;
      }
      records.push_back(m.record);
      batch.push_back(std::move(r.due));
    }
    t.commit();
    return static_cast<int>(due.size());
  });
  if (batch.empty()) return handled;

  std::vector<std::pair<std::string, std::string>> headers(config_.headers.begin(), config_.headers.end());
  const PostAnswer res =
      post_json(lane.url, headers, json{{lane.records_key, records}}.dump(), config_.timeout_seconds, store_.clock().now());
  // Each row's outcome: sent, failed or pending (again after the backoff), with the platform's word on it.
  struct Outcome {
    protocol::CallState state = protocol::CallState::pending;
    std::string answer;
  };
  std::map<std::string, Outcome> outcomes;
  std::string error = res.error;
  const bool ok_status = res.status && *res.status >= 200 && *res.status < 300;
  if (res.status && !ok_status) error = "HTTP " + std::to_string(*res.status) + " " + bounded_text(res.body, 200);
  const protocol::CallState whole =
      res.unusable_url || (res.status && !ok_status && !retryable_status(*res.status)) ? protocol::CallState::failed
                                                                                       : protocol::CallState::pending;
  if (ok_status) {
    const auto answer = json::parse(res.body, nullptr, false);
    const auto& shape = *lane.answer;
    const json* results = nullptr;
    if (answer.is_object() && answer.contains(shape.results_key) && answer[shape.results_key].is_array())
      results = &answer[shape.results_key];
    if (!results) error = "the platform's answer is not the expected JSON: " + bounded_text(res.body, 200);
    for (const auto& r : results ? *results : json::array()) {
      if (!r.is_object() || !r.contains(shape.id_key)) continue;
      const std::string id = as_text(r[shape.id_key]);
      const std::string status = r.contains(shape.status_key) ? as_text(r[shape.status_key]) : "";
      const bool mine = std::any_of(batch.begin(), batch.end(), [&](const DueForward& d) { return d.id == id; });
      if (!mine) continue;
      Outcome o;
      o.answer = bounded_text(r.dump(), 1000);
      if (listed(shape.accepted, status) || listed(shape.duplicate, status)) o.state = protocol::CallState::sent;
      else o.state = protocol::CallState::failed;
      outcomes[id] = o;
    }
    if (results && outcomes.size() < batch.size()) error = "the platform's answer did not name every record";
  }

  static thread_local std::mt19937_64 random(randombytes_random());
  const std::int64_t done_ms = store_.clock().now_ms();
  store_.locked([&](Db& db) {
    sync_db::Transaction t(db);
    Stmt up(db, std::string("UPDATE ") + table +
                    " SET state=?, attempts=?, next_attempt_at=?, last_status=?, last_error=?, "
                    "answer=coalesce(?, answer), held_reason=NULL, held_detail=NULL, platform=?, "
                    "sent_at=CASE WHEN ?='sent' THEN ? ELSE sent_at END WHERE " + key + "=?");
    // A 差评 that reached the platform frees its 整改 and 回访 waiting for it.
    Stmt wake(db, "UPDATE forward_events SET next_attempt_at=? WHERE subject=? AND state='held' AND "
                  "held_reason='forward.held.rating_first'");
    for (const auto& d : batch) {
      const auto o = outcomes.find(d.id);
      protocol::CallState state = o != outcomes.end() ? o->second.state : whole;
      const int attempts = d.attempts + 1;
      if (state == protocol::CallState::pending && attempts >= kMaxAttempts) state = protocol::CallState::failed;
      const double r = std::uniform_real_distribution<double>(0.0, 1.0)(random);
      const std::int64_t next =
          state == protocol::CallState::pending ? done_ms + retry_delay_ms(attempts, r, res.retry_after) : done_ms;
      std::optional<std::string> answer;
      if (o != outcomes.end()) answer = o->second.answer;
      const std::string why = o != outcomes.end() && state == protocol::CallState::failed
                                  ? "the platform refused it: " + o->second.answer
                                  : (o != outcomes.end() ? std::string() : error);
      std::optional<std::int64_t> status;
      if (res.status) status = *res.status;
      up.bind(1, word(state)).bind(2, attempts).bind(3, next).bind(4, status).bind(5, bounded_text(why))
          .bind(6, answer).bind(7, config_.mapping.id).bind(8, word(state)).bind(9, done_ms).bind(10, d.id).run();
      if (is_ratings && state == protocol::CallState::sent) wake.bind(1, done_ms).bind(2, d.id).run();
    }
    t.commit();
  });
  return handled;
}

ForwardSender::ForwardSender(HqStore& store, ForwardConfig config)
    : forwarder_(store, std::move(config)), thread_([this] {
        for (;;) {
          try {
            for (;;) {
              {
                std::lock_guard<std::mutex> lock(mutex_);
                if (stopping_) return;
              }
              if (forwarder_.send_due() == 0) break;
            }
          } catch (const std::exception& e) {
            std::fprintf(stderr, "hqd: forwarding ratings to the province failed: %s\n", e.what());
          }
          std::unique_lock<std::mutex> lock(mutex_);
          if (wake_.wait_for(lock, std::chrono::milliseconds(kPollMillis), [&] { return stopping_; })) return;
        }
      }) {}

ForwardSender::~ForwardSender() { stop(); }

void ForwardSender::stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace hq
