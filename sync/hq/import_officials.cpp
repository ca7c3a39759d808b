#include "sync/hq/importers.h"

#include <map>

#include "sync/hq/chinese_date.h"
#include "sync/hq/csv_table.h"
#include "sync/hq/name_rules.h"
#include "sync/hq/official_added.h"
#include "sync/hq/reference_lookup.h"

namespace hq {

ImportResult import_officials(HqStore& store, const std::string& bytes, const DepartmentCheck& check) {
  ImportResult result;
  const CsvTable cols(bytes, result.errors, {"姓名", "职务", "级别", "部门"});
  if (!result.ok()) return result;
  std::map<std::string, std::string> departments;  // id, name or short name → id
  for (const auto& d : stored_departments(store)) {
    departments[d.id] = d.id;
    departments[d.name] = d.id;
    if (!d.short_name.empty()) departments[d.short_name] = d.id;
  }
  std::map<std::string, protocol::Official> existing;
  for (auto& o : stored_officials(store)) existing[o.id] = std::move(o);
  static const std::map<std::string, protocol::Rank> kRanks = {
      {"主要负责人", protocol::Rank::head}, {"分管负责人", protocol::Rank::deputy}, {"业务科长", protocol::Rank::chief}};
  protocol::ReferenceData data;
  std::map<std::string, std::size_t> seen;
  std::map<std::string, std::pair<std::string, bool>> since;  // official id → (起始日期 or today, given)
  const std::string today = store.hall_clock().today();
  for (const CsvRow& row : cols.rows) {
    const std::string name = cols.get(row, "姓名"), title = cols.get(row, "职务"), dept = cols.get(row, "部门"),
                      rank_text = cols.get(row, "级别");
    std::vector<protocol::Phrase> why;
    if (const auto bad = name_problem("姓名", name, 30)) why.push_back(*bad);
    if (title.empty()) why.push_back(phrase("hq.name.empty", {{"what", "职务"}}));
    else if (const auto bad_title = text_problem("职务", title, 40)) why.push_back(*bad_title);
    const std::string since_text = cols.get(row, "起始日期");
    const auto since_day = since_text.empty() ? std::optional<std::string>(today) : civil_date(since_text, 0, today);
    if (!since_day) why.push_back(phrase("hq.import.bad_since", {{"text", since_text}}));
    const auto rank = kRanks.find(rank_text);
    if (rank == kRanks.end()) why.push_back(phrase("hq.import.bad_rank", {{"text", rank_text}}));
    const auto d = departments.find(dept);
    if (d == departments.end()) why.push_back(phrase("hq.import.unknown_department", {{"text", dept}}));
    std::string id;
    if (why.empty()) {
      id = derived_id("o", d->second, name);
      if (auto [it, fresh] = seen.emplace(id, row.line); !fresh)
        why.push_back(phrase("hq.import.official_twice",
                             {{"name", name}, {"department", dept}, {"line", std::to_string(it->second)}}));
    }
    if (!why.empty()) {
      result.errors.push_back(LineSaid{row.line, why});
      continue;
    }
    if (check) check(d->second);
    if (!since_text.empty() || !existing.count(id)) since[id] = {*since_day, !since_text.empty()};
    protocol::Official o{id, name, title, rank->second, d->second, cols.get(row, "联系电话"), std::nullopt, std::nullopt};
    if (auto it = existing.find(id); it != existing.end()) {  // a re-import keeps the photo and the PIN hash
      o.photo = it->second.photo;
      o.pin_hash = it->second.pin_hash;
    }
    data.officials.push_back(std::move(o));
  }
  if (!result.ok()) return result;
  store.import_reference(data);
  for (const auto& [id, day] : since) note_added(store, {id}, day.first, day.second);
  result.imported = data.officials.size();
  return result;
}

}  // namespace hq
