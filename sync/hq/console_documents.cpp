#include "sync/hq/console_documents.h"

#include <sodium.h>

#include <algorithm>
#include <map>
#include <set>

#include "sync/hq/admin_error.h"
#include "sync/hq/audit.h"
#include "sync/hq/csv_text.h"
#include "sync/hq/department_scope.h"
#include "sync/hq/digest.h"
#include "sync/hq/export.h"
#include "sync/hq/importers.h"
#include "sync/hq/name_rules.h"
#include "sync/hq/published_document.h"
#include "sync/hq/reference_edit.h"
#include "sync/protocol/calendar.h"
#include "sync/protocol/reference_json.h"

namespace hq {
namespace {

using nlohmann::json;

std::string str(const json& body, const char* key) {
  if (!body.is_object()) throw AdminError(phrase("hq.api.not_object"));
  const auto it = body.find(key);
  if (it == body.end() || it->is_null()) return "";
  if (!it->is_string()) throw AdminError(phrase("hq.api.not_string", {{"key", key}}));
  return it->get<std::string>();
}

json list_json(const protocol::ReasonList& l) { return json::parse(protocol::encode_reason_list(l)); }

protocol::ReasonList current_reasons(HqStore& store) {
  const auto doc = current_document(store, "reason_list");
  if (!doc) throw AdminError(phrase("hq.reasons.none_yet"));
  return protocol::decode_reason_list(*doc);
}

// Publishes the edited list through publish_reasons' checks (lengths, ids), as a new version.
json publish(HqStore& store, protocol::ReasonList list) {
  list.version.clear();
  list.version = new_version(store.hall_clock().now_iso(), protocol::encode_reason_list(list));
  const ImportResult r = publish_reasons(store, protocol::encode_reason_list(list), "");
  if (!r.ok()) {  // every reason it found, as the upload lists them (the edited list has no lines)
    std::vector<protocol::Phrase> all;
    for (const auto& e : r.errors) all.insert(all.end(), e.what.begin(), e.what.end());
    throw AdminError(all);
  }
  return list_json(list);
}

protocol::WorkCalendar hq_calendar(HqStore& store) {
  protocol::WorkCalendar c;  // Monday–Friday until HQ publishes one
  if (const auto doc = current_document(store, "calendar")) c.load_json(*doc);
  return c;
}

}  // namespace

json schedule_grid(HqStore& store, const Principal& who, const std::string& department, const std::string& period) {
  const auto dates = period_dates(period);
  if (!dates) throw AdminError(phrase("hq.api.period"));
  if (protocol::add_days(dates->first, 366) < dates->second) throw AdminError(phrase("hq.api.grid_year"));
  const std::string dept = read_scope(store, who, department);
  if (dept.empty()) throw AdminError(phrase("hq.api.department_required"));
  const json rows = list_rows(store, who, RefTable::schedule, dept, dates->first, dates->second);
  std::map<std::string, json> by_day;
  for (const auto& r : rows) by_day[r["date"].get<std::string>()].push_back(r);
  const protocol::WorkCalendar cal = hq_calendar(store);
  json days = json::array();
  for (std::string d = dates->first; d <= dates->second; d = protocol::add_days(d, 1)) {
    json day_rows = by_day.count(d) ? by_day[d] : json::array();
    std::sort(day_rows.begin(), day_rows.end(), [](const json& a, const json& b) {
      return std::tie(a["half"].get_ref<const std::string&>(), a["window"].get_ref<const std::string&>()) <
             std::tie(b["half"].get_ref<const std::string&>(), b["window"].get_ref<const std::string&>());
    });
    days.push_back({{"date", d}, {"weekday", protocol::weekday_of(d)}, {"workday", cal.is_working_day(d)},
                    {"rows", day_rows}});
  }
  return {{"department", {{"id", dept}, {"name", department_name(store, dept)}}},
          {"from", dates->first},
          {"to", dates->second},
          {"rows", rows.size()},
          {"days", days}};
}

json reason_list_json(HqStore& store) {
  const auto doc = current_document(store, "reason_list");
  return doc ? json::parse(*doc) : json();
}

json save_reason(HqStore& store, const Principal& who, const std::string& id, const json& body) {
  require_bureau(who);
  protocol::ReasonList list = current_reasons(store);
  const std::string group = str(body, "group"), zh = str(body, "zh"), en = str(body, "en");
  if (group.empty()) throw AdminError(phrase("hq.name.empty", {{"what", "分类"}}));
  if (zh.empty()) throw AdminError(phrase("hq.name.empty", {{"what", "原因"}}));
  if (const auto bad = text_problem("分类", group, 20)) throw AdminError(*bad);
  const std::string rid = id.empty() ? "r-" + hex_hash(zh, crypto_generichash_BYTES_MIN).substr(0, 8) : id;
  bool found = false;
  for (auto& g : list.groups)
    for (auto it = g.reasons.begin(); it != g.reasons.end();)
      if (it->id == rid) {
        if (!id.empty()) found = true;
        else throw AdminError(phrase("hq.reasons.exists", {{"text", zh}}));
        it = g.reasons.erase(it);
      } else {
        ++it;
      }
  if (!id.empty() && !found) throw NotFound(phrase("hq.reasons.no_reason", {{"id", id}}));
  auto g = std::find_if(list.groups.begin(), list.groups.end(), [&](const auto& x) { return x.zh == group || x.id == group; });
  if (g == list.groups.end()) {
    list.groups.push_back({"g-" + hex_hash(group, crypto_generichash_BYTES_MIN).substr(0, 8), group, group, {}});
    g = std::prev(list.groups.end());
  }
  g->reasons.push_back({rid, zh, en.empty() ? zh : en});
  std::erase_if(list.groups, [](const auto& x) { return x.reasons.empty(); });
  json out = publish(store, std::move(list));
  audit(store, who, "reason.save", "reason:" + rid, found ? "listed" : "", json{{"group", group}, {"zh", zh}, {"en", en}}.dump());
  return out;
}

json delete_reason(HqStore& store, const Principal& who, const std::string& id) {
  require_bureau(who);
  protocol::ReasonList list = current_reasons(store);
  std::size_t gone = 0, left = 0;
  for (auto& g : list.groups) {
    gone += static_cast<std::size_t>(std::erase_if(g.reasons, [&](const auto& r) { return r.id == id; }));
    left += g.reasons.size();
  }
  if (!gone) throw NotFound(phrase("hq.reasons.no_reason", {{"id", id}}));
  if (!left) throw AdminError(phrase("hq.reasons.not_empty"));
  std::erase_if(list.groups, [](const auto& x) { return x.reasons.empty(); });
  json out = publish(store, std::move(list));
  audit(store, who, "reason.delete", "reason:" + id, "listed", "deleted");
  return out;
}

json calendar_json(HqStore& store, int year) {
  const auto doc = current_document(store, "calendar");
  json out = {{"version", json()}, {"holidays", json::array()}, {"workdays", json::array()}};
  if (!doc) return out;
  const protocol::CalendarData c = protocol::decode_calendar(*doc);
  out["version"] = c.version;
  const std::string y = std::to_string(year);
  for (const auto& d : c.holidays)
    if (year == 0 || d.rfind(y, 0) == 0) out["holidays"].push_back(d);
  for (const auto& d : c.workdays)
    if (year == 0 || d.rfind(y, 0) == 0) out["workdays"].push_back(d);
  return out;
}

json set_calendar_day(HqStore& store, const Principal& who, const std::string& date, const std::string& kind) {
  require_bureau(who);
  if (!protocol::valid_date(date)) throw AdminError(phrase("hq.edit.date"));
  if (kind != "holiday" && kind != "workday" && kind != "normal") throw AdminError(phrase("hq.api.day_kind"));
  std::set<std::string> holidays, workdays;
  if (const auto doc = current_document(store, "calendar")) {
    const protocol::CalendarData c = protocol::decode_calendar(*doc);
    holidays.insert(c.holidays.begin(), c.holidays.end());
    workdays.insert(c.workdays.begin(), c.workdays.end());
  }
  const std::string was = holidays.count(date) ? "holiday" : workdays.count(date) ? "workday" : "normal";
  holidays.erase(date);
  workdays.erase(date);
  if (kind == "holiday") holidays.insert(date);
  if (kind == "workday") workdays.insert(date);
  protocol::CalendarData c{"", {holidays.begin(), holidays.end()}, {workdays.begin(), workdays.end()}};
  c.version = new_version(store.hall_clock().now_iso(), protocol::encode_calendar(c));
  protocol::ReferenceData data;
  data.calendar = c;
  store.import_reference(data);
  audit(store, who, "calendar.set", "calendar:" + date, was, kind);
  return calendar_json(store, std::stoi(date.substr(0, 4)));
}

}  // namespace hq
