#include "sync/hq/case_common.h"

#include "sync/common/civil_time.h"
#include "sync/hq/hq_words.h"
#include "sync/hq/reference_lookup.h"
#include "sync/protocol/json_limits.h"
#include "sync/protocol/string_table.h"

namespace hq {

using nlohmann::json;
using sync_db::Db;
using sync_db::Stmt;

namespace {

std::string trimmed(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r\n") - b + 1);
}

}  // namespace

const std::string& label_zh(const std::string& key) {
  const auto& all = words(Language::zh).all();
  const auto it = all.find(key);
  return it == all.end() ? key : it->second;
}

std::optional<std::string> word_for_label(const std::string& word, const std::string& prefix,
                                          const std::vector<std::string>& wire_words) {
  const std::string w = trimmed(word);
  if (prefix.empty() || w.empty()) return std::nullopt;
  for (const Language lang : {Language::zh, Language::en})
    for (const auto& wire : wire_words) {
      const auto& table = words(lang).all();
      const auto it = table.find(prefix + wire);
      if (it == table.end()) continue;
      // The label as written, or with English in any case.
      std::string a = it->second, b = w;
      for (auto* s : {&a, &b})
        for (char& c : *s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (a == b) return wire;
    }
  return std::nullopt;
}

Departments::Departments(Db& db) {
  for (const auto& d : stored_departments(db)) {
    names[d.id] = d.name;
    by_name[d.name] = d.id;
    if (!d.short_name.empty()) by_name.emplace(d.short_name, d.id);
  }
}

std::string Departments::name(const std::string& id) const {
  const auto it = names.find(id);
  return it == names.end() ? "（未知部门）" : it->second;
}

std::string Departments::id_of(const std::string& id_or_name) const {
  const std::string w = trimmed(id_or_name);
  if (names.count(w)) return w;
  if (const auto it = by_name.find(w); it != by_name.end()) return it->second;
  std::string list;
  for (const auto& [id, n] : names) list += (list.empty() ? "" : "、") + n;
  if (list.empty()) throw NotFound(phrase("hq.lookup.no_departments"));
  throw NotFound(phrase("hq.lookup.no_department", {{"name", w}, {"names", list}}));
}

std::string only_department(const Principal& who, const Departments& d) {
  if (who.role != Role::liaison) return "";
  const auto it = d.by_name.find(who.department);
  return it == d.by_name.end() ? std::string("\x01 no department") : it->second;
}

void require_sees(const Principal& who, const Departments& d, const std::string& id, const std::string& what) {
  const auto it = d.names.find(id);
  const std::string name = it == d.names.end() ? std::string() : it->second;
  if (who.role == Role::liaison && (name.empty() || !who.sees(name)))
    throw Forbidden(phrase("hq.case.other_department", {{"department", d.name(id)}, {"own", who.department}}, {{"what", what}}));
}

std::string checked_text(const std::string& text, const char* what, bool may_be_empty) {
  if (!protocol::valid_utf8(text)) throw AdminError(phrase("hq.case.text_not_utf8", {}, {{"what", what}}));
  std::string t = trimmed(text);
  if (t.empty() && !may_be_empty) throw AdminError(phrase("hq.case.text_empty", {}, {{"what", what}}));
  if (t.size() > kMaxNoteBytes)
    throw AdminError(phrase("hq.case.text_long", {{"bytes", std::to_string(kMaxNoteBytes)}, {"max", std::to_string(kMaxNoteBytes / 3)}},
                                   {{"what", what}}));
  return t;
}

void SqlWhere::add(const std::string& cond, std::vector<std::variant<std::string, std::int64_t>> values) {
  sql += sql.empty() ? " WHERE " : " AND ";
  sql += cond;
  for (auto& v : values) args.push_back(std::move(v));
}

void SqlWhere::bind(Stmt& s, int first) const {
  int i = first;
  for (const auto& a : args) {
    if (const auto* t = std::get_if<std::string>(&a)) s.bind(i++, *t);
    else s.bind(i++, std::get<std::int64_t>(a));
  }
}

std::pair<std::string, std::int64_t> parse_cursor(const std::string& cursor) {
  const auto bar = cursor.find('|');
  const std::string key = bar == std::string::npos ? "" : cursor.substr(0, bar);
  const std::string id = bar == std::string::npos ? "" : cursor.substr(bar + 1);
  if (!common::valid_date(key) || id.empty() || id.size() > 18 || id.find_first_not_of("0123456789") != std::string::npos)
    throw AdminError("cursor is not one a list page gave (next_cursor)");
  return {key, std::stoll(id)};
}

void check_date(const std::string& date, const char* what) {
  if (!date.empty() && !common::valid_date(date)) throw AdminError(phrase("hq.case.date", {}, {{"what", what}}));
}

void check_page(const CaseQuery& q) {
  if (q.limit < 1 || q.limit > kMaxPageSize) throw AdminError("limit must be 1.." + std::to_string(kMaxPageSize));
  if (q.offset < 0 || q.offset > kMaxOffset) throw AdminError("offset must be 0.." + std::to_string(kMaxOffset));
  if (q.offset > 0 && !q.cursor.empty()) throw AdminError("give offset or cursor, not both");
  check_date(q.from, "hq.field.from");
  check_date(q.to, "hq.field.to");
}

ListSql list_sql(const Principal& who, const Departments& d, const CaseQuery& q, const std::string& today,
                 const std::string& state, const char* deadline_column) {
  ListSql out;
  SqlWhere& w = out.where;
  const std::string only = only_department(who, d);
  if (!q.department.empty()) {
    const std::string id = d.id_of(q.department);
    require_sees(who, d, id, "hq.field.department_list");
    w.add("c.department_id=?", {id});
  } else if (!only.empty()) {
    w.add("c.department_id=?", {only});
  }
  if (!state.empty()) w.add("c.state=?", {state});
  const std::string deadline = std::string("c.") + deadline_column;
  if (q.overdue) w.add(deadline + "<?", {today});
  else if (q.open) w.add(deadline + " IS NOT NULL");
  if (!q.from.empty()) w.add("c.hall_date>=?", {q.from});
  if (!q.to.empty()) w.add("c.hall_date<=?", {q.to});
  if (!q.cursor.empty()) {
    const auto [key, id] = parse_cursor(q.cursor);
    w.add(q.by_deadline() ? "(" + deadline + ", c.id) > (?, ?)" : "(c.hall_date, c.id) < (?, ?)", {key, id});
  }
  out.order = q.by_deadline() ? " ORDER BY " + deadline + ", c.id" : " ORDER BY c.hall_date DESC, c.id DESC";
  return out;
}

json list_page(Db& db, const ListSql& sql, const CaseQuery& q, const std::string& table, const std::string& columns,
               const std::string& joins, const std::string& today,
               const std::function<std::pair<json, std::string>(const Stmt&)>& item) {
  Stmt s(db, "SELECT " + columns + " FROM (SELECT c.id FROM " + table + " c" + sql.where.sql + sql.order +
                 " LIMIT ? OFFSET ?) p CROSS JOIN " + table + " c ON c.id=p.id" + joins + sql.order);
  sql.where.bind(s);
  const int n = static_cast<int>(sql.where.args.size());
  s.bind(n + 1, q.limit + 1).bind(n + 2, q.offset);
  json items = json::array();
  std::string next;
  bool more = false;
  while (s.step()) {
    if (static_cast<int>(items.size()) == q.limit) {
      more = true;
      break;
    }
    auto [j, key] = item(s);
    items.push_back(std::move(j));
    next = key;
  }
  return json{{"items", std::move(items)}, {"next_cursor", more ? json(next) : json()}, {"today", today}};
}

json case_counts(Db& db, const Principal& who, const std::string& today, const std::vector<std::string>& states,
                 const CountTables& t) {
  const Departments d(db);
  const std::string only = only_department(who, d);
  std::vector<const char*> keys = {"total", "open", "overdue"};
  if (t.appeals) keys.push_back("appeals_pending");
  if (t.appeals) keys.push_back("appeals_approved");
  std::map<std::string, json> per;  // department id → counts
  auto entry = [&](const std::string& id) -> json& {
    auto [it, fresh] = per.try_emplace(id);
    if (fresh) {
      it->second = {{"department", d.name(id)}, {"department_id", id}, {"states", json::object()}};
      for (const char* k : keys) it->second[k] = 0;
      for (const auto& st : states) it->second["states"][st] = 0;
    }
    return it->second;
  };
  auto add = [](json& j, const std::string& k, std::int64_t n) { j[k] = j.value(k, std::int64_t{0}) + n; };
  {  // the counts the triggers keep
    Stmt s(db, std::string("SELECT department_id, state, open, ") + (t.appeals ? "appeal_pending" : "0") + ", n FROM " +
                   t.counts + (only.empty() ? "" : " WHERE department_id=?1"));
    if (!only.empty()) s.bind(1, only);
    while (s.step()) {
      const std::int64_t n = s.integer(4);
      if (n == 0) continue;
      json& e = entry(s.text(0));
      add(e["states"], s.text(1), n);
      add(e, "total", n);
      if (s.integer(2)) add(e, "open", n);
      if (s.integer(3)) add(e, "appeals_pending", n);
    }
  }
  if (t.appeals) {  // a 差评 whose 申诉 was approved is closed and counts under no state (it is not a 差评 any more)
    Stmt s(db, std::string("SELECT department_id, state, count(*) FROM ") + t.cases +
                   " INDEXED BY rating_cases_by_appeal WHERE appeal_state='approved'" +
                   (only.empty() ? "" : " AND department_id=?1") + " GROUP BY department_id, state");
    if (!only.empty()) s.bind(1, only);
    while (s.step()) {
      json& e = entry(s.text(0));
      add(e["states"], s.text(1), -s.integer(2));
      add(e, "appeals_approved", s.integer(2));
    }
  }
  {  // overdue = open − not yet due (the few whose deadline is still ahead)
    Stmt s(db, std::string("SELECT department_id, count(*) FROM ") + t.cases + " INDEXED BY " + t.deadline_index +
                   " WHERE " + t.deadline + " >= ?2" + (only.empty() ? "" : " AND department_id=?1") +
                   " GROUP BY department_id");
    if (!only.empty()) s.bind(1, only);
    s.bind(2, today);
    std::map<std::string, std::int64_t> ahead;
    while (s.step()) ahead[s.text(0)] = s.integer(1);
    for (auto& [id, e] : per) e["overdue"] = e["open"].get<std::int64_t>() - ahead[id];
  }
  json rows = json::array();
  json total = json::object();
  for (const char* k : keys) total[k] = 0;
  total["states"] = json::object();
  for (const auto& st : states) total["states"][st] = 0;
  for (auto& [id, e] : per) {
    if (who.role == Role::liaison && (!d.names.count(id) || !who.sees(d.name(id)))) continue;
    for (const char* k : keys) add(total, k, e[k].get<std::int64_t>());
    for (const auto& [st, n] : e["states"].items()) add(total["states"], st, n.get<std::int64_t>());
    rows.push_back(std::move(e));
  }
  return json{{"departments", std::move(rows)}, {"all", std::move(total)}, {"today", today}};
}

void add_history(Db& db, const std::string& at, const std::string& kind, const std::string& subject,
                 const Principal& who, const std::string& action, const std::optional<std::string>& from,
                 const std::optional<std::string>& to, const std::string& note) {
  Stmt(db,
       "INSERT INTO case_history(kind, subject, at, login, action, from_state, to_state, note) VALUES(?,?,?,?,?,?,?,?)")
      .bind(1, kind).bind(2, subject).bind(3, at).bind(4, who.login).bind(5, action).bind(6, from).bind(7, to)
      .bind(8, note).run();
}

json history(Db& db, const std::string& kind, const std::string& subject, const std::string& label_prefix) {
  json out = json::array();
  Stmt s(db,
         "SELECT at, login, action, from_state, to_state, note FROM case_history WHERE kind=? AND subject=? ORDER BY id");
  s.bind(1, kind).bind(2, subject);
  auto label = [&](const std::optional<std::string>& w) { return w ? json(label_zh(label_prefix + *w)) : json(); };
  while (s.step())
    out.push_back({{"at", s.text(0)}, {"by", s.text(1)}, {"action", s.text(2)}, {"from", or_null(s.opt_text(3))},
                   {"from_name", label(s.opt_text(3))}, {"to", or_null(s.opt_text(4))},
                   {"to_name", label(s.opt_text(4))}, {"note", s.text(5)}});
  return out;
}

json or_null(const std::optional<std::string>& v) { return v ? json(*v) : json(); }

std::string masked_name(const std::string& name) {
  if (name.empty()) return "";
  std::size_t first = 1;  // the bytes of the first UTF-8 character
  const auto c = static_cast<unsigned char>(name[0]);
  if (c >= 0xF0) first = 4;
  else if (c >= 0xE0) first = 3;
  else if (c >= 0xC0) first = 2;
  std::size_t rest = 0;
  for (std::size_t i = first; i < name.size(); ++i)
    if ((static_cast<unsigned char>(name[i]) & 0xC0) != 0x80) ++rest;
  return name.substr(0, std::min(first, name.size())) + std::string(std::max<std::size_t>(rest, 1), '*');
}

std::string masked_phone(const std::string& phone) {
  if (phone.size() < 8) return std::string(phone.size(), '*');
  return phone.substr(0, 3) + "****" + phone.substr(phone.size() - 4);
}

}  // namespace hq
