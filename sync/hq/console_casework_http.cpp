#include "sync/hq/console_casework_http.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "sync/hq/console_api.h"
#include "sync/hq/rating_cases.h"
#include "sync/hq/report_cases.h"
#include "sync/protocol/json_limits.h"
#include "sync/protocol/reference_json.h"

namespace hq {
namespace {

using nlohmann::json;
using Req = httplib::Request;
using Res = httplib::Response;


// A whole number parameter within 0..max (AdminError naming it otherwise).
int int_param(const Req& req, const char* name, int fallback, int max) {
  if (!req.has_param(name)) return fallback;
  const std::string v = req.get_param_value(name);
  if (v.empty() || v.size() > 6 || v.find_first_not_of("0123456789") != std::string::npos || std::stoi(v) > max)
    throw AdminError(std::string(name) + " must be a whole number 0.." + std::to_string(max));
  return std::stoi(v);
}

bool flag_param(const Req& req, const char* name) {
  const std::string v = req.get_param_value(name);
  if (v.empty() || v == "0" || v == "false" || v == "no") return false;
  if (v == "1" || v == "true" || v == "yes") return true;
  throw AdminError(std::string(name) + " must be 1 or 0");
}

// A query parameter that must be UTF-8 text of a sensible length.
std::string text_param(const Req& req, const char* name) {
  const std::string v = req.get_param_value(name);
  if (v.size() > 200 || !protocol::valid_utf8(v)) throw AdminError(std::string(name) + " is not a valid value");
  return v;
}

CaseQuery query_of(const Req& req) {
  CaseQuery q;
  q.department = text_param(req, "department");
  q.state = text_param(req, "state");
  q.appeal = text_param(req, "appeal");
  q.overdue = flag_param(req, "overdue");
  q.open = flag_param(req, "open");
  q.from = text_param(req, "from");
  q.to = text_param(req, "to");
  q.cursor = text_param(req, "cursor");
  q.limit = int_param(req, "limit", 50, kMaxPageSize);
  q.offset = int_param(req, "offset", 0, kMaxOffset);
  return q;
}

// The id in the path, as text no longer than any real one.
std::string path_id(const Req& req) {
  const std::string id = req.matches.size() > 1 ? std::string(req.matches[1]) : std::string();
  if (id.size() > 80 || !protocol::valid_utf8(id)) throw NotFound("no such case");
  return id;
}

}  // namespace

void add_console_casework_routes(httplib::Server& server, HqStore& store) {
  // --- 差评处置 ---
  server.Get("/v1/console/ratings", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::read, [&](const Principal& who) { answer_json(res, 200, list_rating_cases(store, who, query_of(req))); });
  });
  server.Get("/v1/console/ratings/counts", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::read, [&](const Principal& who) { answer_json(res, 200, rating_case_counts(store, who)); });
  });
  server.Get("/v1/console/ratings/deadlines", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::read, [&](const Principal&) {
      const CaseDeadlines d = rating_deadlines(store);
      answer_json(res, 200, {{"to_verify", d.to_verify}, {"rectifying", d.rectifying}, {"answered", d.answered}});
    });
  });
  server.Post("/v1/console/ratings/deadlines", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::change, [&](const Principal& who) {
      const json body = request_object(req);
      CaseDeadlines d = rating_deadlines(store);
      for (auto [name, member_ptr] : {std::pair{"to_verify", &CaseDeadlines::to_verify},
                                      std::pair{"rectifying", &CaseDeadlines::rectifying},
                                      std::pair{"answered", &CaseDeadlines::answered}}) {
        const auto it = body.find(name);
        if (it == body.end()) continue;
        if (!it->is_number_integer() || *it < 1 || *it > kMaxDeadlineDays)
          throw AdminError(std::string(name) + " must be 1.." + std::to_string(kMaxDeadlineDays) + " working days");
        d.*member_ptr = it->get<int>();
      }
      set_rating_deadlines(store, who, d);
      answer_json(res, 200, {{"to_verify", d.to_verify}, {"rectifying", d.rectifying}, {"answered", d.answered}});
    });
  });
  server.Get(R"(/v1/console/ratings/([^/]+))", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::read, [&](const Principal& who) { answer_json(res, 200, rating_case(store, who, path_id(req))); });
  });
  server.Post(R"(/v1/console/ratings/([^/]+)/state)", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::change, [&](const Principal& who) {
      const json body = request_object(req);
      const std::string id = path_id(req);
      change_rating_state(store, who, id, text_member(body, "state", true), text_member(body, "note", true));
      answer_json(res, 200, rating_case(store, who, id));
    });
  });
  server.Post(R"(/v1/console/ratings/([^/]+)/appeal)", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::change, [&](const Principal& who) {
      const json body = request_object(req);
      const std::string id = path_id(req);
      appeal_rating(store, who, id, text_member(body, "ground", true), text_member(body, "reason", true));
      answer_json(res, 200, rating_case(store, who, id));
    });
  });
  server.Post(R"(/v1/console/ratings/([^/]+)/appeal/decision)", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::change, [&](const Principal& who) {
      const json body = request_object(req);
      const auto approve = body.find("approve");
      if (approve == body.end() || !approve->is_boolean()) throw AdminError("the body needs \"approve\": true or false");
      const std::string id = path_id(req);
      decide_appeal(store, who, id, approve->get<bool>(), text_member(body, "note"));
      answer_json(res, 200, rating_case(store, who, id));
    });
  });
  server.Post(R"(/v1/console/ratings/([^/]+)/phone)", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::change, [&](const Principal& who) {
      answer_json(res, 200, {{"phone", reveal_rating_phone(store, who, path_id(req))}});
    });
  });
  // --- 办不成事 ---
  server.Get("/v1/console/reports", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::read, [&](const Principal& who) { answer_json(res, 200, list_report_cases(store, who, query_of(req))); });
  });
  server.Get("/v1/console/reports/counts", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::read, [&](const Principal& who) { answer_json(res, 200, report_case_counts(store, who)); });
  });
  server.Get(R"(/v1/console/reports/([^/]+))", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::read, [&](const Principal& who) { answer_json(res, 200, report_case(store, who, path_id(req))); });
  });
  server.Post(R"(/v1/console/reports/([^/]+)/state)", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::change, [&](const Principal& who) {
      const json body = request_object(req);
      ReportChange ch;
      ch.state = text_member(body, "state", true);
      ch.department = text_member(body, "department");
      if (body.contains("reply") && !body["reply"].is_null()) ch.reply = text_member(body, "reply");
      ch.promised = text_member(body, "promised");
      ch.note = text_member(body, "note");
      const std::string id = path_id(req);
      change_report(store, who, id, ch);
      answer_json(res, 200, report_case(store, who, id));
    });
  });
  server.Post(R"(/v1/console/reports/([^/]+)/phone)", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::change, [&](const Principal& who) {
      answer_json(res, 200, reveal_report_contact(store, who, path_id(req)));
    });
  });
}

}  // namespace hq
