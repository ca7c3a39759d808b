#include "sync/hq/alerts_http.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "sync/common/civil_time.h"
#include "sync/hq/alert_raising.h"
#include "sync/hq/audit.h"
#include "sync/hq/console_api.h"
#include "sync/hq/department_scope.h"
#include "sync/hq/outgoing_calls.h"
#include "sync/hq/reference_lookup.h"
#include "sync/hq/webhook_format.h"
#include "sync/protocol/json_limits.h"

namespace hq {
namespace {

using nlohmann::json;
using Req = httplib::Request;
using Res = httplib::Response;
using sync_db::Db;
using sync_db::Stmt;

constexpr int kAlertPage = 100;

// The id in the path as a number (NotFound otherwise).
std::int64_t path_number(const Req& req) {
  const std::string v = req.matches.size() > 1 ? std::string(req.matches[1]) : std::string();
  if (v.empty() || v.size() > 15 || v.find_first_not_of("0123456789") != std::string::npos) throw NotFound("no such id");
  return std::stoll(v);
}

std::int64_t number_param(const Req& req, const char* name) {
  const std::string v = req.get_param_value(name);
  if (v.empty()) return 0;
  if (v.size() > 15 || v.find_first_not_of("0123456789") != std::string::npos)
    throw AdminError(std::string(name) + " must be a whole number");
  return std::stoll(v);
}

// SQL condition and department of the alerts `who` sees: all for admin and viewer, a liaison their department's.
struct AlertScope {
  std::string department;  // "" : every alert
  const char* where() const { return department.empty() ? "1" : "department_id=?1 AND to_department=1"; }
};

AlertScope alert_scope(HqStore& store, const Principal& who) { return {read_scope(store, who, "")}; }

std::int64_t last_seen(Db& db, const std::string& login) {
  Stmt s(db, "SELECT last_id FROM alert_seen WHERE login=?");
  s.bind(1, login);
  return s.step() ? s.integer(0) : 0;
}

json badge(Db& db, const Principal& who, const AlertScope& scope) {
  const std::int64_t seen = last_seen(db, who.login);
  Stmt n(db, std::string("SELECT count(*), coalesce(max(id), 0) FROM alerts WHERE ") + scope.where() + " AND id > ?2");
  if (!scope.department.empty()) n.bind(1, scope.department);
  n.bind(2, seen);
  n.step();
  Stmt last(db, std::string("SELECT coalesce(max(id), 0) FROM alerts WHERE ") + scope.where());
  if (!scope.department.empty()) last.bind(1, scope.department);
  last.step();
  return {{"unseen", n.integer(0)}, {"last_id", last.integer(0)}, {"seen_id", seen}};
}

json webhook_json(Db& db, Stmt& w) {
  const std::int64_t id = w.integer(0);
  json out = {{"id", id},           {"department_id", w.text(1)}, {"kind", w.text(2)},
              {"url", w.text(3)},   {"has_secret", !w.text(4).empty()}, {"enabled", w.integer(5) != 0},
              {"created_at", common::format_timestamp_utc(w.integer(6))}, {"created_by", w.text(7)}};
  Stmt c(db, "SELECT state, count(*) FROM outgoing_calls WHERE webhook_id=? GROUP BY state");
  c.bind(1, id);
  json counts = json::object();
  while (c.step()) counts[c.text(0)] = c.integer(1);
  out["calls"] = counts;
  return out;
}

// A webhook row the principal may change (NotFound / Forbidden otherwise); its department id.
std::string webhook_department(HqStore& store, const Principal& who, std::int64_t id) {
  const auto dept = store.locked([&](Db& db) -> std::optional<std::string> {
    Stmt s(db, "SELECT department_id FROM alert_webhooks WHERE id=?");
    s.bind(1, id);
    return s.step() ? std::optional<std::string>(s.text(0)) : std::nullopt;
  });
  if (!dept) throw NotFound(phrase("hq.webhook.none"));
  if (dept->empty()) require_bureau(who);
  else require_change(store, who, *dept);
  return *dept;
}

std::string string_field(const json& body, const char* name, bool required) {
  const auto it = body.find(name);
  if (it == body.end() || it->is_null()) {
    if (required) throw AdminError(std::string("the body needs the string \"") + name + "\"");
    return {};
  }
  if (!it->is_string()) throw AdminError(std::string("\"") + name + "\" must be a string");
  return it->get<std::string>();
}

protocol::WebhookKind kind_field(const json& body) {
  const auto k = protocol::from_string<protocol::WebhookKind>(string_field(body, "kind", true));
  if (!k) throw AdminError(phrase("hq.webhook.kind"));
  return *k;
}

void check_url_and_secret(const std::string& url, const std::string& secret) {
  if (auto p = webhook_url_problem(url)) throw AdminError(*p);
  if (auto p = webhook_secret_problem(secret)) throw AdminError(*p);
}

// What the audit log says of a webhook: its kind and where it goes, never its secret (nor the URL's query: a 企业微信
// robot's key is there).
std::string audit_text(protocol::WebhookKind kind, const std::string& url, bool enabled) {
  return std::string(protocol::to_string(kind)) + " " + url.substr(0, url.find('?')) + (enabled ? "" : " (off)");
}

}  // namespace

void add_alert_routes(httplib::Server& server, HqStore& store) {
  server.Get("/v1/console/alerts", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::read, [&](const Principal& who) {
      const AlertScope scope = alert_scope(store, who);
      const std::int64_t before = number_param(req, "before_id");
      answer_json(res, 200, store.locked([&](Db& db) {
        json out = badge(db, who, scope);
        Stmt q(db, std::string("SELECT id, kind, subject_kind, subject, department_id, to_department, to_bureau, "
                               "summary, created_at FROM alerts WHERE ") +
                       scope.where() + " AND (?2 = 0 OR id < ?2) ORDER BY id DESC LIMIT ?3");
        if (!scope.department.empty()) q.bind(1, scope.department);
        q.bind(2, before).bind(3, kAlertPage + 1);
        json list = json::array();
        std::int64_t next = 0;
        while (q.step()) {
          if (static_cast<int>(list.size()) == kAlertPage) {
            next = list.back()["id"].get<std::int64_t>();
            break;
          }
          json a = json::parse(q.text(7), nullptr, false);
          if (!a.is_object()) a = json::object();
          a["id"] = q.integer(0);
          a["kind"] = q.text(1);
          a["subject_kind"] = q.text(2);
          a["subject"] = q.text(3);
          a["department_id"] = q.text(4);
          a["to_department"] = q.integer(5) != 0;
          a["to_bureau"] = q.integer(6) != 0;
          a["created_at"] = common::format_timestamp_utc(q.integer(8));
          a["unseen"] = q.integer(0) > out["seen_id"].get<std::int64_t>();
          list.push_back(std::move(a));
        }
        out["alerts"] = list;
        out["next_before_id"] = next ? json(next) : json();
        return out;
      }));
    });
  });
  server.Get("/v1/console/alerts/badge", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::read, [&](const Principal& who) {
      const AlertScope scope = alert_scope(store, who);
      answer_json(res, 200, store.locked([&](Db& db) { return badge(db, who, scope); }));
    });
  });
  // Marking alerts seen changes only the reader's own badge, so a viewer may do it too.
  server.Post("/v1/console/alerts/seen", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::read, [&](const Principal& who) {
      const json body = request_object(req);
      const auto it = body.find("last_id");
      if (it == body.end() || !it->is_number_integer() || *it < 0) throw AdminError("last_id must be an alert id");
      const std::int64_t last = it->get<std::int64_t>();
      const AlertScope scope = alert_scope(store, who);
      answer_json(res, 200, store.locked([&](Db& db) {
        Stmt(db, "INSERT INTO alert_seen(login, last_id) VALUES(?1, ?2) ON CONFLICT(login) DO UPDATE SET "
                 "last_id=max(last_id, excluded.last_id)")
            .bind(1, who.login).bind(2, last).run();
        return badge(db, who, scope);
      }));
    });
  });

  server.Get("/v1/console/webhooks", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::read, [&](const Principal& who) {
      if (!who.may_change()) throw Forbidden(phrase("hq.webhook.who"));
      const std::string scope = read_scope(store, who, "");
      json depts = json::array();
      for (const auto& [id, name] : departments(store))
        if (scope.empty() || id == scope) depts.push_back({{"id", id}, {"name", name}});
      answer_json(res, 200, store.locked([&](Db& db) {
        Stmt w(db, std::string("SELECT id, department_id, kind, url, secret, enabled, created_at, created_by FROM "
                               "alert_webhooks") + (scope.empty() ? "" : " WHERE department_id=?1") + " ORDER BY id");
        if (!scope.empty()) w.bind(1, scope);
        json list = json::array();
        while (w.step()) list.push_back(webhook_json(db, w));
        return json{{"webhooks", list}, {"departments", depts}, {"may_add_bureau", who.role == Role::admin}};
      }));
    });
  });
  server.Post("/v1/console/webhooks", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::change, [&](const Principal& who) {
      const json body = request_object(req);
      const std::string asked = string_field(body, "department", false);
      std::string dept;
      if (asked.empty()) {
        require_bureau(who);
      } else {
        if (asked.size() > 200 || !protocol::valid_utf8(asked)) throw AdminError("department is not a department");
        dept = department_id(store, asked);
        require_change(store, who, dept);
      }
      const protocol::WebhookKind kind = kind_field(body);
      const std::string url = string_field(body, "url", true);
      const std::string secret = string_field(body, "secret", false);
      check_url_and_secret(url, secret);
      const bool enabled = body.value("enabled", json(true)).is_boolean() ? body.value("enabled", true) : true;
      const std::int64_t id = store.locked([&](Db& db) {
        sync_db::Transaction t(db);
        Stmt(db, "INSERT INTO alert_webhooks(department_id, kind, url, secret, enabled, created_at, created_by) "
                 "VALUES(?,?,?,?,?,?,?)")
            .bind(1, dept).bind(2, protocol::to_string(kind)).bind(3, url).bind(4, secret).bind(5, enabled ? 1 : 0)
            .bind(6, store.clock().now()).bind(7, who.login).run();
        const std::int64_t row = sqlite3_last_insert_rowid(db.get());
        audit(db, store.hall_clock(), who, "webhook.add", "webhook:" + std::to_string(row), "",
              audit_text(kind, url, enabled));
        t.commit();
        return row;
      });
      answer_json(res, 201, {{"id", id}});
    });
  });
  server.Post(R"(/v1/console/webhooks/(\d+))", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::change, [&](const Principal& who) {
      const std::int64_t id = path_number(req);
      webhook_department(store, who, id);
      const json body = request_object(req);
      store.locked([&](Db& db) {
        sync_db::Transaction t(db);
        Stmt cur(db, "SELECT kind, url, secret, enabled FROM alert_webhooks WHERE id=?");
        cur.bind(1, id);
        if (!cur.step()) throw NotFound(phrase("hq.webhook.none"));
        auto kind = protocol::from_string<protocol::WebhookKind>(cur.text(0)).value_or(protocol::WebhookKind::generic);
        std::string url = cur.text(1), secret = cur.text(2);
        bool enabled = cur.integer(3) != 0;
        const std::string before = audit_text(kind, url, enabled);
        if (body.contains("kind")) kind = kind_field(body);
        if (body.contains("url")) url = string_field(body, "url", true);
        if (body.contains("secret")) secret = string_field(body, "secret", false);
        if (body.contains("enabled")) {
          if (!body["enabled"].is_boolean()) throw AdminError("enabled must be true or false");
          enabled = body["enabled"].get<bool>();
        }
        check_url_and_secret(url, secret);
        Stmt(db, "UPDATE alert_webhooks SET kind=?, url=?, secret=?, enabled=? WHERE id=?")
            .bind(1, protocol::to_string(kind)).bind(2, url).bind(3, secret).bind(4, enabled ? 1 : 0).bind(5, id).run();
        // Switched on: what waited is sent now; switched off: what is queued waits.
        Stmt(db, enabled ? "UPDATE outgoing_calls SET state='pending', next_attempt_at=?2, last_error='' WHERE "
                           "webhook_id=?1 AND state='held'"
                         : "UPDATE outgoing_calls SET state='held' WHERE webhook_id=?1 AND state='pending' AND ?2 >= 0")
            .bind(1, id).bind(2, store.clock().now_ms()).run();
        audit(db, store.hall_clock(), who, "webhook.change", "webhook:" + std::to_string(id), before,
              audit_text(kind, url, enabled));
        t.commit();
      });
      answer_json(res, 200, {{"id", id}});
    });
  });
  server.Post(R"(/v1/console/webhooks/(\d+)/delete)", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::change, [&](const Principal& who) {
      const std::int64_t id = path_number(req);
      webhook_department(store, who, id);
      store.locked([&](Db& db) {
        sync_db::Transaction t(db);
        Stmt(db, "DELETE FROM alert_webhooks WHERE id=?").bind(1, id).run();
        Stmt(db, "UPDATE outgoing_calls SET state='failed', last_error='its webhook was deleted' WHERE webhook_id=? "
                 "AND state IN ('pending', 'held')")
            .bind(1, id).run();
        audit(db, store.hall_clock(), who, "webhook.delete", "webhook:" + std::to_string(id));
        t.commit();
      });
      answer_json(res, 200, {{"deleted", id}});
    });
  });
  server.Post(R"(/v1/console/webhooks/(\d+)/test)", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::change, [&](const Principal& who) {
      const std::int64_t id = path_number(req);
      webhook_department(store, who, id);
      const auto [call, event] = store.locked([&](Db& db) {
        sync_db::Transaction t(db);
        AlertRaiser raiser(db, store.hall_clock());
        const std::int64_t row = raiser.test_message(id);
        Stmt e(db, "SELECT event_id FROM outgoing_calls WHERE id=?");
        e.bind(1, row);
        std::string event_id = e.step() ? e.text(0) : "";
        audit(db, store.hall_clock(), who, "webhook.test", "webhook:" + std::to_string(id), "", event_id);
        t.commit();
        return std::pair{row, event_id};
      });
      answer_json(res, 202, {{"call_id", call}, {"event_id", event}});
    });
  });

  server.Get("/v1/console/outgoing", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::read, [&](const Principal& who) {
      const std::string scope = read_scope(store, who, "");
      const std::string state = req.get_param_value("state");
      if (!state.empty() && !protocol::from_string<protocol::CallState>(state))
        throw AdminError("state is pending, sent, failed or held");
      const std::int64_t webhook = number_param(req, "webhook_id");
      answer_json(res, 200, store.locked([&](Db& db) {
        Stmt q(db,
               "SELECT c.id, c.event_id, c.purpose, c.alert_id, c.webhook_id, c.state, c.attempts, c.next_attempt_at, "
               "c.last_status, c.last_error, c.created_at, c.sent_at, coalesce(w.department_id, '') FROM outgoing_calls "
               "c LEFT JOIN alert_webhooks w ON w.id=c.webhook_id WHERE (?1 = '' OR w.department_id = ?1) AND (?2 = '' "
               "OR c.state = ?2) AND (?3 = 0 OR c.webhook_id = ?3) ORDER BY c.id DESC LIMIT 200");
        q.bind(1, scope).bind(2, state).bind(3, webhook);
        json list = json::array();
        auto ms = [](std::optional<std::int64_t> v) {
          return v ? json(common::format_timestamp_utc(*v / 1000)) : json();
        };
        while (q.step())
          list.push_back({{"id", q.integer(0)},          {"event_id", q.text(1)},
                          {"purpose", q.text(2)},        {"alert_id", q.opt_integer(3) ? json(q.integer(3)) : json()},
                          {"webhook_id", q.opt_integer(4) ? json(q.integer(4)) : json()},
                          {"state", q.text(5)},          {"attempts", q.integer(6)},
                          {"next_attempt_at", ms(q.integer(7))},
                          {"last_status", q.opt_integer(8) ? json(q.integer(8)) : json()},
                          {"last_error", q.text(9)},     {"created_at", ms(q.integer(10))},
                          {"sent_at", ms(q.opt_integer(11))}, {"department_id", q.text(12)}});
        return json{{"calls", list}};
      }));
    });
  });
  server.Post(R"(/v1/console/outgoing/(\d+)/retry)", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::change, [&](const Principal& who) {
      require_bureau(who);
      const std::int64_t id = path_number(req);
      store.locked([&](Db& db) {
        sync_db::Transaction t(db);
        Stmt(db, "UPDATE outgoing_calls SET state='pending', attempts=0, next_attempt_at=? WHERE id=? AND state "
                 "IN ('failed', 'held')")
            .bind(1, store.clock().now_ms()).bind(2, id).run();
        if (db.changes() == 0) throw NotFound(phrase("hq.webhook.no_call"));
        audit(db, store.hall_clock(), who, "outgoing.retry", "outgoing:" + std::to_string(id));
        t.commit();
      });
      answer_json(res, 200, {{"id", id}, {"state", "pending"}});
    });
  });
}

}  // namespace hq
