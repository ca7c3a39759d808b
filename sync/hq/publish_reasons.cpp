#include "sync/hq/importers.h"

#include <sodium.h>

#include <algorithm>
#include <iterator>
#include <map>
#include <set>

#include "sync/hq/csv_table.h"
#include "sync/hq/digest.h"
#include "sync/hq/name_rules.h"
#include "sync/hq/published_document.h"
#include "sync/protocol/reference_json.h"

namespace hq {

ImportResult publish_reasons(HqStore& store, const std::string& bytes, const std::string& version) {
  ImportResult result;
  protocol::ReasonList list;
  std::map<std::string, std::size_t> where;  // reason id → its line (CSV)
  const auto text = json_text(bytes, result.errors);
  if (!result.ok()) return result;
  if (text) {  // the JSON of assets/reasons/
    try {
      list = protocol::decode_reason_list(*text);
    } catch (const protocol::DecodeError& e) {
      result.errors.push_back(LineSaid{0, {phrase("hq.said.text", {{"text", e.what()}})}});
      return result;
    }
  } else {
    const CsvTable cols(bytes, result.errors, {"分类", "原因"});
    if (!result.ok()) return result;
    for (const CsvRow& row : cols.rows) {
      const std::string group = cols.get(row, "分类"), zh = cols.get(row, "原因"), en = cols.get(row, "英文"),
                        id = cols.get(row, "编号");
      std::vector<protocol::Phrase> why;
      if (group.empty()) why.push_back(phrase("hq.name.empty", {{"what", "分类"}}));
      if (zh.empty()) why.push_back(phrase("hq.name.empty", {{"what", "原因"}}));
      if (!id.empty() && id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") != std::string::npos)
        why.push_back(phrase("hq.import.bad_reason_id", {{"text", id}}));
      if (!why.empty()) {
        result.errors.push_back(LineSaid{row.line, why});
        continue;
      }
      auto g = std::find_if(list.groups.begin(), list.groups.end(), [&](const auto& x) { return x.zh == group; });
      if (g == list.groups.end()) {
        const std::string group_en = cols.get(row, "分类英文");
        list.groups.push_back({"g-" + hex_hash(group, crypto_generichash_BYTES_MIN).substr(0, 8), group,
                               group_en.empty() ? group : group_en, {}});
        g = std::prev(list.groups.end());
      }
      // Without 编号 the id follows the wording, so 差评 given under every version with that wording count together.
      const std::string rid = id.empty() ? "r-" + hex_hash(zh, crypto_generichash_BYTES_MIN).substr(0, 8) : id;
      g->reasons.push_back({rid, zh, en.empty() ? zh : en});
      if (auto [it, fresh] = where.emplace(rid, row.line); !fresh)
        result.errors.push_back(LineSaid{row.line, {phrase("hq.import.reason_twice", {{"text", zh}, {"id", rid},
                                                                                      {"line", std::to_string(it->second)}})}});
    }
  }
  // What the kiosk's reason buttons hold in two lines, in 大字模式 too.
  std::set<std::string> ids;
  for (const auto& g : list.groups)
    for (const auto& r : g.reasons) {
      const std::size_t at = where.count(r.id) ? where.at(r.id) : 0;
      const auto add = [&](protocol::Phrase p) { result.errors.push_back(LineSaid{at, {std::move(p)}}); };
      const auto too_long = [&](const char* what, const std::string& wording, const char* max) {
        add(phrase("hq.name.too_long", {{"what", what}, {"text", wording}, {"max", max}}));
      };
      if (code_points(r.zh) > 12) too_long("原因", r.zh, "12");
      else if (const auto bad = text_problem("原因", r.zh, 12)) add(*bad);
      if (const auto bad = text_problem("英文", r.en, 32); bad && code_points(r.en) <= 32) add(*bad);
      if (code_points(r.en) > 32) too_long("英文", r.en, "32");
      if (!ids.insert(r.id).second && where.empty()) add(phrase("hq.import.reason_id_twice", {{"id", r.id}}));
    }
  if (code_points(version) > 40) result.errors.push_back(LineSaid{0, {phrase("hq.import.long_version")}});
  if (!result.ok()) return result;
  if (!version.empty()) list.version = version;
  if (list.version.empty()) list.version = new_version(store.hall_clock().now_iso(), protocol::encode_reason_list(list));
  if (const auto doc = current_document(store, "reason_list"); doc && protocol::decode_reason_list(*doc).version == list.version) {
    result.errors.push_back(LineSaid{0, {phrase("hq.import.version_published", {{"version", list.version}})}});
    return result;
  }
  protocol::ReferenceData data;
  data.reason_list = list;
  store.import_reference(data);
  result.imported = ids.size();
  result.notes.push_back(LineSaid{0, {phrase("hq.import.reasons_done", {{"version", list.version},
                                                                        {"groups", std::to_string(list.groups.size())},
                                                                        {"reasons", std::to_string(ids.size())}})}});
  return result;
}

}  // namespace hq
