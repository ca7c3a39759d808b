#include "sync/protocol/reference_json.h"

#include "sync/common/civil_time.h"

#include <array>
#include <nlohmann/json.hpp>

#include "sync/protocol/json_limits.h"
#include "sync/protocol/pin_lockout.h"

namespace protocol {
namespace {

using nlohmann::json;

// Reads fields of one JSON object, naming the record and field in any error.
class Reader {
 public:
  Reader(const json& obj, std::string where) : obj_(obj), where_(std::move(where)) {
    if (!obj_.is_object()) fail("is not an object");
  }
  [[noreturn]] void fail(const std::string& what) const { throw DecodeError(where_ + " " + what); }

  std::string str(const char* key, bool required = true) const {
    auto it = obj_.find(key);
    if (it == obj_.end() || it->is_null()) {
      if (required) fail(std::string("lacks \"") + key + "\"");
      return {};
    }
    if (!it->is_string()) fail(std::string("field \"") + key + "\" is not a string");
    return it->get<std::string>();
  }
  std::string id(const char* key) const {
    std::string v = str(key);
    if (v.empty() || v.size() > 64) fail(std::string("field \"") + key + "\" must be 1..64 bytes");
    return v;
  }
  std::optional<std::string> opt(const char* key) const {
    auto it = obj_.find(key);
    if (it == obj_.end() || it->is_null()) return std::nullopt;
    return str(key);
  }
  int integer(const char* key) const {
    auto it = obj_.find(key);
    if (it == obj_.end()) return 0;
    if (!it->is_number_integer()) fail(std::string("field \"") + key + "\" is not an integer");
    return it->get<int>();
  }
  // A number, or nullopt when absent or null.
  std::optional<double> fraction(const char* key) const {
    auto it = obj_.find(key);
    if (it == obj_.end() || it->is_null()) return std::nullopt;
    if (!it->is_number()) fail(std::string("field \"") + key + "\" is not a number");
    return it->get<double>();
  }
  template <WireEnum E>
  E enumerated(const char* key) const {
    std::string v = str(key);
    auto e = from_string<E>(v);
    if (!e) fail(std::string("field \"") + key + "\" has unknown value \"" + v + "\"");
    return *e;
  }
  std::string date(const char* key) const {
    std::string v = str(key);
    if (!common::valid_date(v)) fail(std::string("field \"") + key + "\" is not a date YYYY-MM-DD: \"" + v + "\"");
    return v;
  }

 private:
  const json& obj_;
  std::string where_;
};

template <typename T, typename F>
void read_array(const json& root, const char* key, std::vector<T>& out, F&& read_one) {
  auto it = root.find(key);
  if (it == root.end() || it->is_null()) return;
  if (!it->is_array()) throw DecodeError(std::string("\"") + key + "\" is not an array");
  out.reserve(it->size());
  for (std::size_t i = 0; i < it->size(); ++i)
    out.push_back(read_one(Reader((*it)[i], std::string(key) + "[" + std::to_string(i) + "]")));
}

json opt_json(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

Department read_department(const Reader& r) {
  return Department{r.id("id"), r.str("name"), r.str("short_name", false), r.integer("sort"),
                    r.str("credit_code", false)};
}
Window read_window(const Reader& r) {
  return Window{r.id("id"), r.str("number"), r.str("name", false), r.id("department_id")};
}
Official read_official(const Reader& r) {
  return Official{r.id("id"),           r.str("name"),         r.str("title"),
                  r.enumerated<Rank>("rank"),           r.id("department_id"),
                  r.str("phone", false), r.opt("photo"),        r.opt("pin_hash")};
}
ServiceItem read_service_item(const Reader& r) {
  return ServiceItem{r.id("id"),          r.id("department_id"), r.str("name"),
                     r.enumerated<ItemType>("type"), r.str("audience", false),
                     r.str("mode", false), r.str("channel", false), r.str("section", false),
                     r.str("contact", false), r.str("note", false), r.str("task_code", false)};
}

PinLockRow read_pin_lock(const Reader& r, const json& o) {
  PinLockRow x{r.id("official_id"), r.integer("failures"), 0, r.integer("resets")};
  if (x.failures < 0 || x.resets < 0) r.fail("has a negative count");
  const auto until_reset = o.find("until_reset");
  if (until_reset != o.end() && !until_reset->is_boolean()) r.fail("field \"until_reset\" is not true/false");
  if (until_reset != o.end() && until_reset->get<bool>()) {
    x.locked_until = kLockedUntilReset;
  } else if (const auto at = r.opt("locked_until")) {
    const auto t = common::parse_timestamp(*at);
    if (!t) r.fail("field \"locked_until\" is not an ISO 8601 time with offset");
    x.locked_until = *t;
  }
  return x;
}

json row_json(const PinLockRow& x) {
  const bool forever = x.locked_until == kLockedUntilReset;
  return {{"official_id", x.official_id},
          {"failures", x.failures},
          {"locked_until", x.locked_until > 0 && !forever ? json(common::format_timestamp_utc(x.locked_until)) : json()},
          {"until_reset", forever},
          {"resets", x.resets}};
}

// The forwarding's codes travel only when known, so rows without them keep their shape (and their digests).
void add_code(json& row, const char* key, const std::string& code) {
  if (!code.empty()) row[key] = code;
}

json row_json(const Department& x) {
  json row = {{"id", x.id}, {"name", x.name}, {"short_name", x.short_name}, {"sort", x.sort}};
  add_code(row, "credit_code", x.credit_code);
  return row;
}
json row_json(const Window& x) {
  return {{"id", x.id}, {"number", x.number}, {"name", x.name}, {"department_id", x.department_id}};
}
json row_json(const Official& x) {
  return {{"id", x.id},
          {"name", x.name},
          {"title", x.title},
          {"rank", to_string(x.rank)},
          {"department_id", x.department_id},
          {"phone", x.phone},
          {"photo", opt_json(x.photo)},
          {"pin_hash", opt_json(x.pin_hash)}};
}
json row_json(const ScheduleEntry& x) {
  return {{"id", x.id},          {"date", x.date},           {"half", to_string(x.half)},
          {"official_id", x.official_id}, {"window_id", x.window_id}, {"note", x.note}};
}
json row_json(const ServiceItem& x) {
  json row = {{"id", x.id},         {"department_id", x.department_id}, {"name", x.name},
              {"type", to_string(x.type)}, {"audience", x.audience},   {"mode", x.mode},
              {"channel", x.channel}, {"section", x.section},           {"contact", x.contact},
              {"note", x.note}};
  add_code(row, "task_code", x.task_code);
  return row;
}

ReasonList read_reason_list(const json& j) {
  Reader top(j, "reason_list");
  ReasonList list{top.str("version"), {}};
  read_array(j, "groups", list.groups, [](const Reader& g) {
    return ReasonGroup{g.id("id"), g.str("zh"), g.str("en"), {}};
  });
  const json& groups = j.at("groups");
  for (std::size_t i = 0; i < list.groups.size(); ++i) {
    read_array(groups[i], "reasons", list.groups[i].reasons,
               [](const Reader& r) { return Reason{r.id("id"), r.str("zh"), r.str("en")}; });
    if (list.groups[i].reasons.empty()) throw DecodeError("reason_list groups[" + std::to_string(i) + "] has no reasons");
  }
  if (list.groups.empty()) throw DecodeError("reason_list has no groups");
  return list;
}

CalendarData read_calendar(const json& j) {
  Reader top(j, "calendar");
  CalendarData c{top.str("version", false), {}, {}};
  for (const char* key : {"holidays", "workdays"}) {
    auto it = j.find(key);
    if (it == j.end() || !it->is_array()) top.fail(std::string("lacks the list \"") + key + "\"");
    for (const auto& d : *it) {
      const std::string v = d.is_string() ? d.get<std::string>() : "";
      const json one = {{"date", v}};
      (std::string(key) == "holidays" ? c.holidays : c.workdays).push_back(Reader(one, std::string("calendar ") + key).date("date"));
    }
  }
  return c;
}

PublishedResults read_published_results(const json& j) {
  Reader top(j, "published_results");
  PublishedResults p{top.str("month"), {}};
  if (p.month.size() != 7 || !common::valid_date(p.month + "-01")) top.fail("field \"month\" is not a month YYYY-MM");
  read_array(j, "departments", p.departments, [](const Reader& r) {
    DepartmentResult d{r.id("department_id"), r.integer("ratings"), r.fraction("good_rate")};
    if (d.ratings < 0) r.fail("has a negative count");
    if (d.good_rate && (*d.good_rate < 0 || *d.good_rate > 1)) r.fail("field \"good_rate\" is not within 0..1");
    return d;
  });
  return p;
}

json published_results_json(const PublishedResults& p) {
  json depts = json::array();
  for (const auto& d : p.departments)
    depts.push_back({{"department_id", d.department_id},
                     {"ratings", d.ratings},
                     {"good_rate", d.good_rate ? json(*d.good_rate) : json()}});
  return {{"month", p.month}, {"departments", depts}};
}

json reason_list_json(const ReasonList& l) {
  json groups = json::array();
  for (const auto& g : l.groups) {
    json reasons = json::array();
    for (const auto& r : g.reasons) reasons.push_back({{"id", r.id}, {"zh", r.zh}, {"en", r.en}});
    groups.push_back({{"id", g.id}, {"zh", g.zh}, {"en", g.en}, {"reasons", reasons}});
  }
  return {{"version", l.version}, {"groups", groups}};
}

json calendar_json(const CalendarData& c) {
  return {{"version", c.version}, {"holidays", c.holidays}, {"workdays", c.workdays}};
}

json parse_json(const std::string& text) { return parse_limited(text, "reference data"); }

}  // namespace

ReasonList decode_reason_list(const std::string& json_text) { return read_reason_list(parse_json(json_text)); }
CalendarData decode_calendar(const std::string& json_text) { return read_calendar(parse_json(json_text)); }
std::string encode_reason_list(const ReasonList& list) { return reason_list_json(list).dump(); }
std::string encode_calendar(const CalendarData& calendar) { return calendar_json(calendar).dump(); }
PublishedResults decode_published_results(const std::string& json_text) {
  return read_published_results(parse_json(json_text));
}
std::string encode_published_results(const PublishedResults& results) {
  return published_results_json(results).dump();
}

Department decode_department(const std::string& json_text) {
  return read_department(Reader(parse_json(json_text), "department"));
}
Window decode_window(const std::string& json_text) { return read_window(Reader(parse_json(json_text), "window")); }
Official decode_official(const std::string& json_text) {
  return read_official(Reader(parse_json(json_text), "official"));
}
ServiceItem decode_service_item(const std::string& json_text) {
  return read_service_item(Reader(parse_json(json_text), "service item"));
}
std::string encode_official(const Official& official) { return row_json(official).dump(); }
std::string encode_pin_lock(const PinLockRow& row) { return row_json(row).dump(); }

ReferenceData decode_reference(const std::string& json_text) {
  const json root = parse_json(json_text);
  if (!root.is_object()) throw DecodeError("reference data is not a JSON object");
  ReferenceData d;
  Reader top(root, "reference data");
  d.protocol = top.integer("protocol");
  if (d.protocol != kProtocolVersion)
    top.fail("has protocol " + std::to_string(d.protocol) + ", this kiosk reads " +
             std::to_string(kProtocolVersion));
  d.cursor = top.str("cursor", false);
  if (auto it = root.find("full"); it != root.end()) {
    if (!it->is_boolean()) top.fail("field \"full\" is not true/false");
    d.full = it->get<bool>();
  }
  read_array(root, "departments", d.departments, read_department);
  read_array(root, "windows", d.windows, read_window);
  read_array(root, "officials", d.officials, read_official);
  read_array(root, "schedule", d.schedule, [](const Reader& r) {
    return ScheduleEntry{r.id("id"),          r.date("date"),      r.enumerated<HalfDay>("half"),
                         r.id("official_id"), r.id("window_id"),   r.str("note", false)};
  });
  read_array(root, "sittings", d.sittings, [](const Reader& r) {
    return Sitting{r.id("uuid"), r.id("official_id"), r.id("window_id"), r.opt("schedule_id"),
                   r.str("checkin_at"), r.opt("checkout_at")};
  });
  read_array(root, "service_items", d.service_items, read_service_item);
  read_array(root, "report_updates", d.report_updates, [](const Reader& r) {
    return ReportUpdate{r.id("receipt"), r.enumerated<ReportState>("status"), r.str("reply", false),
                        r.str("updated_at", false)};
  });
  if (auto it = root.find("pin_locks"); it != root.end() && !it->is_null()) {
    if (!it->is_array()) top.fail("field \"pin_locks\" is not an array");
    for (std::size_t i = 0; i < it->size(); ++i)
      d.pin_locks.push_back(read_pin_lock(Reader((*it)[i], "pin_locks[" + std::to_string(i) + "]"), (*it)[i]));
  }
  if (auto it = root.find("reason_list"); it != root.end() && !it->is_null()) d.reason_list = read_reason_list(*it);
  if (auto it = root.find("calendar"); it != root.end() && !it->is_null()) d.calendar = read_calendar(*it);
  if (auto it = root.find("published_results"); it != root.end() && !it->is_null())
    d.published_results = read_published_results(*it);
  if (auto it = root.find("deleted"); it != root.end() && !it->is_null()) {
    if (!it->is_object()) top.fail("field \"deleted\" is not an object");
    for (auto& [table, ids] : it->items()) {
      if (!ids.is_array()) top.fail("deleted." + table + " is not an array");
      std::vector<std::string> list;
      for (auto& v : ids) {
        if (!v.is_string()) top.fail("deleted." + table + " holds a non-string id");
        list.push_back(v.get<std::string>());
      }
      d.deleted.emplace_back(table, std::move(list));
    }
  }
  return d;
}

std::string encode_reference(const ReferenceData& d) {
  json root = {{"protocol", d.protocol}, {"cursor", d.cursor}, {"full", d.full}};
  json& deps = root["departments"] = json::array();
  for (const auto& x : d.departments) deps.push_back(row_json(x));
  json& wins = root["windows"] = json::array();
  for (const auto& x : d.windows) wins.push_back(row_json(x));
  json& offs = root["officials"] = json::array();
  for (const auto& x : d.officials) offs.push_back(row_json(x));
  json& sch = root["schedule"] = json::array();
  for (const auto& x : d.schedule) sch.push_back(row_json(x));
  json& sits = root["sittings"] = json::array();
  for (const auto& x : d.sittings)
    sits.push_back({{"uuid", x.uuid},
                    {"official_id", x.official_id},
                    {"window_id", x.window_id},
                    {"schedule_id", opt_json(x.schedule_id)},
                    {"checkin_at", x.checkin_at},
                    {"checkout_at", opt_json(x.checkout_at)}});
  json& items = root["service_items"] = json::array();
  for (const auto& x : d.service_items) items.push_back(row_json(x));
  json& updates = root["report_updates"] = json::array();
  for (const auto& x : d.report_updates)
    updates.push_back(
        {{"receipt", x.receipt}, {"status", to_string(x.status)}, {"reply", x.reply}, {"updated_at", x.updated_at}});
  if (!d.pin_locks.empty()) {
    json& locks = root["pin_locks"] = json::array();
    for (const auto& x : d.pin_locks) locks.push_back(row_json(x));
  }
  if (d.reason_list) root["reason_list"] = reason_list_json(*d.reason_list);
  if (d.calendar) root["calendar"] = calendar_json(*d.calendar);
  if (d.published_results) root["published_results"] = published_results_json(*d.published_results);
  if (!d.deleted.empty()) {
    json& del = root["deleted"] = json::object();
    for (const auto& [table, ids] : d.deleted) del[table] = ids;
  }
  return root.dump(-1, ' ', false);  // compact: it is what every kiosk downloads
}

std::vector<ReferenceRow> reference_rows(const ReferenceData& d) {
  std::vector<ReferenceRow> out;
  auto add = [&](const char* table, const auto& rows) {
    for (const auto& x : rows) out.push_back({table, x.id, row_json(x).dump()});
  };
  add("departments", d.departments);
  add("windows", d.windows);
  add("officials", d.officials);
  add("schedule", d.schedule);
  add("service_items", d.service_items);
  return out;
}

}  // namespace protocol
