// The 走流程 console routes (walks.h).
#include <httplib.h>

#include "sync/hq/console_api.h"
#include "sync/hq/walks.h"

namespace hq {

using nlohmann::json;

void add_walk_routes(httplib::Server& server, HqStore& store) {
  server.Get("/v1/console/walks", [&store](const httplib::Request& req, httplib::Response& res) {
    api_call(store, req, res, Access::read, [&](const Principal& who) {
      answer_json(res, 200, list_walks(store, who, req.get_param_value("period"), req.get_param_value("department")));
    });
  });
  server.Post("/v1/console/walks", [&store](const httplib::Request& req, httplib::Response& res) {
    api_call(store, req, res, Access::change, [&](const Principal& who) {
      answer_json(res, 201, {{"uuid", record_console_walk(store, who, request_object(req))}});
    });
  });
  server.Post(R"(/v1/console/walks/([0-9a-f-]{36})/findings/([1-9][0-9]?)/done)",
              [&store](const httplib::Request& req, httplib::Response& res) {
                api_call(store, req, res, Access::change, [&](const Principal& who) {
                  // Findings are numbered from 1 as the console and the ledger show them.
                  const int n = std::stoi(std::string(req.matches[2]));
                  mark_finding_done(store, who, req.matches[1], n - 1, text_member(request_object(req), "done_on", true));
                  answer_json(res, 200, {{"done", true}});
                });
              });
}

}  // namespace hq
