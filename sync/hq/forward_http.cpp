#include "sync/hq/forward_http.h"

#include <httplib.h>

#include <nlohmann/json.hpp>

#include "sync/common/civil_time.h"
#include "sync/common/installed_assets.h"
#include "sync/hq/admin_http.h"
#include "sync/hq/audit.h"
#include "sync/hq/console_api.h"
#include "sync/hq/department_scope.h"
#include "sync/hq/export_lookup.h"
#include "sync/hq/csv_writer.h"
#include "sync/hq/forward_codes.h"
#include "sync/hq/forward_report.h"
#include "sync/hq/hq_store.h"
#include "sync/hq/hq_words.h"
#include "sync/protocol/enums.h"

namespace hq {
namespace {

using nlohmann::json;
using Req = httplib::Request;
using Res = httplib::Response;
using sync_db::Db;
using sync_db::Stmt;

constexpr int kListed = 200;       // rows a page shows
constexpr int kScanned = 5000;     // rows read to find a liaison's department's

json ms_time(std::optional<std::int64_t> ms) { return ms ? json(common::format_timestamp_utc(*ms / 1000)) : json(); }

// What a held row's reason names, for people: a department or a 差评 reason by its name, a target by the name the
// kiosk showed; ids only for what has no name (a field of the mapping).
std::string held_detail(const Lookup& lookup, const std::map<std::string, std::string>& reasons,
                        const std::optional<std::string>& key, const std::string& detail, const std::string& target_name) {
  if (!key) return detail;
  if (*key == "forward.held.no_department_code") return lookup.department_name(detail);
  if (*key == "forward.held.no_reason_code") {
    const auto r = reasons.find(detail);
    return r != reasons.end() && !r->second.empty() ? r->second : detail;
  }
  if (*key == "forward.held.unknown_target" && !target_name.empty()) return target_name;
  return detail;
}

// What follows the ratings (forward_events.h), the rows not yet sent (or in `state`), newest first, each with the
// department it concerns and what it is about: the receipt of a handling rating, the rated target of a 整改 or 回访.
json event_list(Db& db, const Lookup& lookup, const std::map<std::string, std::string>& reasons, const std::string& scope,
                const std::string& state) {
  json counts = json::object();
  for (const char* w : protocol::Spelling<protocol::CallState>::words) counts[w] = 0;
  json list = json::array();
  Stmt q(db,
         "SELECT e.id, e.kind, e.subject, e.state, e.attempts, e.held_reason, e.held_detail, e.last_error, e.created_at, "
         "e.sent_at, c.department_id, r.target_kind, r.target_id, r.target_name FROM forward_events e "
         "LEFT JOIN report_cases c ON e.kind='handling' AND c.receipt=e.subject "
         "LEFT JOIN records r ON e.kind<>'handling' AND r.uuid=e.subject "
         "WHERE (?1 <> '' AND e.state=?1) OR (?1 = '' AND e.state <> 'sent') ORDER BY e.created_at DESC, e.id LIMIT ?2");
  q.bind(1, state).bind(2, kScanned);
  while (q.step() && static_cast<int>(list.size()) < kListed) {
    const auto kind = protocol::from_string<protocol::TargetKind>(q.text(11));
    const std::string dept = q.opt_text(10) ? q.text(10) : kind ? target_department(lookup, *kind, q.text(12)) : "";
    if (!scope.empty() && dept != scope) continue;
    list.push_back({{"id", q.text(0)},
                    {"kind", q.text(1)},
                    {"receipt", q.text(1) == "handling" ? json(q.text(2)) : json()},
                    {"rating_uuid", q.text(1) == "handling" ? json() : json(q.text(2))},
                    {"target_name", q.text(13)},
                    {"state", q.text(3)},
                    {"attempts", q.integer(4)},
                    {"held_reason", q.opt_text(5) ? json(q.text(5)) : json()},
                    {"held_detail", held_detail(lookup, reasons, q.opt_text(5), q.text(6), q.text(13))},
                    {"last_error", q.text(7)},
                    {"created_at", ms_time(q.integer(8))},
                    {"sent_at", ms_time(q.opt_integer(9))},
                    {"department_id", dept},
                    {"department", lookup.department_name(dept)}});
  }
  if (scope.empty()) {
    Stmt c(db, "SELECT state, count(*) FROM forward_events GROUP BY state");
    while (c.step()) counts[c.text(0)] = c.integer(1);
  } else {
    for (const auto& e : list) counts[e["state"].get<std::string>()] = counts[e["state"].get<std::string>()].get<int>() + 1;
  }
  return json{{"counts", counts}, {"items", list}};
}

}  // namespace

void add_forward_routes(httplib::Server& server, HqStore& store, std::shared_ptr<const ForwardConfig> config) {
  const bool configured = config != nullptr;
  const auto no_codes = std::make_shared<const std::map<std::string, std::string>>();
  const auto config_reasons = config ? std::make_shared<const std::map<std::string, std::string>>(config->reason_codes) : no_codes;
  const auto config_departments =
      config ? std::make_shared<const std::map<std::string, std::string>>(config->department_codes) : no_codes;
  server.Get("/v1/console/forwards/codes", [&store, config_reasons, config_departments](const Req& req, Res& res) {
    api_call(store, req, res, Access::read, [&](const Principal&) {
      const std::string assets = common::installed_assets("hall-hqd", HQD_ASSETS_DIR);
      if (req.get_param_value("format") == "csv") {
        res.set_header("Content-Disposition", disposition(say(phrase("export.forward_codes.file"), Language::zh) + ".csv"));
        res.set_header("Cache-Control", "no-store");
        res.set_content(reason_code_template(store, *config_reasons, assets), "text/csv; charset=utf-8");
        return;
      }
      answer_json(res, 200, forward_codes_view(store, *config_reasons, *config_departments, assets));
    });
  });
  server.Post("/v1/console/forwards/codes/import", [&store](const Req& req, Res& res) {
    api_call(store, req, res, Access::change, [&](const Principal& who) {
      require_bureau(who);
      const std::string file = upload(req);
      import_answer(store, who, "forward_codes.upload", "forward_codes", file, request_language(req), res,
                    import_reason_codes(store, file));
    });
  });
  // 按日核对: per hall day of the ratings, how many reached the platform, are held, failed or wait (the report the
  // bureau holds against the platform's own daily counts); the last 14 days unless asked; CSV with ?format=csv.
  server.Get("/v1/console/forwards/days", [&store](const Req& req, Res& res) {
    api_call(store, req, res, Access::read, [&](const Principal& who) {
      if (who.role == Role::liaison) throw Forbidden(phrase("hq.forward.days_bureau"));
      const std::string today = store.hall_clock().today();
      std::string from = req.get_param_value("from"), to = req.get_param_value("to");
      if (to.empty()) to = today;
      if (from.empty()) from = common::add_days(to, -13);
      if (!common::valid_date(from) || !common::valid_date(to) || from > to)
        throw AdminError(phrase("hq.forward.days_period"));
      const auto days = forward_days(store, from, to);
      if (req.get_param_value("format") == "csv") {
        res.set_header("Content-Disposition",
                       disposition(say(phrase("export.forward_days.file"), Language::zh) + "-" + from + "-" + to + ".csv"));
        res.set_header("Cache-Control", "no-store");
        res.set_content(csv_bytes({forward_days_sheet(days, from, to)}), "text/csv; charset=utf-8");
        return;
      }
      json list = json::array();
      for (const auto& d : days)
        list.push_back({{"date", d.date}, {"sent", d.sent}, {"held", d.held}, {"failed", d.failed}, {"pending", d.pending}});
      answer_json(res, 200, {{"from", from}, {"to", to}, {"days", list}});
    });
  });
  server.Get("/v1/console/forwards", [&store, configured](const Req& req, Res& res) {
    api_call(store, req, res, Access::read, [&](const Principal& who) {
      const std::string scope = read_scope(store, who, "");
      std::string state = req.get_param_value("state");
      if (!state.empty() && !protocol::from_string<protocol::CallState>(state))
        throw AdminError("state is pending, sent, failed or held");
      answer_json(res, 200, store.locked([&](Db& db) {
        const Lookup lookup = load_master(db, store.hall_clock());
        const auto reasons =
            reason_wordings(db, shipped_reason_wordings(common::installed_assets("hall-hqd", HQD_ASSETS_DIR)));
        json counts = json::object();
        for (const char* w : protocol::Spelling<protocol::CallState>::words) counts[w] = 0;
        json list = json::array();
        Stmt q(db,
               "SELECT f.rating_uuid, f.state, f.attempts, f.next_attempt_at, f.held_reason, f.held_detail, "
               "f.last_status, f.last_error, f.answer, f.created_at, f.sent_at, r.target_kind, r.target_id, "
               "r.target_name, r.level FROM forwards f JOIN records r ON r.uuid=f.rating_uuid "
               "WHERE (?1 <> '' AND f.state=?1) OR (?1 = '' AND f.state <> 'sent') "
               "ORDER BY f.created_at DESC, f.rating_uuid LIMIT ?2");
        q.bind(1, state).bind(2, kScanned);
        while (q.step() && static_cast<int>(list.size()) < kListed) {
          const auto kind = protocol::from_string<protocol::TargetKind>(q.text(11));
          const std::string dept = kind ? target_department(lookup, *kind, q.text(12)) : std::string();
          if (!scope.empty() && dept != scope) continue;
          list.push_back({{"uuid", q.text(0)},
                          {"state", q.text(1)},
                          {"attempts", q.integer(2)},
                          {"next_attempt_at", ms_time(q.integer(3))},
                          {"held_reason", q.opt_text(4) ? json(q.text(4)) : json()},
                          {"held_detail", held_detail(lookup, reasons, q.opt_text(4), q.text(5), q.text(13))},
                          {"last_status", q.opt_integer(6) ? json(q.integer(6)) : json()},
                          {"last_error", q.text(7)},
                          {"answer", q.text(8)},
                          {"created_at", ms_time(q.integer(9))},
                          {"sent_at", ms_time(q.opt_integer(10))},
                          {"department_id", dept},
                          {"department", lookup.department_name(dept)},
                          {"target_name", q.text(13)},
                          {"level", q.text(14)}});
        }
        // Counts over the whole outbox for the bureau; a liaison's are of their list.
        if (scope.empty()) {
          Stmt c(db, "SELECT state, count(*) FROM forwards GROUP BY state");
          while (c.step()) counts[c.text(0)] = c.integer(1);
        } else {
          for (const auto& f : list) counts[f["state"].get<std::string>()] = counts[f["state"].get<std::string>()].get<int>() + 1;
        }
        return json{{"configured", configured}, {"counts", counts}, {"forwards", list},
                    {"events", event_list(db, lookup, reasons, scope, state)}};
      }));
    });
  });
  server.Post("/v1/console/forwards/retry", [&store](const Req& req, Res& res) {
    api_call(store, req, res, Access::change, [&](const Principal& who) {
      require_bureau(who);
      const std::string uuid = text_member(request_object(req), "uuid", true);
      std::string before;
      store.locked([&](Db& db) {
        sync_db::Transaction t(db);
        // A rating's forward, or else one of what follows it.
        std::string table = "forwards", key = "rating_uuid", object = "rating:" + uuid;
        for (int pass = 0; pass < 2 && before.empty(); ++pass) {
          if (pass == 1) table = "forward_events", key = "id", object = "forward_event:" + uuid;
          Stmt s(db, "SELECT state FROM " + table + " WHERE " + key + "=? AND state IN ('failed', 'held')");
          s.bind(1, uuid);
          if (s.step()) before = s.text(0);
        }
        if (before.empty()) throw NotFound(phrase("hq.forward.no_row"));
        Stmt(db, "UPDATE " + table + " SET state='pending', attempts=0, next_attempt_at=? WHERE " + key + "=?")
            .bind(1, store.clock().now_ms()).bind(2, uuid).run();
        audit(db, store.hall_clock(), who, "forward.retry", object, before, "pending");
        t.commit();
      });
      answer_json(res, 200, {{"uuid", uuid}, {"state", "pending"}});
    });
  });
}

}  // namespace hq
