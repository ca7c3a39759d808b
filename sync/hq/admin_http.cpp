#include "sync/hq/admin_http.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "sync/hq/admin_error.h"
#include "sync/hq/audit.h"
#include "sync/hq/casework.h"
#include "sync/hq/console_api.h"
#include "sync/hq/digest.h"
#include "sync/hq/importers.h"
#include "sync/hq/pin_lockouts.h"
#include "sync/hq/pins.h"
#include "sync/hq/reference_lookup.h"
#include "sync/protocol/json_limits.h"
#include "sync/protocol/reference_json.h"

namespace hq {
namespace {

using nlohmann::json;

// Runs an admin handler for the bureau (admin role or the admin token) through api_call's answers.
template <typename F>
void admin_guarded(HqStore& store, const httplib::Request& req, httplib::Response& res, F&& f) {
  api_call(store, req, res, Access::change, [&](const Principal& who) {
    if (who.role != Role::admin) throw Forbidden("only the bureau (an admin account) may do this");
    f(who);
  });
}


// The JSON object a body must be, with these string members (AdminError naming them otherwise).
json json_body(const httplib::Request& req, std::initializer_list<const char*> strings) {
  json body;
  try {
    body = protocol::parse_limited(req.body, "the body");
  } catch (const protocol::DecodeError&) {
  }
  bool ok = body.is_object();
  std::string names;
  for (const char* k : strings) {
    ok = ok && body.value(k, json()).is_string();
    names += (names.empty() ? "\"" : ", \"") + std::string(k) + "\"";
  }
  if (!ok) throw AdminError("the body must be a JSON object with the strings " + names);
  return body;
}

}  // namespace

void import_answer(HqStore& store, const Principal& who, const std::string& action, const std::string& object,
                   const std::string& sent, Language lang, httplib::Response& res, const ImportResult& r) {
  if (r.ok()) {
    audit(store, who, action, object, "",
          json{{"imported", r.imported}, {"bytes", sent.size()}, {"blake2b", hex_hash(sent, 16)}}.dump());
    answer_json(res, 200, {{"imported", r.imported}, {"notes", say(r.notes, lang)}});
  } else {
    json errors = json::array();
    for (const auto& e : r.errors) errors.push_back({{"line", e.line}, {"text", say(e, lang, false)}});
    answer_json(res, 422, {{"imported", 0}, {"errors", errors}});
  }
}

void add_admin_routes(httplib::Server& server, HqStore& store) {
  server.Post("/v1/admin/schedule", [&](const httplib::Request& req, httplib::Response& res) {
    admin_guarded(store, req, res, [&](const Principal& who) {
      ScheduleImport how{req.get_param_value("department"), 0, req.get_param_value("add_officials") == "yes", {}};
      if (req.has_param("year")) {
        how.year = std::atoi(req.get_param_value("year").c_str());
        if (how.year < 2000 || how.year > 2099) throw AdminError("year must be 2000..2099");
      }
      import_answer(store, who, "schedule.import", "schedule:" + how.department, req.body, request_language(req), res,
                    import_schedule(store, how, req.body));
    });
  });
  server.Post("/v1/admin/items", [&](const httplib::Request& req, httplib::Response& res) {
    admin_guarded(store, req, res, [&](const Principal& who) {
      const std::string dept = req.get_param_value("department");
      import_answer(store, who, "items.import", "items:" + dept, req.body, request_language(req), res, import_items(store, dept, req.body));
    });
  });
  server.Post("/v1/admin/hall", [&](const httplib::Request& req, httplib::Response& res) {
    admin_guarded(store, req, res, [&](const Principal& who) {
      import_answer(store, who, "hall.import", "hall", req.body, request_language(req), res, import_hall(store, req.body));
    });
  });
  server.Post("/v1/admin/officials", [&](const httplib::Request& req, httplib::Response& res) {
    admin_guarded(store, req, res, [&](const Principal& who) {
      import_answer(store, who, "officials.import", "officials", req.body, request_language(req), res, import_officials(store, req.body));
    });
  });
  server.Post("/v1/admin/calendar", [&](const httplib::Request& req, httplib::Response& res) {
    admin_guarded(store, req, res, [&](const Principal& who) {
      import_answer(store, who, "calendar.import", "calendar", req.body, request_language(req), res, import_calendar(store, req.body));
    });
  });
  server.Post("/v1/admin/reasons", [&](const httplib::Request& req, httplib::Response& res) {
    admin_guarded(store, req, res, [&](const Principal& who) {
      import_answer(store, who, "reasons.publish", "reasons", req.body, request_language(req), res,
                    publish_reasons(store, req.body, req.get_param_value("version")));
    });
  });
  server.Post("/v1/admin/pin", [&](const httplib::Request& req, httplib::Response& res) {
    admin_guarded(store, req, res, [&](const Principal& who) {
      const json body = json_body(req, {"official", "pin"});
      std::string pin = body.at("pin").get<std::string>();
      const std::string official =
          official_id(store, body.at("official").get<std::string>(), body.value("department", ""));
      set_pin(store, official, pin);
      audit(store, who, "pin.set", "official:" + official, "", "PIN set");
      answer_json(res, 200, {{"official", body.at("official")}});
    });
  });
  server.Post("/v1/admin/pin-reset", [&](const httplib::Request& req, httplib::Response& res) {
    admin_guarded(store, req, res, [&](const Principal& who) {
      const json body = json_body(req, {"official"});
      const std::string official =
          official_id(store, body.at("official").get<std::string>(), body.value("department", ""));
      reset_pin_lock(store, official);
      audit(store, who, "pin.reset", "official:" + official, "locked", "lock reset");
      answer_json(res, 200, {{"official", body.at("official")}, {"reset", true}});
    });
  });
  server.Post("/v1/admin/follow-up", [&](const httplib::Request& req, httplib::Response& res) {
    admin_guarded(store, req, res, [&](const Principal& who) {
      const json body = json_body(req, {"rating", "note"});
      follow_up(store, body.at("rating").get<std::string>(), body.at("note").get<std::string>(), who);
      answer_json(res, 200, {{"rating", body.at("rating")}});
    });
  });
  server.Post("/v1/admin/report", [&](const httplib::Request& req, httplib::Response& res) {
    admin_guarded(store, req, res, [&](const Principal& who) {
      const json body = json_body(req, {"receipt", "status"});
      set_report(store, body.at("receipt").get<std::string>(), body.at("status").get<std::string>(),
                 body.value("reply", json()).is_string() ? std::optional<std::string>(body.at("reply").get<std::string>())
                                                          : std::nullopt,
                 who);
      answer_json(res, 200, {{"receipt", body.at("receipt")}, {"status", body.at("status")}});
    });
  });
}

}  // namespace hq
