#include "sync/hq/console_http.h"

#include <httplib.h>
#include <sodium.h>

#include <nlohmann/json.hpp>

#include "sync/common/civil_time.h"
#include "sync/hq/accounts.h"
#include "sync/hq/audit.h"
#include "sync/hq/auth_limiter.h"
#include "sync/hq/console_api.h"
#include "sync/hq/csv_text.h"
#include "sync/hq/export_lookup.h"
#include "sync/hq/reference_lookup.h"
#include "sync/hq/sessions.h"
#include "sync/protocol/json_limits.h"
#include "sync/protocol/record_bodies.h"
#include "sync/protocol/string_table.h"

namespace hq {
namespace {

using nlohmann::json;
using sync_db::Db;
using sync_db::Stmt;

void answer(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(body.dump(), "application/json");
}

json when(std::int64_t unix_seconds) {
  return unix_seconds ? json(common::format_timestamp_utc(unix_seconds)) : json();
}

json principal_json(const Principal& p) {
  return {{"login", p.login}, {"role", protocol::to_string(p.role)}, {"department", p.department}};
}

// The JSON object a console body must be; AdminError (400) otherwise.
json body_object(const httplib::Request& req) {
  json body;
  try {
    body = protocol::parse_limited(req.body, "the body");
  } catch (const protocol::DecodeError& e) {
    throw AdminError(e.what());
  }
  if (!body.is_object()) throw AdminError("the body must be a JSON object");
  return body;
}

std::string string_member(const json& body, const char* key, bool required = true) {
  const json v = body.value(key, json());
  if (v.is_string()) return v.get<std::string>();
  if (required || !v.is_null()) throw AdminError(std::string("the body needs the string \"") + key + "\"");
  return {};
}

void admin_only(const Principal& who) {
  if (who.role != Role::admin) throw Forbidden(phrase("hq.scope.admin_only"));
}

json user_json(const User& u) {
  return {{"login", u.login},           {"name", u.name}, {"role", protocol::to_string(u.role)}, {"department", u.department},
          {"disabled", u.disabled},     {"created_at", when(u.created_at)},    {"locked_until", when(u.locked_until)},
          {"last_login", when(u.last_login)}};
}

// The audit filter of a request's query: actor, action, object, from/to as the hall's dates (both included).
AuditFilter audit_filter(HqStore& store, const httplib::Request& req) {
  AuditFilter f;
  f.actor = req.get_param_value("actor");
  f.action = req.get_param_value("action");
  f.object = req.get_param_value("object");
  const int offset = store.hall_clock().utc_offset_minutes();
  auto day_start = [&](const std::string& name, int add) -> std::int64_t {
    const std::string v = req.get_param_value(name);
    if (v.empty()) return 0;
    const auto days = common::parse_date(v);
    if (!days) throw AdminError(name + " must be a date YYYY-MM-DD");
    return (*days + add) * 86400 - std::int64_t{offset} * 60;
  };
  f.from = day_start("from", 0);
  f.to = day_start("to", 1);
  if (req.has_param("before_id")) {
    const std::string v = req.get_param_value("before_id");
    if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos)
      throw AdminError("before_id must be a number");
    f.before_id = std::stoll(v);
  }
  if (req.has_param("limit")) {
    const std::string v = req.get_param_value("limit");
    const int n = v.size() <= 3 && !v.empty() && v.find_first_not_of("0123456789") == std::string::npos ? std::stoi(v) : 0;
    if (n < 1 || n > 200) throw AdminError("limit must be 1..200");
    f.limit = n;
  }
  return f;
}

json entry_json(const AuditEntry& e, int offset) {
  const auto c = common::to_civil(e.at, offset);
  char local[32];
  std::snprintf(local, sizeof local, "%s %s:%02d", c.date().c_str(), c.hhmm().c_str(), c.second);
  return {{"id", e.id},         {"at", when(e.at)},         {"at_local", local},   {"actor", e.actor},
          {"actor_name", e.actor_name},
          {"role", e.role},     {"action", e.action},       {"object", e.object},  {"before", phones_masked(e.before)},
          {"after", phones_masked(e.after)}, {"source", e.source}, {"department", e.department}};
}

// A CSV cell a spreadsheet will not run as a formula (a leading = + - @ gets a quote mark).
std::string inert_cell(const std::string& s) {
  const bool formula = !s.empty() && std::string("=+-@\t\r").find(s.front()) != std::string::npos;
  return csv_field(formula ? "'" + s : s);
}

// Today's numbers the principal may see: records received for the hall's today, by kind, within their department.
json overview(HqStore& store, const Principal& who, const std::string& assets_dir) {
  const HallClock hall = store.hall_clock();
  const std::string today = hall.today();
  return store.locked([&](Db& db) {
    const Lookup l = load_lookup(db, assets_dir, hall);
    int ratings = 0, bad = 0, reports = 0, checkins = 0;
    Stmt q(db, "SELECT kind, body FROM records WHERE hall_date=? AND kind IN ('rating','report','checkin')");
    q.bind(1, today);
    while (q.step()) {
      const std::string kind = q.text(0);
      const json body = json::parse(q.text(1));
      if (kind == protocol::to_string(protocol::RecordKind::rating)) {
        const auto r = protocol::decode_body<protocol::RatingBody>(body);
        if (!who.sees(l.department_name(target_department(l, r)))) continue;
        ++ratings;
        bad += protocol::is_bad(r.level) ? 1 : 0;
      } else if (kind == protocol::to_string(protocol::RecordKind::report)) {
        const auto r = protocol::decode_body<protocol::ReportBody>(body);
        if (who.sees(l.department_name(r.department_id))) ++reports;
      } else {
        const auto c = protocol::decode_body<protocol::CheckInBody>(body);
        const auto o = l.officials.find(c.official_id);
        if (who.sees(o == l.officials.end() ? "" : l.department_name(o->second.department_id))) ++checkins;
      }
    }
    json out = {{"user", principal_json(who)},
                {"today", today},
                {"ratings_today", ratings},
                {"bad_ratings_today", bad},
                {"reports_today", reports},
                {"checkins_today", checkins}};
    if (who.role != Role::liaison) {
      Stmt k(db, "SELECT count(*) FROM devices WHERE revoked=0");
      k.step();
      out["kiosks"] = k.integer(0);
      Stmt last(db, "SELECT max(received_at) FROM records");
      last.step();
      out["last_record_at"] = when(last.integer(0));
    }
    if (who.role == Role::admin) {
      Stmt u(db, "SELECT count(*), coalesce(sum(disabled), 0) FROM users");
      u.step();
      out["users"] = u.integer(0) - u.integer(1);
      const auto start = common::parse_date(today).value_or(0) * 86400 - std::int64_t{hall.utc_offset_minutes()} * 60;
      Stmt a(db, "SELECT count(*), coalesce(sum(action='login.failed'), 0) FROM audit_log WHERE at >= ?");
      a.bind(1, start);
      a.step();
      out["audit_today"] = a.integer(0);
      out["failed_logins_today"] = a.integer(1);
    }
    return out;
  });
}

}  // namespace

void add_console_routes(httplib::Server& server, HqStore& store, const std::string& assets_dir) {
  server.Post("/v1/console/login", [&](const httplib::Request& req, httplib::Response& res) {
    try {
      const json body = body_object(req);
      const std::string login = string_member(body, "login");
      std::string password = string_member(body, "password");
      // One address trying many logins is slowed as a device guessing tokens is (auth_limiter.h): while it is
      // locked no password is checked, so a right guess cannot be told from a wrong one.
      AuthLimiter* limiter = active_auth_limiter();
      const std::string address = limiter ? limiter->client_address(req) : req.remote_addr;
      const std::string account = "login:" + login;
      auto address_locked = [&](std::int64_t wait) {
        const std::int64_t until = store.hall_clock().now() + wait;
        res.set_header("Retry-After", std::to_string(wait));
        const auto c = common::to_civil(until, store.hall_clock().utc_offset_minutes());
        return answer(res, 429, {{"error", "too many failed sign-ins from this address; retry after " +
                                               std::to_string(wait) + " s"},
                                 {"reason", "locked"}, {"locked_until", when(until)},
                                 {"locked_until_local", c.hhmm()}, {"retry_after", wait}});
      };
      if (limiter)
        if (const std::int64_t wait = limiter->wait_before(address, account)) {
          sodium_memzero(password.data(), password.size());
          return address_locked(wait);
        }
      try {
        check_login(login);
      } catch (const AdminError&) {
        if (limiter)
          if (const std::int64_t wait = limiter->failed(address, account)) return address_locked(wait);
        return answer(res, 401, {{"error", "wrong login or password"}, {"reason", "wrong"}});
      }
      const SignIn s = sign_in(store, login, password, address);
      if (limiter && s.outcome == SignInOutcome::ok) limiter->succeeded(account);
      if (limiter && (s.outcome == SignInOutcome::wrong || s.outcome == SignInOutcome::locked))
        if (const std::int64_t wait = limiter->failed(address, account)) return address_locked(wait);
      switch (s.outcome) {
        case SignInOutcome::ok:
          res.set_header("Set-Cookie", session_set_cookie(req, s.session_id));
          return answer(res, 200, {{"user", principal_json(s.who)}, {"csrf_token", s.csrf},
                                   {"idle_seconds", kSessionIdleSeconds},
                                   {"hall_utc_offset_minutes", store.hall_clock().utc_offset_minutes()}});
        case SignInOutcome::wrong:
          return answer(res, 401, {{"error", "wrong login or password"}, {"reason", "wrong"},
                                   {"failures_left", s.failures_left}});
        case SignInOutcome::locked: {
          const std::int64_t wait = s.locked_until - store.hall_clock().now();
          res.set_header("Retry-After", std::to_string(std::max<std::int64_t>(wait, 1)));
          const auto c = common::to_civil(s.locked_until, store.hall_clock().utc_offset_minutes());
          return answer(res, 429, {{"error", "too many failed sign-ins: this login is locked for 15 minutes"},
                                   {"reason", "locked"}, {"locked_until", when(s.locked_until)},
                                   {"locked_until_local", c.hhmm()}, {"retry_after", wait}});
        }
        case SignInOutcome::disabled:
          return answer(res, 403, {{"error", "this account is disabled"}, {"reason", "disabled"}});
      }
    } catch (const AdminError& e) {
      answer(res, 400, {{"error", e.what()}});
    } catch (const std::exception& e) {
      res.set_header("Retry-After", "5");
      answer(res, 503, {{"error", std::string("storage unavailable: ") + e.what()}});
    }
  });
  server.Post("/v1/console/logout", [&](const httplib::Request& req, httplib::Response& res) {
    api_call(store, req, res, Access::change, [&](const Principal&) {
      sign_out(store, session_cookie(req), client_address(req));
      res.set_header("Set-Cookie", session_set_cookie(req, ""));
      answer(res, 200, {{"signed_out", true}});
    });
  });
  server.Get("/v1/console/me", [&](const httplib::Request& req, httplib::Response& res) {
    api_call(store, req, res, Access::read, [&](const Principal& who) {
      json out = {{"user", principal_json(who)}, {"idle_seconds", kSessionIdleSeconds},
                  {"hall_utc_offset_minutes", store.hall_clock().utc_offset_minutes()}};
      if (const auto s = find_session(store, session_cookie(req))) out["csrf_token"] = s->csrf;
      answer(res, 200, out);
    });
  });
  server.Get("/v1/console/overview", [&](const httplib::Request& req, httplib::Response& res) {
    api_call(store, req, res, Access::read,
             [&](const Principal& who) { answer(res, 200, overview(store, who, assets_dir)); });
  });
  server.Get("/v1/console/users", [&](const httplib::Request& req, httplib::Response& res) {
    api_call(store, req, res, Access::read, [&](const Principal& who) {
      admin_only(who);
      json users = json::array();
      for (const auto& u : list_users(store)) users.push_back(user_json(u));
      json depts = json::array();
      for (const auto& [id, name] : departments(store)) depts.push_back({{"id", id}, {"name", name}});
      answer(res, 200, {{"users", users}, {"departments", depts}});
    });
  });
  server.Post("/v1/console/users", [&](const httplib::Request& req, httplib::Response& res) {
    api_call(store, req, res, Access::change, [&](const Principal& who) {
      admin_only(who);
      const json body = body_object(req);
      const std::string login = string_member(body, "login");
      const auto role = protocol::from_string<Role>(string_member(body, "role"));
      if (!role) throw AdminError(phrase("hq.account.role"));
      std::string password = string_member(body, "password");
      add_user(store, who, login, string_member(body, "name", false), *role, string_member(body, "department", false),
               password);
      answer(res, 201, {{"login", login}});
    });
  });
  for (const char* what : {"disable", "enable"}) {
    const bool disable = std::string(what) == "disable";
    server.Post(std::string("/v1/console/users/") + what, [&store, disable](const httplib::Request& req,
                                                                             httplib::Response& res) {
      api_call(store, req, res, Access::change, [&](const Principal& who) {
        admin_only(who);
        const std::string login = string_member(body_object(req), "login");
        if (disable && login == who.login) throw AdminError(phrase("hq.account.disable_self"));
        set_user_disabled(store, who, login, disable);
        answer(res, 200, {{"login", login}, {"disabled", disable}});
      });
    });
  }
  server.Post("/v1/console/users/reset", [&](const httplib::Request& req, httplib::Response& res) {
    api_call(store, req, res, Access::change, [&](const Principal& who) {
      admin_only(who);
      const json body = body_object(req);
      const std::string login = string_member(body, "login");
      std::string password = string_member(body, "password");
      reset_password(store, who, login, password);
      answer(res, 200, {{"login", login}});
    });
  });
  server.Get("/v1/console/audit", [&](const httplib::Request& req, httplib::Response& res) {
    api_call(store, req, res, Access::read, [&](const Principal& who) {
      admin_only(who);
      AuditFilter f = audit_filter(store, req);
      const int limit = f.limit;
      f.limit = limit + 1;  // one more tells whether there is a next page
      auto entries = audit_entries(store, f);
      const bool more = static_cast<int>(entries.size()) > limit;
      if (more) entries.resize(static_cast<std::size_t>(limit));
      const int offset = store.hall_clock().utc_offset_minutes();
      json list = json::array();
      for (const auto& e : entries) list.push_back(entry_json(e, offset));
      answer(res, 200, {{"entries", list}, {"next_before_id", more ? json(entries.back().id) : json()}});
    });
  });
  server.Get("/v1/console/audit.csv", [&](const httplib::Request& req, httplib::Response& res) {
    api_call(store, req, res, Access::read, [&](const Principal& who) {
      admin_only(who);
      AuditFilter f = audit_filter(store, req);
      f.limit = 1000;
      protocol::StringTable words;
      words.load(assets_dir + "/i18n/zh-CN.json");
      std::string head = "\xEF\xBB\xBF";
      for (const char* k : {"console.audit.col.at", "console.audit.col.actor", "console.audit.col.role",
                            "console.audit.col.action", "console.audit.col.object", "console.audit.col.before",
                            "console.audit.col.after", "console.audit.col.source"})
        head += (head.size() > 3 ? "," : "") + csv_field(words.get(k));
      head += "\r\n";
      const int offset = store.hall_clock().utc_offset_minutes();
      res.set_header("Content-Disposition", "attachment; filename=\"audit.csv\"");
      res.set_header("Cache-Control", "no-store");
      // Written a thousand entries at a time, newest first, however long the log has grown.
      res.set_chunked_content_provider("text/csv; charset=utf-8", [&store, f, head, offset, first = true](
                                                                     std::size_t, httplib::DataSink& sink) mutable {
        std::string out = first ? head : "";
        first = false;
        const auto entries = audit_entries(store, f);
        for (const auto& e : entries) {
          const json j = entry_json(e, offset);
          const std::string actor = e.actor_name.empty() ? e.actor : e.actor_name + "（" + e.actor + "）";
          for (const std::string& cell : {j["at_local"].get<std::string>(), actor, e.role, e.action, e.object,
                                          j["before"].get<std::string>(), j["after"].get<std::string>(), e.source})
            out += inert_cell(cell) + ",";
          out.back() = '\r';
          out += "\n";
        }
        if (!out.empty()) sink.write(out.data(), out.size());
        if (entries.size() < static_cast<std::size_t>(f.limit)) sink.done();
        else f.before_id = entries.back().id;
        return true;
      });
    });
  });
}

}  // namespace hq
