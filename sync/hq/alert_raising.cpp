#include "sync/hq/alert_raising.h"

#include <map>
#include <nlohmann/json.hpp>
#include <vector>

#include "sync/common/civil_time.h"
#include "sync/common/installed_assets.h"
#include "sync/hq/case_calendar.h"
#include "sync/hq/export_lookup.h"
#include "sync/hq/fleet_health.h"
#include "sync/hq/outgoing_calls.h"
#include "sync/hq/reference_lookup.h"
#include "sync/hq/webhook_format.h"
#include "sync/protocol/record_bodies.h"
#include "sync/hq/hq_words.h"
#include "sync/protocol/string_table.h"

namespace hq {
namespace {

using nlohmann::json;
using protocol::AlertKind;
using sync_db::Db;
using sync_db::Stmt;

// Overdue cases are told the bureau within this many days after their deadline (an hqd that was stopped catches up),
// never for the years of cases a database may hold when alerts first arrive.
constexpr int kOverdueLookbackDays = 7;

// The words of alerts, in Chinese (the bureau's groups read Chinese).
const protocol::StringTable& words() { return hq::words(Language::zh); }

struct Webhook {
  std::int64_t id = 0;
  std::string department_id;
  protocol::WebhookKind kind = protocol::WebhookKind::generic;
  std::string url;
  bool enabled = true;
};

// One alert before it is stored.
struct Alert {
  AlertKind kind = AlertKind::bad_rating;
  std::string key, subject_kind, subject, department_id;
  bool to_department = true, to_bureau = true;
  json summary;
};

std::string line(const char* key, const std::string& value) {
  return "**" + words().get(key) + "**：" + value + "\n";
}

}  // namespace

struct AlertRaiser::Prepared {
  explicit Prepared(Db& db)
      : insert(db,
               "INSERT OR IGNORE INTO alerts(event_key, kind, subject_kind, subject, department_id, to_department, "
               "to_bureau, summary, created_at) VALUES(?,?,?,?,?,?,?,?,?)"),
        rating_case(db, "SELECT department_id, deadline FROM rating_cases WHERE rating_uuid=?"),
        // Sittings first (CROSS JOIN keeps that order): without it SQLite chose to scan every record for each 差评.
        open_sittings(db,
                      "SELECT s.official_id, s.window_id FROM sittings s CROSS JOIN records r ON r.uuid=s.uuid WHERE "
                      "s.checkout_at IS NULL AND r.hall_date=? ORDER BY s.checkin_at DESC, s.uuid") {
    for (const auto& d : stored_departments(db)) departments[d.id] = d.name;
    for (const auto& w : stored_windows(db)) windows[w.id] = w;
    for (const auto& o : stored_officials(db)) officials[o.id] = o;
    for (const auto& i : stored_service_items(db)) items[i.id] = i.name;
    // The shipped list is read once per process, not once per batch of records.
    static const auto shipped = shipped_reason_wordings(common::installed_assets("hall-hqd", HQD_ASSETS_DIR));
    reasons = reason_wordings(db, shipped);
    Stmt w(db, "SELECT id, department_id, kind, url, enabled FROM alert_webhooks ORDER BY id");
    while (w.step())
      webhooks.push_back({w.integer(0), w.text(1),
                          protocol::from_string<protocol::WebhookKind>(w.text(2)).value_or(protocol::WebhookKind::generic),
                          w.text(3), w.integer(4) != 0});
  }
  std::string department(const std::string& id) const {
    const auto it = departments.find(id);
    return it == departments.end() ? id : it->second;
  }
  std::string official(const std::string& id) const {
    const auto it = officials.find(id);
    return it == officials.end() ? id : it->second.name;
  }
  std::string window(const std::string& id) const {
    const auto it = windows.find(id);
    return it == windows.end() ? id : it->second.number + " " + it->second.name;
  }
  std::string window_department(const std::string& id) const {
    const auto it = windows.find(id);
    return it == windows.end() ? "" : it->second.department_id;
  }
  // The 主要负责人 of a department (names joined), "" when it has none.
  std::string leader(const std::string& department_id) const {
    std::string out;
    for (const auto& [id, o] : officials)
      if (o.department_id == department_id && o.rank == protocol::Rank::head) out += (out.empty() ? "" : "、") + o.name;
    return out;
  }
  Stmt insert, rating_case, open_sittings;
  std::map<std::string, std::string> departments, items, reasons;
  std::map<std::string, protocol::Window> windows;
  std::map<std::string, protocol::Official> officials;
  std::vector<Webhook> webhooks;
};

AlertRaiser::AlertRaiser(Db& db, const HallClock& hall) : db_(db), hall_(hall) {}
AlertRaiser::~AlertRaiser() = default;

AlertRaiser::Prepared& AlertRaiser::prepared() {
  if (!p_) p_ = std::make_unique<Prepared>(db_);
  return *p_;
}

namespace {

// The official sitting right now (checked in today, not checked out) where the alert is about: the rated official, the
// rated window, else a window of the department. Null when nobody sits there.
template <typename P>
json sitting_now(P& p, Db&, const std::string& today, protocol::TargetKind kind, const std::string& target,
                 const std::string& department_id) {
  p.open_sittings.bind(1, today);
  json found;
  json fallback;
  while (p.open_sittings.step()) {
    const std::string official = p.open_sittings.text(0), window = p.open_sittings.text(1);
    const json here = {{"official_id", official}, {"official", p.official(official)}, {"window_id", window},
                       {"window", p.window(window)}};
    if ((kind == protocol::TargetKind::official && official == target) ||
        (kind == protocol::TargetKind::window && window == target)) {
      found = here;
      break;
    }
    if (fallback.is_null() && !department_id.empty() && p.window_department(window) == department_id) fallback = here;
  }
  p.open_sittings.reset();
  return found.is_null() ? fallback : found;
}

bool about_kiosk(AlertKind k) {
  return k == AlertKind::kiosk_silent || k == AlertKind::kiosk_parked || k == AlertKind::kiosk_backlog;
}

std::string say_zh(const char* key, std::vector<std::pair<std::string, std::string>> vars) {
  return say(phrase(key, std::move(vars)), Language::zh);
}

// The markdown of a kiosk's alert: which kiosk, and what HQ last heard of it.
std::string kiosk_text(const Alert& a) {
  const json& s = a.summary;
  std::string text = "### " + words().of(a.kind) + "\n";
  text += line("alert.field.kiosk", s.value("kiosk_name", ""));
  if (a.kind == AlertKind::kiosk_silent)
    text += line("alert.field.last_heard", s.value("never", false)
                                               ? say_zh("alert.never_heard", {{"time", s.value("since_local", "")}})
                                               : s.value("since_local", ""));
  if (s.contains("minutes")) text += line("alert.field.silent_for", say_zh("alert.minutes", {{"minutes", std::to_string(s.value("minutes", 0))}}));
  if (s.contains("parked")) text += line("alert.field.parked", say_zh("alert.records", {{"n", std::to_string(s.value("parked", 0))}}));
  if (s.contains("pending")) text += line("alert.field.pending", say_zh("alert.records", {{"n", std::to_string(s.value("pending", 0))}}));
  if (s.contains("oldest_minutes"))
    text += line("alert.field.oldest", say_zh("alert.minutes", {{"minutes", std::to_string(s.value("oldest_minutes", 0))}}));
  if (!s.value("last_error", "").empty()) text += line("alert.field.last_error", s.value("last_error", ""));
  text += line("alert.field.at", s.value("at_local", ""));
  return text;
}

// The markdown of an alert (Chinese), from its summary.
std::string message_text(const Alert& a) {
  if (about_kiosk(a.kind)) return kiosk_text(a);
  const json& s = a.summary;
  const auto& w = words();
  std::string text = "### " + w.of(a.kind) + "\n";
  text += line("alert.field.department", s.value("department", ""));
  const std::string subject_kind = s.value("subject_kind", "");
  if (subject_kind == "rating") {
    text += line("alert.field.target", w.get("target." + s.value("target_kind", "official")) + " " + s.value("target", ""));
    if (s.contains("level")) text += line("alert.field.level", w.get("level." + s.value("level", "")));
    if (s.contains("reasons")) {
      std::string r;
      for (const auto& x : s["reasons"]) r += (r.empty() ? "" : "、") + x.get<std::string>();
      text += line("alert.field.reasons", r);
    }
  } else {
    text += line("alert.field.receipt", s.value("receipt", ""));
    if (s.contains("report_kind")) text += line("alert.field.report_kind", w.get("kind." + s.value("report_kind", "")));
    if (!s.value("item", "").empty()) text += line("alert.field.item", s.value("item", ""));
  }
  if (s.contains("state")) text += line("alert.field.state", w.get(s.value("state", "")));
  if (!s.value("deadline", "").empty()) text += line("alert.field.deadline", s.value("deadline", ""));
  if (a.kind == AlertKind::due_soon && !s.value("leader", "").empty()) text += line("alert.field.leader", s.value("leader", ""));
  if (a.kind == AlertKind::bad_rating || a.kind == AlertKind::report) {
    const json& sit = s["sitting"];
    text += line("alert.field.sitting", sit.is_object() ? sit.value("official", "") + " · " + sit.value("window", "")
                                            : w.get("alert.field.nobody_sitting"));
  }
  text += line("alert.field.at", s.value("at_local", ""));
  return text;
}

}  // namespace

namespace {

// Stores `a` unless its event was alerted already, and queues one call per webhook that is to hear of it.
bool store_alert(Db& db, AlertRaiser::Prepared& p, const HallClock& hall, Alert a) {
  a.summary["department"] = p.department(a.department_id);
  a.summary["subject_kind"] = a.subject_kind;
  a.summary["at_local"] = hall.minute(hall.now());
  const std::string text = message_text(a);
  a.summary["text"] = text;
  p.insert.bind(1, a.key).bind(2, protocol::to_string(a.kind)).bind(3, a.subject_kind).bind(4, a.subject)
      .bind(5, a.department_id).bind(6, a.to_department ? 1 : 0).bind(7, a.to_bureau ? 1 : 0)
      .bind(8, a.summary.dump()).bind(9, hall.now()).run();
  if (db.changes() == 0) return false;
  const std::int64_t alert_id = sqlite3_last_insert_rowid(db.get());
  const std::string title = words().of(a.kind);
  for (const auto& w : p.webhooks) {
    const bool hears = w.department_id.empty() ? a.to_bureau : a.to_department && w.department_id == a.department_id;
    if (!hears) continue;
    OutgoingCall call;
    call.event_id = new_event_id();
    call.purpose = "alert";
    call.alert_id = alert_id;
    call.webhook_id = w.id;
    call.url = w.url;
    call.held = !w.enabled;
    json generic = a.summary;
    generic.erase("text");
    generic["kind"] = protocol::to_string(a.kind);
    generic["alert_id"] = alert_id;
    call.body = webhook_body(w.kind, title, text, call.event_id, generic);
    queue_call(db, hall.now() * 1000, call);
  }
  return true;
}

}  // namespace

void AlertRaiser::raised(const std::string& kind, const std::string& uuid, const std::string& body) {
  const auto k = protocol::from_string<protocol::RecordKind>(kind);
  if (k == protocol::RecordKind::rating) {
    const auto r = protocol::decode_body<protocol::RatingBody>(body);
    if (!protocol::is_bad(r.level)) return;
    Prepared& p = prepared();
    p.rating_case.bind(1, uuid);
    Alert a;
    if (p.rating_case.step()) {
      a.department_id = p.rating_case.text(0);
      a.summary["deadline"] = p.rating_case.opt_text(1).value_or("");
    }
    p.rating_case.reset();
    a.kind = AlertKind::bad_rating;
    a.key = "rating:" + uuid;
    a.subject_kind = "rating";
    a.subject = uuid;
    std::string target = r.target_name;
    if (r.target_kind == protocol::TargetKind::official && p.officials.count(r.target_id)) target = p.official(r.target_id);
    if (r.target_kind == protocol::TargetKind::window && p.windows.count(r.target_id)) target = p.window(r.target_id);
    if (r.target_kind == protocol::TargetKind::item && p.items.count(r.target_id)) target = p.items[r.target_id];
    a.summary["target_kind"] = protocol::to_string(r.target_kind);
    a.summary["target"] = target;
    a.summary["level"] = protocol::to_string(r.level);
    json reasons = json::array();
    for (const auto& id : r.reasons) reasons.push_back(p.reasons.count(id) ? p.reasons[id] : id);
    a.summary["reasons"] = reasons;
    a.summary["sitting"] = sitting_now(p, db_, hall_.today(), r.target_kind, r.target_id, a.department_id);
    store_alert(db_, p, hall_, std::move(a));
  } else if (k == protocol::RecordKind::report) {
    const auto r = protocol::decode_body<protocol::ReportBody>(body);
    Prepared& p = prepared();
    Alert a;
    a.kind = AlertKind::report;
    a.key = "report:" + r.receipt;
    a.subject_kind = "report";
    a.subject = r.receipt;
    a.department_id = r.department_id;
    a.summary["receipt"] = r.receipt;
    a.summary["report_kind"] = protocol::to_string(r.report_kind);
    // Only a listed matter's name: "其他事项" are typed by the citizen.
    a.summary["item"] = r.item_id && p.items.count(*r.item_id) ? p.items[*r.item_id] : "";
    a.summary["deadline"] = r.due_date;
    a.summary["sitting"] = sitting_now(p, db_, hall_.today(), protocol::TargetKind::item, "", r.department_id);
    store_alert(db_, p, hall_, std::move(a));
  }
}

int AlertRaiser::escalate() {
  const std::string today = hall_.today();
  const protocol::WorkCalendar cal = case_calendar(db_);
  const std::string next_working = cal.add_working_days(today, 1);
  const std::string oldest = common::add_days(today, -kOverdueLookbackDays);
  struct Open {
    std::string subject_kind, subject, department_id, state, deadline, target;
  };
  std::vector<Open> open;
  {
    Stmt q(db_,
           "SELECT 'rating', c.rating_uuid, c.department_id, c.state, c.deadline FROM rating_cases c WHERE c.deadline "
           "IS NOT NULL AND c.deadline >= ?1 AND c.deadline <= ?2 UNION ALL SELECT 'report', c.receipt, "
           "c.department_id, c.state, c.open_deadline FROM report_cases c WHERE c.open_deadline IS NOT NULL AND "
           "c.open_deadline >= ?1 AND c.open_deadline <= ?2");
    q.bind(1, oldest).bind(2, next_working);
    while (q.step()) open.push_back({q.text(0), q.text(1), q.text(2), q.text(3), q.text(4), ""});
  }
  if (open.empty()) return 0;
  Prepared& p = prepared();
  int raised = 0;
  for (const auto& c : open) {
    Alert a;
    const bool overdue = c.deadline < today;
    a.kind = overdue ? AlertKind::overdue : AlertKind::due_soon;
    a.key = std::string(protocol::to_string(a.kind)) + ":" + c.subject_kind + ":" + c.subject + ":" + c.state + ":" +
            c.deadline;
    a.subject_kind = c.subject_kind;
    a.subject = c.subject;
    a.department_id = c.department_id;
    a.to_department = !overdue;
    a.to_bureau = overdue;
    a.summary["deadline"] = c.deadline;
    a.summary["state"] = (c.subject_kind == "rating" ? "case.state." : "query.status.") + c.state;
    a.summary["leader"] = p.leader(c.department_id);
    if (c.subject_kind == "report") {
      a.summary["receipt"] = c.subject;
    } else {
      // The 差评's target as the alert of its arrival named it.
      Stmt t(db_, "SELECT summary FROM alerts WHERE event_key=?");
      t.bind(1, "rating:" + c.subject);
      const json first = t.step() ? json::parse(t.text(0), nullptr, false) : json();
      a.summary["target_kind"] = first.is_object() ? first.value("target_kind", "official") : "official";
      a.summary["target"] = first.is_object() ? first.value("target", "") : "";
    }
    raised += store_alert(db_, p, hall_, std::move(a)) ? 1 : 0;
  }
  return raised;
}

int AlertRaiser::watch_fleet() {
  const std::int64_t now = hall_.now();
  int raised = 0;
  for (const auto& k : kiosk_reports(db_)) {
    const KioskHealth h = health_of(k, now);
    if (!h.troubled()) continue;
    const auto raise = [&](AlertKind kind, std::int64_t since) {
      Alert a;
      a.kind = kind;
      // An episode told already is not stored again (store_alert: one alert per event key).
      a.key = std::string(protocol::to_string(kind)) + ":" + k.device_id + ":" + std::to_string(since);
      a.subject_kind = "kiosk";
      a.subject = k.device_id;
      a.to_department = false;  // kiosks belong to the bureau
      a.to_bureau = true;
      a.summary["kiosk"] = k.device_id;
      a.summary["kiosk_number"] = k.kiosk_number;
      a.summary["kiosk_name"] =
          say_zh("alert.kiosk_name", {{"device", k.device_id}, {"number", std::to_string(k.kiosk_number)}});
      a.summary["since_local"] = hall_.minute(since);
      if (!k.last_error.empty()) a.summary["last_error"] = k.last_error;
      if (kind == AlertKind::kiosk_silent) {
        a.summary["never"] = k.reported_at == 0;
        a.summary["minutes"] = (now - since) / 60;
      } else if (kind == AlertKind::kiosk_parked) {
        a.summary["parked"] = k.parked.value_or(0);
      } else {
        a.summary["pending"] = k.pending.value_or(0);
        a.summary["oldest_minutes"] = (now - k.oldest_pending_at.value_or(now)) / 60;
      }
      raised += store_alert(db_, prepared(), hall_, std::move(a)) ? 1 : 0;
    };
    if (h.silent_since) raise(AlertKind::kiosk_silent, *h.silent_since);
    if (h.parked_since) raise(AlertKind::kiosk_parked, *h.parked_since);
    if (h.backlog_since) raise(AlertKind::kiosk_backlog, *h.backlog_since);
  }
  return raised;
}

std::int64_t AlertRaiser::test_message(std::int64_t webhook_id) {
  Prepared& p = prepared();
  for (const auto& w : p.webhooks) {
    if (w.id != webhook_id) continue;
    OutgoingCall call;
    call.event_id = new_event_id();
    call.purpose = "test";
    call.webhook_id = w.id;
    call.url = w.url;
    call.held = !w.enabled;
    const std::string title = words().get("alert.test.title");
    const std::string text = "### " + title + "\n" + words().get("alert.test.text") + "\n" +
                             line("alert.field.department", w.department_id.empty() ? words().get("alert.bureau")
                                                                        : p.department(w.department_id));
    call.body = webhook_body(w.kind, title, text, call.event_id, json{{"kind", "test"}});
    return queue_call(db_, hall_.now() * 1000, call);
  }
  return 0;
}

int raise_escalations(HqStore& store) {
  return store.locked([&](Db& db) {
    sync_db::Transaction t(db);
    const int n = AlertRaiser(db, store.hall_clock()).escalate();
    t.commit();
    return n;
  });
}

int raise_fleet_alerts(HqStore& store) {
  return store.locked([&](Db& db) {
    sync_db::Transaction t(db);
    const int n = AlertRaiser(db, store.hall_clock()).watch_fleet();
    t.commit();
    return n;
  });
}

}  // namespace hq
