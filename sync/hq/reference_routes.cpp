#include "sync/hq/reference_routes.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "sync/common/installed_assets.h"
#include "sync/hq/admin_error.h"
#include "sync/hq/admin_http.h"
#include "sync/hq/console_api.h"
#include "sync/hq/console_documents.h"
#include "sync/hq/department_scope.h"
#include "sync/hq/importers.h"
#include "sync/hq/reference_edit.h"
#include "sync/hq/reference_lookup.h"
#include "sync/hq/report_download.h"
#include "sync/protocol/json_limits.h"

namespace hq {
namespace {

using nlohmann::json;


json body_json(const httplib::Request& req) {
  if (req.body.empty()) return json::object();
  try {
    return protocol::parse_limited(req.body, "the body");
  } catch (const protocol::DecodeError& e) {
    throw AdminError(e.what());
  }
}

RefTable table_of(const std::string& name) {
  if (const auto t = ref_table(name)) return *t;
  throw NotFound("no table \"" + name + "\"");
}

std::size_t number_param(const httplib::Request& req, const char* name, std::size_t fallback, std::size_t most) {
  if (!req.has_param(name)) return fallback;
  const std::string v = req.get_param_value(name);
  if (v.empty() || v.size() > 9 || v.find_first_not_of("0123456789") != std::string::npos || std::stoul(v) > most)
    throw AdminError(std::string(name) + " must be a number up to " + std::to_string(most));
  return std::stoul(v);
}


}  // namespace

void add_reference_routes(httplib::Server& server, HqStore& store) {
  using Req = httplib::Request;
  using Res = httplib::Response;
  server.Get("/v1/console/departments", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::read, [&](const Principal& who) {
      json rows = json::array();
      for (const auto& d : stored_departments(store))
        if (who.sees(d.name)) rows.push_back({{"id", d.id}, {"name", d.name}, {"short_name", d.short_name}, {"sort", d.sort}});
      answer_json(res, 200, {{"rows", rows}});
    });
  });
  server.Get("/v1/console/schedule/grid", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::read, [&](const Principal& who) {
      answer_json(res, 200, schedule_grid(store, who, req.get_param_value("department"), req.get_param_value("period")));
    });
  });
  server.Get("/v1/console/reasons", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::read, [&](const Principal&) { answer_json(res, 200, {{"list", reason_list_json(store)}}); });
  });
  server.Post("/v1/console/reasons", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::change,
             [&](const Principal& who) { answer_json(res, 200, {{"list", save_reason(store, who, "", body_json(req))}}); });
  });
  server.Put(R"(/v1/console/reasons/([A-Za-z0-9_-]{1,64}))", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::change, [&](const Principal& who) {
      answer_json(res, 200, {{"list", save_reason(store, who, req.matches[1], body_json(req))}});
    });
  });
  server.Delete(R"(/v1/console/reasons/([A-Za-z0-9_-]{1,64}))", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::change,
             [&](const Principal& who) { answer_json(res, 200, {{"list", delete_reason(store, who, req.matches[1])}}); });
  });
  server.Get("/v1/console/calendar", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::read, [&](const Principal&) {
      answer_json(res, 200, calendar_json(store, static_cast<int>(number_param(req, "year", 0, 9999))));
    });
  });
  server.Put(R"(/v1/console/calendar/(\d{4}-\d{2}-\d{2}))", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::change, [&](const Principal& who) {
      const json body = body_json(req);
      if (!body.is_object() || !body.value("kind", json()).is_string())
        throw AdminError("the body must be {\"kind\": \"holiday\"|\"workday\"|\"normal\"}");
      answer_json(res, 200, set_calendar_day(store, who, req.matches[1], body["kind"].get<std::string>()));
    });
  });
  server.Post(R"(/v1/console/officials/([A-Za-z0-9_-]{1,64})/pin)", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::change, [&](const Principal& who) {
      const json body = body_json(req);
      std::optional<std::string> pin;
      if (body.is_object() && body.contains("pin")) {
        if (!body["pin"].is_string()) throw AdminError("\"pin\" must be a string of 6 to 8 digits");
        pin = body["pin"].get<std::string>();
      }
      res.set_header("Cache-Control", "no-store");
      answer_json(res, 200, set_official_pin(store, who, req.matches[1], pin));
    });
  });
  server.Post(R"(/v1/console/officials/([A-Za-z0-9_-]{1,64})/pin-unlock)", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::change, [&](const Principal& who) {
      answer_json(res, 200, unlock_official_pin(store, who, req.matches[1]));
    });
  });
  // Uploads: the same files as the CLI imports (CSV UTF-8/GBK or .xlsx), all or nothing, 422 listing bad rows.
  server.Post(R"(/v1/console/(schedule|items|officials|windows|calendar|reasons)/import)", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::change, [&](const Principal& who) {
      const std::string what = req.matches[1];
      const std::string file = upload(req);
      // Audited as "<table>.upload" with the department, the file's size and digest and the rows imported.
      const auto answer = [&](const std::string& dept, const ImportResult& r) {
        import_answer(store, who, what + ".upload", dept.empty() ? what : what + ":" + dept, file, request_language(req), res, r);
      };
      if (what == "schedule") {
        ScheduleImport how{req.get_param_value("department"), 0, req.get_param_value("add_officials") == "yes",
                           [&](const std::string& dept) { require_change(store, who, dept); }};
        if (how.department.empty() && who.role == Role::liaison) how.department = read_scope(store, who, "");
        if (req.has_param("year")) {
          how.year = static_cast<int>(number_param(req, "year", 0, 2099));
          if (how.year < 2000) throw AdminError("year must be 2000..2099");
        }
        return answer(how.department, import_schedule(store, how, file));
      }
      if (what == "items") {
        const std::string dept = req.get_param_value("department").empty()
                                     ? read_scope(store, who, "")
                                     : department_id(store, req.get_param_value("department"));
        if (dept.empty()) throw AdminError("say which department (department=ID or name)");
        require_change(store, who, dept);
        return answer(dept, import_items(store, dept, file));
      }
      if (what == "officials")
        return answer("", import_officials(store, file, [&](const std::string& dept) { require_change(store, who, dept); }));
      require_bureau(who);
      if (what == "windows") return answer("", import_hall(store, file));
      if (what == "calendar") return answer("", import_calendar(store, file));
      return answer("", publish_reasons(store, file, req.get_param_value("version")));
    });
  });
  server.Get(R"(/v1/console/(windows|officials|items|schedule))", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::read, [&](const Principal& who) {
      answer_json(res, 200, {{"rows", list_rows(store, who, table_of(req.matches[1]), req.get_param_value("department"),
                                           req.get_param_value("from"), req.get_param_value("to"))}});
    });
  });
  server.Post(R"(/v1/console/(windows|officials|items|schedule))", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::change, [&](const Principal& who) {
      answer_json(res, 200, save_row(store, who, table_of(req.matches[1]), "", body_json(req)));
    });
  });
  server.Put(R"(/v1/console/(windows|officials|items|schedule)/([A-Za-z0-9_-]{1,100}))", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::change, [&](const Principal& who) {
      answer_json(res, 200, save_row(store, who, table_of(req.matches[1]), req.matches[2], body_json(req)));
    });
  });
  server.Delete(R"(/v1/console/(windows|officials|items|schedule)/([A-Za-z0-9_-]{1,100}))", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::change, [&](const Principal& who) {
      delete_row(store, who, table_of(req.matches[1]), req.matches[2]);
      answer_json(res, 200, {{"deleted", req.matches[2]}});
    });
  });
  server.Get(R"(/v1/console/tables/([a-z0-9]{1,20}))", [&](const Req& req, Res& res) {
    api_call(store, req, res, Access::read, [&](const Principal& who) {
      ReportQuery q;
      q.table = req.matches[1];
      q.period = req.get_param_value("period");
      q.department = req.get_param_value("department");
      q.format = req.has_param("format") ? req.get_param_value("format") : "json";
      q.offset = number_param(req, "offset", 0, 10'000'000);
      q.limit = number_param(req, "limit", 200, 2000);
      q.follow_up_days = static_cast<int>(number_param(req, "follow_up_days", 15, 60));
      if (q.follow_up_days < 1) throw AdminError("follow_up_days must be 1..60");
      q.assets_dir = common::installed_assets("hall-hqd", HQD_ASSETS_DIR);
      ReportFile f = report_file(store, who, q);
      if (!f.filename.empty()) res.set_header("Content-Disposition", disposition(f.filename));
      res.set_header("Cache-Control", "no-store");
      res.status = 200;
      res.set_content(std::move(f.body), f.content_type);
    });
  });
}

}  // namespace hq
