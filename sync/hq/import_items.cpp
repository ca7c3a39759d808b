#include "sync/hq/importers.h"

#include <map>

#include "sync/hq/csv_table.h"
#include "sync/hq/name_rules.h"
#include "sync/hq/reference_lookup.h"

namespace hq {

ImportResult import_items(HqStore& store, const std::string& department, const std::string& bytes) {
  const std::string department_id = hq::department_id(store, department);
  ImportResult result;
  const CsvTable cols(bytes, result.errors, {"事项名称", "类型"});
  if (!result.ok()) return result;
  static const std::map<std::string, protocol::ItemType> kTypes = {
      {"高效办成一件事", protocol::ItemType::one_thing}, {"集成办", protocol::ItemType::integrated},
      {"跨域办", protocol::ItemType::cross_region},     {"高频", protocol::ItemType::high_frequency},
      {"其他", protocol::ItemType::other}};
  protocol::ReferenceData data;
  std::map<std::string, std::size_t> seen;
  std::map<std::string, std::string> known_codes;  // 事项统一编码 by item id: kept when the table has none
  for (auto& i : store.locked([](sync_db::Db& db) { return stored_service_items(db); })) known_codes[i.id] = i.task_code;
  for (const CsvRow& row : cols.rows) {
    std::string type_text = cols.get(row, "类型");
    for (const char* q : {"“", "”", "\""})
      for (std::size_t p; (p = type_text.find(q)) != std::string::npos;) type_text.erase(p, std::string(q).size());
    const std::string name = cols.get(row, "事项名称");
    std::vector<protocol::Phrase> why;
    if (name.empty()) why.push_back(phrase("hq.name.empty", {{"what", "事项名称"}}));
    else if (const auto bad = text_problem("事项名称", name, 100)) why.push_back(*bad);
    const auto type = kTypes.find(type_text);
    if (type == kTypes.end())
      why.push_back(phrase("hq.import.bad_item_type", {{"type", type_text}}));
    if (why.empty())
      if (auto [it, fresh] = seen.emplace(name, row.line); !fresh)
        why.push_back(phrase("hq.import.item_twice", {{"name", name}, {"line", std::to_string(it->second)}}));
    if (!why.empty()) {
      result.errors.push_back(LineSaid{row.line, why});
      continue;
    }
    const std::string id = derived_id("i", department_id, name);
    const std::string code = cols.get(row, "事项统一编码");  // optional: the provincial forwarding's taskCode
    data.service_items.push_back({id, department_id, name, type->second, cols.get(row, "服务对象"),
                                  cols.get(row, "办理方式"), cols.get(row, "办理途径"), cols.get(row, "责任科室"),
                                  cols.get(row, "联系方式"), cols.get(row, "备注"), code.empty() ? known_codes[id] : code});
  }
  if (!result.ok()) return result;
  store.import_reference(data);
  result.imported = data.service_items.size();
  return result;
}

}  // namespace hq
