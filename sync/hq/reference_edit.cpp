#include "sync/hq/reference_edit.h"

#include <sodium.h>

#include <map>
#include <set>

#include "sync/hq/admin_error.h"
#include "sync/hq/audit.h"
#include "sync/hq/case_common.h"
#include "sync/hq/console_api.h"
#include "sync/hq/department_scope.h"
#include "sync/hq/name_rules.h"
#include "sync/hq/official_added.h"
#include "sync/hq/pin_lockouts.h"
#include "sync/hq/pins.h"
#include "sync/hq/reference_lookup.h"
#include "sync/protocol/calendar.h"
#include "sync/protocol/reference_json.h"

namespace hq {
namespace {

using nlohmann::json;

// An official's phone as the console and the audit log show it: 063****5010 (one with other characters than
// ASCII, e.g. a note typed into the cell: ****). The pages and the log are read by more people than need it.
std::string shown_phone(const std::string& phone) {
  if (phone.empty()) return phone;
  for (const unsigned char c : phone)
    if (c >= 0x80) return "****";
  return masked_phone(phone);
}

// What a row was, for the audit's "before" ("" when it is new).
template <typename Rows, typename It, typename F>
std::string before_text(const Rows& all, It old, F&& to_json) {
  return old == all.end() ? std::string() : to_json(*old).dump();
}

using sync_db::Db;
using sync_db::Stmt;

// A string member of the body ("" when absent); AdminError when it is there but not a string.
std::string field(const json& body, const char* key) {
  if (!body.is_object()) throw AdminError(phrase("hq.api.not_object"));
  const auto it = body.find(key);
  if (it == body.end() || it->is_null()) return "";
  if (!it->is_string()) throw AdminError(phrase("hq.api.not_string", {{"key", key}}));
  return it->get<std::string>();
}

void check(const std::optional<protocol::Phrase>& problem) {
  if (problem) throw AdminError(*problem);
}

template <typename E>
E enum_field(const json& body, const char* key) {
  const std::string v = field(body, key);
  const auto e = protocol::from_string<E>(v);
  if (!e) {
    std::string words;
    for (const E x : protocol::all_values<E>()) words += (words.empty() ? "" : ", ") + std::string(protocol::to_string(x));
    throw AdminError(phrase("hq.api.one_of", {{"key", key}, {"words", words}}));
  }
  return *e;
}


template <typename Rows>
auto find_id(const Rows& rows, const std::string& id) {
  for (auto it = rows.begin(); it != rows.end(); ++it)
    if (it->id == id) return it;
  return rows.end();
}

json official_json(const protocol::Official& o, const std::map<std::string, std::string>& added, HqStore& store) {
  const auto a = added.find(o.id);
  return {{"id", o.id},       {"name", o.name},   {"title", o.title}, {"rank", protocol::to_string(o.rank)},
          {"department_id", o.department_id}, {"department", department_name(store, o.department_id)},
          {"phone", shown_phone(o.phone)}, {"has_phone", !o.phone.empty()}, {"has_pin", o.pin_hash.has_value()},
          {"added_on", a == added.end() ? json() : json(a->second)}};
}

json window_json(const protocol::Window& w) {
  return {{"id", w.id}, {"number", w.number}, {"name", w.name}, {"department_id", w.department_id}};
}

json item_json(const protocol::ServiceItem& i) {
  return {{"id", i.id},           {"department_id", i.department_id}, {"name", i.name},
          {"type", protocol::to_string(i.type)}, {"audience", i.audience}, {"mode", i.mode},
          {"channel", i.channel}, {"section", i.section}, {"contact", i.contact}, {"note", i.note}};
}

json schedule_json(const protocol::ScheduleEntry& e, const std::map<std::string, protocol::Official>& officials,
                   const std::map<std::string, protocol::Window>& windows) {
  const auto o = officials.find(e.official_id);
  const auto w = windows.find(e.window_id);
  return {{"id", e.id},
          {"date", e.date},
          {"half", protocol::to_string(e.half)},
          {"official_id", e.official_id},
          {"official", o == officials.end() ? "" : o->second.name},
          {"title", o == officials.end() ? "" : o->second.title},
          {"window_id", e.window_id},
          {"window", w == windows.end() ? "" : w->second.number},
          {"note", e.note}};
}

// The department a new row is for: the body's "department" (id or name), else a liaison's own.
std::string body_department(HqStore& store, const Principal& who, const json& body) {
  const std::string asked = field(body, "department");
  if (!asked.empty()) return department_id(store, asked);
  const std::string own = read_scope(store, who, "");
  if (own.empty()) throw AdminError(phrase("hq.api.department_required"));
  return own;
}

std::map<std::string, std::string> added_map(HqStore& store) {
  return store.locked([](Db& db) { return added_days(db); });
}

}  // namespace

std::optional<RefTable> ref_table(const std::string& name) {
  if (name == "windows") return RefTable::windows;
  if (name == "officials") return RefTable::officials;
  if (name == "schedule") return RefTable::schedule;
  if (name == "items") return RefTable::items;
  return std::nullopt;
}

json list_rows(HqStore& store, const Principal& who, RefTable table, const std::string& department,
               const std::string& from, const std::string& to) {
  const std::string dept = read_scope(store, who, department);
  auto in = [&](const std::string& d) { return dept.empty() ? who.sees(department_name(store, d)) : d == dept; };
  json rows = json::array();
  switch (table) {
    case RefTable::windows:
      for (const auto& w : stored_windows(store))
        if (in(w.department_id)) rows.push_back(window_json(w));
      break;
    case RefTable::officials: {
      const auto added = added_map(store);
      // Whose PIN the kiosks' wrong tries have locked right now (a lock until reset is kLockedUntilReset: later
      // than any now).
      std::set<std::string> locked;
      const std::int64_t now = store.hall_clock().now();
      for (const auto& l : pin_locks(store))
        if (l.locked_until > now) locked.insert(l.official_id);
      for (const auto& o : stored_officials(store)) {
        if (!in(o.department_id)) continue;
        rows.push_back(official_json(o, added, store));
        rows.back()["pin_locked"] = locked.count(o.id) > 0;
      }
      break;
    }
    case RefTable::items:
      for (const auto& i : store.locked([](Db& db) { return stored_service_items(db); }))
        if (in(i.department_id)) rows.push_back(item_json(i));
      break;
    case RefTable::schedule: {
      if ((!from.empty() && !protocol::valid_date(from)) || (!to.empty() && !protocol::valid_date(to)))
        throw AdminError(phrase("hq.api.from_to_dates"));
      std::map<std::string, protocol::Official> officials;
      std::map<std::string, protocol::Window> windows;
      for (auto& o : stored_officials(store)) officials.emplace(o.id, std::move(o));
      for (auto& w : stored_windows(store)) windows.emplace(w.id, std::move(w));
      for (const auto& e : stored_schedule(store)) {
        const auto o = officials.find(e.official_id);
        if (o == officials.end() || !in(o->second.department_id)) continue;
        if ((!from.empty() && e.date < from) || (!to.empty() && e.date > to)) continue;
        rows.push_back(schedule_json(e, officials, windows));
      }
      break;
    }
  }
  return rows;
}

json save_row(HqStore& store, const Principal& who, RefTable table, const std::string& id, const json& body) {
  protocol::ReferenceData data;
  data.full = false;
  switch (table) {
    case RefTable::windows: {
      require_bureau(who);
      protocol::Window w{id, field(body, "number"), field(body, "name"), body_department(store, who, body)};
      if (w.number.empty() || w.number.size() > 8 ||
          w.number.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-") != std::string::npos)
        throw AdminError(phrase("hq.import.bad_window_number", {{"window", w.number}}));
      check(text_problem("名称", w.name, 40));
      const auto all = stored_windows(store);
      for (const auto& other : all)
        if (other.number == w.number && other.id != id) throw AdminError(phrase("hq.edit.window_exists", {{"window", w.number}}));
      if (id.empty()) w.id = "w" + w.number;
      const auto old = id.empty() ? all.end() : find_id(all, id);
      if (!id.empty() && old == all.end()) throw NotFound(phrase("hq.edit.no_window", {{"id", id}}));
      data.windows.push_back(w);
      store.import_reference(data);
      audit(store, who, "window.save", "window:" + w.id, before_text(all, old, window_json), window_json(w).dump());
      return window_json(w);
    }
    case RefTable::officials: {
      const auto all = stored_officials(store);
      const auto old = id.empty() ? all.end() : find_id(all, id);
      if (!id.empty() && old == all.end()) throw NotFound(phrase("hq.edit.no_official", {{"id", id}}));
      if (old != all.end()) require_change(store, who, old->department_id);
      const std::string dept = body.contains("department") || old == all.end() ? body_department(store, who, body)
                                                                             : old->department_id;
      require_change(store, who, dept);
      // An edit without "phone" keeps the stored one (the console never has it in full).
      const bool keep_phone = old != all.end() && body.is_object() && !body.contains("phone");
      protocol::Official o{id, field(body, "name"), field(body, "title"), enum_field<protocol::Rank>(body, "rank"), dept,
                           keep_phone ? old->phone : field(body, "phone"), std::nullopt, std::nullopt};
      check(name_problem("姓名", o.name, 30));
      if (o.title.empty()) throw AdminError(phrase("hq.name.empty", {{"what", "职务"}}));
      check(text_problem("职务", o.title, 40));
      check(text_problem("联系电话", o.phone, 30));
      const std::string added_on = field(body, "added_on");
      if (!added_on.empty() && !protocol::valid_date(added_on)) throw AdminError(phrase("hq.edit.added_on_date"));
      if (id.empty()) {
        o.id = derived_id("o", dept, o.name);
        if (find_id(all, o.id) != all.end()) throw AdminError(phrase("hq.edit.official_exists", {{"name", o.name}, {"department", department_name(store, dept)}}));
      } else {
        o.photo = old->photo;
        o.pin_hash = old->pin_hash;
      }
      const auto added = added_map(store);
      const auto as_json = [&](const protocol::Official& x) { return official_json(x, added, store); };
      const std::string before = before_text(all, old, as_json);
      data.officials.push_back(o);
      store.import_reference(data);
      audit(store, who, "official.save", "official:" + o.id, before, as_json(o).dump());
      if (!added_on.empty()) note_added(store, {o.id}, added_on, true);
      else if (id.empty()) note_added(store, {o.id}, store.hall_clock().today());
      return official_json(o, added_map(store), store);
    }
    case RefTable::items: {
      const auto all = store.locked([](Db& db) { return stored_service_items(db); });
      const auto old = id.empty() ? all.end() : find_id(all, id);
      if (!id.empty() && old == all.end()) throw NotFound(phrase("hq.edit.no_item", {{"id", id}}));
      if (old != all.end()) require_change(store, who, old->department_id);
      const std::string dept = body.contains("department") || old == all.end() ? body_department(store, who, body)
                                                                             : old->department_id;
      require_change(store, who, dept);
      protocol::ServiceItem i{id, dept, field(body, "name"), enum_field<protocol::ItemType>(body, "type"),
                              field(body, "audience"), field(body, "mode"), field(body, "channel"),
                              field(body, "section"), field(body, "contact"), field(body, "note"),
                              // 事项统一编码 (the provincial forwarding's taskCode): kept unless the edit gives one
                              body.contains("task_code") ? field(body, "task_code")
                                                         : (old != all.end() ? old->task_code : std::string())};
      if (i.name.empty()) throw AdminError(phrase("hq.name.empty", {{"what", "事项名称"}}));
      check(text_problem("事项名称", i.name, 100));
      for (const auto& [what, f] : {std::pair<const char*, const std::string*>{"服务对象", &i.audience}, {"办理方式", &i.mode},
                                    {"办理途径", &i.channel}, {"责任科室", &i.section}, {"联系方式", &i.contact}})
        check(text_problem(what, *f, 100));
      check(text_problem("备注", i.note, 200, true));
      if (id.empty()) {
        i.id = derived_id("i", dept, i.name);
        if (find_id(all, i.id) != all.end()) throw AdminError(phrase("hq.edit.item_exists", {{"name", i.name}}));
      }
      data.service_items.push_back(i);
      store.import_reference(data);
      audit(store, who, "item.save", "item:" + i.id, before_text(all, old, item_json), item_json(i).dump());
      return item_json(i);
    }
    case RefTable::schedule: {
      const auto all = stored_schedule(store);
      const auto old = id.empty() ? all.end() : find_id(all, id);
      if (!id.empty() && old == all.end()) throw NotFound(phrase("hq.edit.no_schedule_row", {{"id", id}}));
      std::map<std::string, protocol::Official> officials;
      std::map<std::string, protocol::Window> windows;
      for (auto& o : stored_officials(store)) officials.emplace(o.id, std::move(o));
      for (auto& w : stored_windows(store)) windows.emplace(w.id, std::move(w));
      if (old != all.end())
        if (const auto o = officials.find(old->official_id); o != officials.end())
          require_change(store, who, o->second.department_id);
      protocol::ScheduleEntry e{"", field(body, "date"), enum_field<protocol::HalfDay>(body, "half"),
                                field(body, "official_id"), field(body, "window_id"), field(body, "note")};
      if (!protocol::valid_date(e.date)) throw AdminError(phrase("hq.edit.date"));
      const auto o = officials.find(e.official_id);
      if (o == officials.end()) throw AdminError(phrase("hq.edit.no_official", {{"id", e.official_id}}));
      const std::string dept = o->second.department_id;
      require_change(store, who, dept);
      if (e.window_id.empty()) {  // the department's first window by number, as the 附件2 import does
        std::string first;
        for (const auto& [wid, w] : windows)
          if (w.department_id == dept && (first.empty() || w.number < windows.at(first).number)) first = wid;
        if (first.empty()) throw AdminError(phrase("hq.import.no_window", {{"department", department_name(store, dept)}}));
        e.window_id = first;
      }
      const auto w = windows.find(e.window_id);
      if (w == windows.end() || w->second.department_id != dept)
        throw AdminError(phrase("hq.import.not_window", {{"window", e.window_id}, {"department", department_name(store, dept)}}));
      check(text_problem("备注", e.note, 200));
      e.id = "s-" + e.date + "-" + protocol::to_string(e.half) + "-" + e.official_id;
      if (e.id != id && find_id(all, e.id) != all.end())
        throw AdminError(phrase("hq.edit.already_scheduled", {{"name", o->second.name}, {"date", e.date}}, {{"half", protocol::label_key(e.half)}}));
      const auto as_json = [&](const protocol::ScheduleEntry& x) { return schedule_json(x, officials, windows); };
      data.schedule.push_back(e);
      if (!id.empty() && id != e.id) data.deleted.push_back({"schedule", {id}});
      store.import_reference(data);
      audit(store, who, "schedule.save", "schedule:" + e.id, before_text(all, old, as_json), as_json(e).dump());
      return schedule_json(e, officials, windows);
    }
  }
  return json();
}

void delete_row(HqStore& store, const Principal& who, RefTable table, const std::string& id) {
  protocol::ReferenceData data;
  data.full = false;
  auto on_schedule = [&](auto&& uses) {
    std::size_t n = 0;
    for (const auto& e : stored_schedule(store)) n += uses(e) ? 1 : 0;
    return n;
  };
  const char* tbl = "";
  switch (table) {
    case RefTable::windows: {
      require_bureau(who);
      const auto all = stored_windows(store);
      if (find_id(all, id) == all.end()) throw NotFound(phrase("hq.edit.no_window", {{"id", id}}));
      if (const auto n = on_schedule([&](const auto& e) { return e.window_id == id; }))
        throw AdminError(phrase("hq.edit.window_in_use", {{"n", std::to_string(n)}}));
      tbl = "windows";
      break;
    }
    case RefTable::officials: {
      const auto all = stored_officials(store);
      const auto o = find_id(all, id);
      if (o == all.end()) throw NotFound(phrase("hq.edit.no_official", {{"id", id}}));
      require_change(store, who, o->department_id);
      if (const auto n = on_schedule([&](const auto& e) { return e.official_id == id; }))
        throw AdminError(phrase("hq.edit.official_in_use", {{"name", o->name}, {"n", std::to_string(n)}}));
      tbl = "officials";
      break;
    }
    case RefTable::items: {
      const auto all = store.locked([](Db& db) { return stored_service_items(db); });
      const auto i = find_id(all, id);
      if (i == all.end()) throw NotFound(phrase("hq.edit.no_item", {{"id", id}}));
      require_change(store, who, i->department_id);
      tbl = "service_items";
      break;
    }
    case RefTable::schedule: {
      const auto all = stored_schedule(store);
      const auto e = find_id(all, id);
      if (e == all.end()) throw NotFound(phrase("hq.edit.no_schedule_row", {{"id", id}}));
      std::string dept;
      for (const auto& o : stored_officials(store))
        if (o.id == e->official_id) dept = o.department_id;
      if (dept.empty()) require_bureau(who);
      else require_change(store, who, dept);
      tbl = "schedule";
      break;
    }
  }
  data.deleted.push_back({tbl, {id}});
  store.import_reference(data);
  audit(store, who, std::string(tbl) + ".delete", std::string(tbl) + ":" + id, "present", "deleted");
}

json set_official_pin(HqStore& store, const Principal& who, const std::string& official_id,
                      const std::optional<std::string>& given) {
  const auto all = stored_officials(store);
  const auto o = find_id(all, official_id);
  if (o == all.end()) throw NotFound(phrase("hq.edit.no_official", {{"id", official_id}}));
  require_change(store, who, o->department_id);
  std::string pin;
  if (given) {
    pin = *given;
  } else {
    for (int i = 0; i < 6; ++i) pin += static_cast<char>('0' + randombytes_uniform(10));
  }
  std::string shown = pin;  // set_pin wipes its argument
  set_pin(store, official_id, pin);
  audit(store, who, "pin.set", "official:" + official_id, "", given ? "PIN set" : "PIN generated");  // never the PIN
  json out = {{"official", official_id}, {"name", o->name}, {"pin", shown}};
  sodium_memzero(shown.data(), shown.size());
  return out;
}

json unlock_official_pin(HqStore& store, const Principal& who, const std::string& official_id) {
  const auto all = stored_officials(store);
  const auto o = find_id(all, official_id);
  if (o == all.end()) throw NotFound(phrase("hq.edit.no_official", {{"id", official_id}}));
  require_change(store, who, o->department_id);
  reset_pin_lock(store, official_id);
  audit(store, who, "pin.reset", "official:" + official_id, "锁定", "已解除");
  return {{"official", official_id}, {"name", o->name}};
}

}  // namespace hq
