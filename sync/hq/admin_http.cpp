#include "sync/hq/admin_http.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "sync/hq/admin.h"

namespace hq {
namespace {

using nlohmann::json;

void answer(httplib::Response& res, int status, const json& body) {
  res.status = status;
  res.set_content(body.dump(), "application/json");
}

// Checks the admin bearer token; answers 401 itself when it fails.
bool admin_authorised(HqStore& store, const httplib::Request& req, httplib::Response& res) {
  const std::string auth = req.get_header_value("Authorization");
  const std::string prefix = "Bearer ";
  if (auth.rfind(prefix, 0) == 0 && admin_token_ok(store, auth.substr(prefix.size()))) return true;
  res.set_header("WWW-Authenticate", "Bearer");
  answer(res, 401, {{"error", "missing or wrong admin token"}});
  return false;
}

// Runs an admin handler: AdminError → 400 (or 404 for "no …"), anything else → 503.
template <typename F>
void admin_guarded(HqStore& store, const httplib::Request& req, httplib::Response& res, F&& f) {
  if (!admin_authorised(store, req, res)) return;
  try {
    f();
  } catch (const AdminError& e) {
    const std::string what = e.what();
    answer(res, what.rfind("no ", 0) == 0 ? 404 : 400, {{"error", what}});
  } catch (const std::exception& e) {
    res.set_header("Retry-After", "5");
    answer(res, 503, {{"error", std::string("storage unavailable: ") + e.what()}});
  }
}

void import_answer(httplib::Response& res, const ImportResult& r) {
  if (r.ok()) answer(res, 200, {{"imported", r.imported}});
  else answer(res, 422, {{"imported", 0}, {"errors", r.errors}});
}

}  // namespace

void add_admin_routes(httplib::Server& server, HqStore& store) {
  server.Post("/v1/admin/schedule", [&](const httplib::Request& req, httplib::Response& res) {
    admin_guarded(store, req, res, [&] {
      int year = current_year();
      if (req.has_param("year")) year = std::atoi(req.get_param_value("year").c_str());
      if (year < 2000 || year > 2099) throw AdminError("year must be 2000..2099");
      import_answer(res, import_schedule(store, req.get_param_value("department"), req.body, year));
    });
  });
  server.Post("/v1/admin/items", [&](const httplib::Request& req, httplib::Response& res) {
    admin_guarded(store, req, res,
                  [&] { import_answer(res, import_items(store, req.get_param_value("department"), req.body)); });
  });
  server.Post("/v1/admin/officials", [&](const httplib::Request& req, httplib::Response& res) {
    admin_guarded(store, req, res, [&] { import_answer(res, import_officials(store, req.body)); });
  });
  server.Post("/v1/admin/report", [&](const httplib::Request& req, httplib::Response& res) {
    admin_guarded(store, req, res, [&] {
      const json body = json::parse(req.body, nullptr, false);
      if (!body.is_object() || !body.value("receipt", json()).is_string() || !body.value("status", json()).is_string())
        throw AdminError("the body must be JSON {\"receipt\", \"status\", \"reply\"}");
      set_report(store, body.at("receipt").get<std::string>(), body.at("status").get<std::string>(),
                 body.value("reply", std::string()));
      answer(res, 200, {{"receipt", body.at("receipt")}, {"status", body.at("status")}});
    });
  });
}

}  // namespace hq
