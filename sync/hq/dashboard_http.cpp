// The dashboard's and the misuse flags' console routes (dashboard.h, misuse_check.h).
#include <httplib.h>

#include "sync/hq/console_api.h"
#include "sync/hq/dashboard.h"
#include "sync/hq/misuse_check.h"

namespace hq {

using nlohmann::json;

namespace {

int int_member(const json& body, const char* name) {
  const auto it = body.find(name);
  if (it == body.end() || !it->is_number_integer()) throw AdminError(std::string(name) + " must be a whole number");
  const auto v = it->get<std::int64_t>();
  return static_cast<int>(std::clamp<std::int64_t>(v, -1, 1000000));
}

}  // namespace

void add_dashboard_routes(httplib::Server& server, HqStore& store, const std::string& assets_dir) {
  server.Get("/v1/console/dashboard", [&store, assets_dir](const httplib::Request& req, httplib::Response& res) {
    api_call(store, req, res, Access::read, [&](const Principal& who) {
      answer_json(res, 200, dashboard(store, who, assets_dir, req.get_param_value("month")));
    });
  });
  server.Get("/v1/console/flags", [&store, assets_dir](const httplib::Request& req, httplib::Response& res) {
    api_call(store, req, res, Access::read, [&](const Principal& who) {
      answer_json(res, 200, flagged_bursts(store, who, assets_dir, req.get_param_value("reviewed") == "1"));
    });
  });
  server.Post("/v1/console/flags/review", [&store](const httplib::Request& req, httplib::Response& res) {
    api_call(store, req, res, Access::change, [&](const Principal& who) {
      const json body = request_object(req);
      review_burst(store, who, text_member(body, "device"), text_member(body, "target_kind"),
                   text_member(body, "target_id"), text_member(body, "date"), text_member(body, "note"));
      answer_json(res, 200, {{"reviewed", true}});
    });
  });
  server.Put("/v1/console/flags/rule", [&store](const httplib::Request& req, httplib::Response& res) {
    api_call(store, req, res, Access::change, [&](const Principal& who) {
      const json body = request_object(req);
      set_misuse_rule(store, who, {int_member(body, "ratings"), int_member(body, "seconds")});
      answer_json(res, 200, {{"ratings", int_member(body, "ratings")}, {"seconds", int_member(body, "seconds")}});
    });
  });
}

}  // namespace hq
