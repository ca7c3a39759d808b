#include "sync/hq/reference_lookup.h"

#include <sodium.h>

#include <algorithm>
#include <tuple>

#include "sync/hq/admin_error.h"
#include "sync/hq/csv_table.h"
#include "sync/hq/department_scope.h"
#include "sync/hq/digest.h"
#include "sync/protocol/reference_json.h"

namespace hq {
namespace {

using sync_db::Db;
using sync_db::Stmt;

template <typename T>
std::vector<T> stored(Db& db, const char* tbl, T (*decode)(const std::string&)) {
  std::vector<T> out;
  Stmt s(db, "SELECT body FROM reference WHERE tbl=? AND body IS NOT NULL ORDER BY id");
  s.bind(1, tbl);
  while (s.step()) out.push_back(decode(s.text(0)));
  return out;
}

}  // namespace

std::vector<protocol::Department> stored_departments(Db& db) {
  return stored(db, "departments", protocol::decode_department);
}
std::vector<protocol::Window> stored_windows(Db& db) { return stored(db, "windows", protocol::decode_window); }
std::vector<protocol::Official> stored_officials(Db& db) { return stored(db, "officials", protocol::decode_official); }
std::vector<protocol::ServiceItem> stored_service_items(Db& db) {
  return stored(db, "service_items", protocol::decode_service_item);
}
std::vector<protocol::ScheduleEntry> stored_schedule(Db& db) {
  std::string rows;
  Stmt s(db, "SELECT body FROM reference WHERE tbl='schedule' AND body IS NOT NULL ORDER BY id");
  while (s.step()) rows += (rows.empty() ? "" : ",") + s.text(0);
  return protocol::decode_reference("{\"protocol\":" + std::to_string(protocol::kProtocolVersion) +
                                    ",\"schedule\":[" + rows + "]}")
      .schedule;
}
std::vector<protocol::ScheduleEntry> stored_schedule(HqStore& store) {
  return store.locked([](Db& db) { return stored_schedule(db); });
}
std::vector<protocol::Department> stored_departments(HqStore& store) {
  return store.locked([](Db& db) { return stored_departments(db); });
}
std::vector<protocol::Window> stored_windows(HqStore& store) {
  return store.locked([](Db& db) { return stored_windows(db); });
}
std::vector<protocol::Official> stored_officials(HqStore& store) {
  return store.locked([](Db& db) { return stored_officials(db); });
}

std::string derived_id(const std::string& prefix, const std::string& department_id, const std::string& name) {
  return prefix + "-" + hex_hash(department_id + '\x1f' + name, crypto_generichash_BYTES_MIN).substr(0, 16);
}

std::vector<std::pair<std::string, std::string>> departments(HqStore& store) {
  std::vector<std::tuple<int, std::string, std::string>> sorted;
  for (auto& d : stored_departments(store)) sorted.emplace_back(d.sort, std::move(d.id), std::move(d.name));
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::pair<std::string, std::string>> out;
  for (auto& [sort, id, name] : sorted) out.emplace_back(std::move(id), std::move(name));
  return out;
}

std::string department_id(HqStore& store, const std::string& id_or_name) {
  const std::string key = header_key(id_or_name);
  std::vector<std::string> names, suffix;
  for (const auto& d : stored_departments(store)) {
    const std::string &id = d.id, &name = d.name, &short_name = d.short_name;
    if (key == id || key == name || (!short_name.empty() && key == short_name)) return id;
    // "枣庄高新区行政审批局" names 区行政审批局; "行政审批局" too.
    std::string bare = name.rfind("区", 0) == 0 ? name.substr(std::string("区").size()) : name;
    if (bare.size() >= 6 && (key.size() >= bare.size() && key.compare(key.size() - bare.size(), bare.size(), bare) == 0))
      suffix.push_back(id);
    names.push_back(name + " (" + id + ")");
  }
  if (suffix.size() == 1) return suffix.front();
  if (names.empty()) throw NotFound(phrase("hq.lookup.no_departments"));
  throw NotFound(phrase("hq.lookup.no_department", {{"name", id_or_name}, {"names", joined(names, ", ")}}));
}

std::string official_id(HqStore& store, const std::string& id_or_name, const std::string& department) {
  const std::string dept = department.empty() ? "" : department_id(store, department);
  std::vector<protocol::Official> named;
  for (auto& o : stored_officials(store)) {
    if (o.id == id_or_name) return id_or_name;
    if (o.name == trim(id_or_name) && (dept.empty() || o.department_id == dept)) named.push_back(std::move(o));
  }
  if (named.size() == 1) return named.front().id;
  if (named.empty() && dept.empty()) throw NotFound(phrase("hq.lookup.no_official", {{"name", id_or_name}}));
  if (named.empty())
    throw NotFound(phrase("hq.lookup.no_official_in", {{"name", id_or_name}, {"department", department_name(store, dept)}}));
  std::vector<std::string> where;
  for (const auto& o : named) where.push_back(o.department_id);
  throw AdminError(phrase("hq.lookup.several_officials", {{"name", id_or_name}, {"departments", joined(where, ", ")}}));
}

}  // namespace hq
