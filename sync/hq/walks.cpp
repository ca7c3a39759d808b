#include "sync/hq/walks.h"

#include <map>

#include "sync/hq/audit.h"
#include "sync/hq/console_api.h"
#include "sync/hq/department_scope.h"
#include "sync/hq/export.h"
#include "sync/hq/case_common.h"
#include "sync/hq/reference_lookup.h"
#include "sync/hq/hq_words.h"
#include "sync/protocol/records.h"

namespace hq {

using nlohmann::json;
using sync_db::Db;
using sync_db::Stmt;

namespace {

// "2026Q4" for the quarter of a date.
std::string quarter_of(const std::string& date) {
  return date.substr(0, 4) + "Q" + std::to_string((std::stoi(date.substr(5, 2)) - 1) / 3 + 1);
}

}  // namespace

json list_walks(HqStore& store, const Principal& who, const std::string& period, const std::string& department) {
  const std::string today = store.hall_clock().today();
  const std::string asked = period.empty() ? quarter_of(today) : period;
  const auto dates = period_dates(asked);
  if (!dates) throw AdminError(phrase("hq.walk.bad_period"));
  const std::string scope = read_scope(store, who, department);
  return store.locked([&](Db& db) {
    // Only the officials and the departments' names: not the exports' whole Lookup (labels, calendar, reasons).
    std::map<std::string, protocol::Official> officials;
    for (auto& o : stored_officials(db)) officials.emplace(o.id, std::move(o));
    const Departments d(db);
    const auto department_name = [&](const std::string& id) {
      const auto it = d.names.find(id);
      return it == d.names.end() ? id : it->second;
    };
    json walks = json::array();
    std::int64_t open = 0, overdue = 0;
    Stmt s(db,
           "SELECT uuid, body, device_id FROM records WHERE kind='walk' AND hall_date BETWEEN ? AND ? "
           "ORDER BY hall_date DESC, created_at DESC, uuid");
    s.bind(1, dates->first).bind(2, dates->second);
    Stmt fixes(db, "SELECT idx, done_on, done_by FROM walk_findings WHERE walk_uuid=? ORDER BY idx");
    while (s.step()) {
      const auto w = protocol::decode_body<protocol::WalkBody>(s.text(1));
      const auto off = officials.find(w.official_id);
      const std::string dept = off == officials.end() ? "" : off->second.department_id;
      if (!scope.empty() && dept != scope) continue;  // read_scope: a liaison's is always their own
      std::vector<std::pair<std::optional<std::string>, std::string>> done(w.findings.size());
      fixes.bind(1, s.text(0));
      while (fixes.step()) {
        const auto i = static_cast<std::size_t>(fixes.integer(0));
        if (i < done.size()) done[i] = {fixes.opt_text(1), fixes.opt_text(2).value_or("")};
      }
      fixes.reset();
      json findings = json::array();
      for (std::size_t i = 0; i < w.findings.size(); ++i) {
        const auto& f = w.findings[i];
        const bool late = !done[i].first && f.due_date && *f.due_date < today;
        if (!done[i].first) ++open;
        if (late) ++overdue;
        findings.push_back({{"idx", i}, {"description", f.description}, {"measure", f.measure},
                            {"due_date", f.due_date ? json(*f.due_date) : json()}, {"section", f.section},
                            {"done_on", done[i].first ? json(*done[i].first) : json()}, {"overdue", late}});
      }
      json forms = json::array();
      for (const auto form : w.forms) forms.push_back(protocol::to_string(form));
      walks.push_back({{"uuid", s.text(0)},
                       {"date", w.date},
                       {"official_id", w.official_id},
                       {"official", off == officials.end() ? w.official_id : off->second.name},
                       {"title", off == officials.end() ? "" : off->second.title},
                       {"department_id", dept},
                       {"department", department_name(dept)},
                       {"item_id", w.item_id},
                       {"item", w.item_name},
                       {"forms", std::move(forms)},
                       {"from_console", s.text(2) == "console"},
                       {"findings", std::move(findings)}});
    }
    return json{{"period", asked}, {"from", dates->first}, {"to", dates->second}, {"today", today},
                {"walks", std::move(walks)}, {"open", open}, {"overdue", overdue}};
  });
}

void mark_finding_done(HqStore& store, const Principal& who, const std::string& walk_uuid, int idx,
                       const std::string& done_on) {
  std::string dept;
  std::string walked_on;
  std::optional<std::string> was_done;
  store.locked([&](Db& db) {
    Stmt s(db, "SELECT department_id, walked_on, done_on FROM walk_findings WHERE walk_uuid=? AND idx=?");
    s.bind(1, walk_uuid).bind(2, idx);
    if (!s.step()) throw NotFound(phrase("hq.walk.no_finding"));
    dept = s.text(0);
    walked_on = s.text(1);
    was_done = s.opt_text(2);
  });
  require_change(store, who, dept);
  if (was_done) throw AdminError(phrase("hq.walk.already_done", {{"date", *was_done}}));
  const std::string today = store.hall_clock().today();
  if (!protocol::is_wire_date(done_on) || done_on < walked_on || done_on > today)
    throw AdminError(phrase("hq.walk.bad_done_date", {{"from", walked_on}, {"to", today}}));
  store.locked([&](Db& db) {
    sync_db::Transaction t(db);
    Stmt(db, "UPDATE walk_findings SET done_on=?, done_by=?, updated_at=? WHERE walk_uuid=? AND idx=? AND done_on IS NULL")
        .bind(1, done_on).bind(2, who.login).bind(3, store.hall_clock().now_iso()).bind(4, walk_uuid).bind(5, idx).run();
    if (db.changes() == 0) throw AdminError(phrase("hq.walk.already_done", {{"date", done_on}}));  // done meanwhile
    audit(db, store.hall_clock(), who, "walk.finding_done", "walk:" + walk_uuid + "#" + std::to_string(idx + 1), "",
          done_on);
    t.commit();
  });
}

std::string record_console_walk(HqStore& store, const Principal& who, const json& body) {
  protocol::WalkBody w;
  w.uuid = protocol::new_uuid();
  w.official_id = text_member(body, "official_id", true);
  w.item_id = text_member(body, "item_id", true);
  w.date = text_member(body, "date", true);
  w.recorded_at = store.hall_clock().now_iso();
  // The official and the item as HQ knows them now.
  std::string dept;
  store.locked([&](Db& db) {
    Stmt off(db, "SELECT body FROM reference WHERE tbl='officials' AND id=? AND body IS NOT NULL");
    off.bind(1, w.official_id);
    if (!off.step()) throw NotFound(phrase("hq.walk.no_official"));
    dept = protocol::decode_official(off.text(0)).department_id;
    Stmt item(db, "SELECT body FROM reference WHERE tbl='service_items' AND id=? AND body IS NOT NULL");
    item.bind(1, w.item_id);
    if (!item.step()) throw NotFound(phrase("hq.walk.no_item"));
    w.item_name = protocol::decode_service_item(item.text(0)).name;
  });
  require_change(store, who, dept);
  const auto forms = body.find("forms");
  if (forms != body.end() && forms->is_array())
    for (const json& f : *forms)
      if (const auto form = f.is_string() ? protocol::from_string<protocol::WalkForm>(f.get<std::string>()) : std::nullopt)
        w.forms.push_back(*form);
  if (w.forms.empty()) throw AdminError(phrase("hq.walk.need_form"));
  const auto findings = body.find("findings");
  if (findings != body.end() && findings->is_array())
    for (const json& f : *findings) {
      if (!f.is_object()) throw AdminError(phrase("hq.walk.bad_finding"));
      const std::string due = text_member(f, "due_date");
      w.findings.push_back({text_member(f, "description"), text_member(f, "measure"),
                            due.empty() ? std::nullopt : std::optional(due), text_member(f, "section")});
    }
  protocol::RecordEnvelope r{w.uuid, protocol::to_string(protocol::RecordKind::walk), w.recorded_at, protocol::encode(w),
                             {}, std::nullopt};
  if (auto why = protocol::validate_record(r)) throw AdminError(phrase("hq.walk.refused", {{"reason", *why}}));
  const auto results = store.ingest("console", {r});
  if (results.empty() || results[0].status != protocol::RecordStatus::accepted)
    throw AdminError(phrase("hq.walk.refused", {{"reason", results.empty() ? "" : results[0].reason}}));
  audit(store, who, "walk.record", "walk:" + w.uuid, "", w.date + " " + w.item_name);
  return w.uuid;
}

}  // namespace hq
