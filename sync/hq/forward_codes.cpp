#include "sync/hq/forward_codes.h"

#include <algorithm>
#include <regex>
#include <set>
#include <utility>
#include <vector>

#include "sync/common/installed_assets.h"
#include "sync/common/read_text.h"
#include "sync/hq/csv_table.h"
#include "sync/hq/csv_writer.h"
#include "sync/hq/export_lookup.h"
#include "sync/hq/published_document.h"
#include "sync/protocol/names.h"
#include "sync/protocol/reference_json.h"

namespace hq {
namespace {

using nlohmann::json;
using sync_db::Db;
using sync_db::Stmt;

// Every reason HQ knows, in the order the kiosks list them (the current list, HQ's or the shipped one), then the
// retired ones by wording.
std::vector<std::pair<std::string, std::string>> known_reasons(HqStore& store, const std::string& assets_dir) {
  std::vector<std::pair<std::string, std::string>> out;
  std::set<std::string> seen;
  std::optional<std::string> doc = current_document(store, "reason_list");
  if (!doc) doc = common::read_text(assets_dir + "/reasons/rating_reasons.json");
  if (doc) {
    try {
      for (const auto& g : protocol::decode_reason_list(*doc).groups)
        for (const auto& r : g.reasons)
          if (seen.insert(r.id).second) out.emplace_back(r.id, r.zh);
    } catch (const protocol::DecodeError&) {  // an unreadable shipped list: the wordings below still name them
    }
  }
  const auto all = store.locked([&](Db& db) { return reason_wordings(db, shipped_reason_wordings(assets_dir)); });
  std::vector<std::pair<std::string, std::string>> retired;
  for (const auto& [id, zh] : all)
    if (!seen.count(id)) retired.emplace_back(id, zh);
  std::sort(retired.begin(), retired.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
  out.insert(out.end(), retired.begin(), retired.end());
  return out;
}

bool code_ok(const std::string& code) {
  static const std::regex re("^[0-9A-Za-z_.-]{1,32}$");
  return std::regex_match(code, re);
}

}  // namespace

std::map<std::string, std::string> uploaded_reason_codes(Db& db) {
  std::map<std::string, std::string> out;
  Stmt s(db, "SELECT id, code FROM forward_codes WHERE kind='reason'");
  while (s.step()) out[s.text(0)] = s.text(1);
  return out;
}

std::map<std::string, std::string> reason_codes_in_force(Db& db, std::map<std::string, std::string> config) {
  for (auto& [id, code] : uploaded_reason_codes(db)) config[id] = std::move(code);
  return config;
}

ImportResult import_reason_codes(HqStore& store, const std::string& bytes) {
  ImportResult result;
  const CsvTable cols(bytes, result.errors, {"原因", "代码"});
  if (!result.ok()) return result;
  const std::string assets_dir = common::installed_assets("hall-hqd", HQD_ASSETS_DIR);
  std::map<std::string, std::string> by_wording;  // wording → id (the current list's wins)
  std::set<std::string> ids;
  for (const auto& [id, zh] : known_reasons(store, assets_dir)) {
    by_wording.emplace(zh, id);
    ids.insert(id);
  }
  std::map<std::string, std::size_t> where;  // reason id → its line
  std::vector<std::pair<std::string, std::string>> codes;
  for (const CsvRow& row : cols.rows) {
    const std::string given_id = cols.get(row, "编号"), zh = cols.get(row, "原因"), code = cols.get(row, "代码");
    std::vector<protocol::Phrase> why;
    std::string id;
    if (!given_id.empty() && ids.count(given_id)) id = given_id;
    else if (const auto w = by_wording.find(zh); w != by_wording.end()) id = w->second;
    if (id.empty())
      why.push_back(phrase("hq.forward.codes.unknown_reason", {{"text", zh.empty() ? given_id : zh}}));
    if (!code.empty() && !code_ok(code)) why.push_back(phrase("hq.forward.codes.bad_code", {{"text", code}}));
    if (!id.empty())
      if (auto [it, fresh] = where.emplace(id, row.line); !fresh)
        why.push_back(phrase("hq.import.reason_twice", {{"text", zh}, {"id", id}, {"line", std::to_string(it->second)}}));
    if (!why.empty()) {
      result.errors.push_back(LineSaid{row.line, why});
      continue;
    }
    codes.emplace_back(id, code);
  }
  if (codes.empty() && result.ok()) result.errors.push_back(LineSaid{0, {phrase("hq.forward.codes.none")}});
  if (!result.ok()) return result;
  const std::int64_t now_ms = store.clock().now_ms();
  const std::string now = store.hall_clock().now_iso();
  store.locked([&](Db& db) {
    sync_db::Transaction t(db);
    Stmt put(db, "INSERT INTO forward_codes(kind, id, code, updated_at) VALUES('reason', ?, ?, ?) "
                 "ON CONFLICT(kind, id) DO UPDATE SET code=excluded.code, updated_at=excluded.updated_at");
    Stmt drop(db, "DELETE FROM forward_codes WHERE kind='reason' AND id=?");
    for (const auto& [id, code] : codes) {
      if (code.empty()) drop.bind(1, id).run();
      else put.bind(1, id).bind(2, code).bind(3, now).run();
    }
    // The ratings (and handling ratings) held for want of a code are mapped again at the sender's next round.
    Stmt(db, "UPDATE forwards SET next_attempt_at=? WHERE state='held'").bind(1, now_ms).run();
    Stmt(db, "UPDATE forward_events SET next_attempt_at=? WHERE state='held' AND kind='handling'").bind(1, now_ms).run();
    t.commit();
  });
  result.imported = codes.size();
  return result;
}

json forward_codes_view(HqStore& store, const std::map<std::string, std::string>& config_codes,
                        const std::map<std::string, std::string>& config_department_codes,
                        const std::string& assets_dir) {
  const auto reasons = known_reasons(store, assets_dir);
  return store.locked([&](Db& db) {
    const auto uploaded = uploaded_reason_codes(db);
    json list = json::array();
    for (const auto& [id, zh] : reasons) {
      json r = {{"id", id}, {"reason", zh}, {"code", nullptr}, {"source", nullptr}};
      if (const auto u = uploaded.find(id); u != uploaded.end()) r["code"] = u->second, r["source"] = "uploaded";
      else if (const auto c = config_codes.find(id); c != config_codes.end() && !c->second.empty())
        r["code"] = c->second, r["source"] = "config";
      list.push_back(std::move(r));
    }
    const Lookup l = load_master(db, store.hall_clock());
    std::vector<const protocol::Department*> depts;
    for (const auto& [id, d] : l.departments) depts.push_back(&d);
    std::sort(depts.begin(), depts.end(), [&](auto* a, auto* b) {
      return std::pair(l.department_sort(a->id), a->id) < std::pair(l.department_sort(b->id), b->id);
    });
    json departments = json::array();
    for (const auto* d : depts) {
      const auto c = config_department_codes.find(d->id);
      const std::string code = c != config_department_codes.end() ? c->second : d->credit_code;
      departments.push_back({{"id", d->id}, {"name", d->name}, {"code", code.empty() ? json() : json(code)},
                             {"source", code.empty() ? json() : json(c != config_department_codes.end() ? "config" : "reference")}});
    }
    return json{{"reasons", list}, {"departments", departments}};
  });
}

std::string reason_code_template(HqStore& store, const std::map<std::string, std::string>& config_codes,
                                 const std::string& assets_dir) {
  const auto reasons = known_reasons(store, assets_dir);
  const auto codes = store.locked([&](Db& db) { return reason_codes_in_force(db, config_codes); });
  Sheet s;
  s.name = say(phrase("export.forward_codes.sheet"), Language::zh);
  s.title = say(phrase("export.forward_codes.title"), Language::zh);
  s.meta = {say(phrase("export.forward_codes.hint"), Language::zh)};
  s.headers = {"编号", "原因", "代码"};
  s.footer.clear();
  for (const auto& [id, zh] : reasons) {
    const auto c = codes.find(id);
    s.rows.push_back({id, zh, c != codes.end() ? c->second : ""});
  }
  return csv_bytes({s});
}

}  // namespace hq
