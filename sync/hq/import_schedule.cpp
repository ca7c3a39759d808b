#include "sync/hq/importers.h"

#include <map>
#include <variant>

#include "sync/hq/admin_error.h"
#include "sync/hq/chinese_date.h"
#include "sync/hq/csv_table.h"
#include "sync/hq/name_rules.h"
#include "sync/hq/official_added.h"
#include "sync/hq/reference_lookup.h"

namespace hq {
namespace {

bool contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

}  // namespace

std::optional<protocol::Rank> rank_from_title(const std::string& title) {
  if (contains(title, "科长") || contains(title, "股长") || contains(title, "业务科")) return protocol::Rank::chief;
  if (contains(title, "副") || contains(title, "分管")) return protocol::Rank::deputy;
  for (const char* head : {"局长", "主任", "书记", "所长", "队长", "主要负责人", "负责人"})
    if (contains(title, head)) return protocol::Rank::head;
  return std::nullopt;
}

ImportResult import_schedule(HqStore& store, const ScheduleImport& how, const std::string& bytes) {
  ImportResult result;
  const CsvTable cols(bytes, result.errors, {"日期", "姓名"});
  if (!result.ok()) return result;
  if (how.department.empty() && cols.filler().empty())
    throw AdminError(phrase("hq.import.no_filler"));
  const std::string department_id = hq::department_id(store, how.department.empty() ? cols.filler() : how.department);
  if (how.check) how.check(department_id);
  std::string department_name = department_id;  // what the errors call it: the clerk knows names, not ids
  for (const auto& d : stored_departments(store))
    if (d.id == department_id) department_name = d.name;
  const int year = how.year;
  const std::string today = store.hall_clock().today();
  std::map<std::string, std::vector<std::string>> officials;  // name → ids in this department
  for (const auto& o : stored_officials(store))
    if (o.department_id == department_id) officials[o.name].push_back(o.id);
  std::map<std::string, std::string> windows;  // number → id, ordered by number
  for (const auto& w : stored_windows(store))
    if (w.department_id == department_id) windows[w.number] = w.id;
  protocol::ReferenceData data;  // the schedule rows, and the officials this file adds
  std::map<std::string, std::size_t> seen;  // schedule id → line
  for (const CsvRow& row : cols.rows) {
    const std::string name = cols.get(row, "姓名");
    const auto when = parse_half_day(cols.get(row, "日期"), year, today);
    std::vector<protocol::Phrase> why;
    if (const auto* e = std::get_if<protocol::Phrase>(&when)) why.push_back(*e);
    std::string official_id;
    if (name.empty()) {
      why.push_back(phrase("hq.name.empty", {{"what", "姓名"}}));
    } else if (auto it = officials.find(name); it != officials.end()) {
      if (it->second.size() > 1) why.push_back(phrase("hq.import.name_ambiguous", {{"name", name}}));
      else official_id = it->second.front();
    } else if (!how.add_officials) {
      why.push_back(phrase("hq.import.not_official", {{"name", name}, {"department", department_name}}));
    } else if (const auto bad = name_problem("姓名", name, 30)) {
      why.push_back(*bad);
    } else if (const std::string title = cols.get(row, "职务"); title.empty()) {
      why.push_back(phrase("hq.import.new_without_title", {{"name", name}}));
    } else if (const auto rank = rank_from_title(title); !rank) {
      why.push_back(phrase("hq.import.title_without_rank", {{"name", name}, {"title", title}}));
    } else {
      official_id = derived_id("o", department_id, name);
      officials[name] = {official_id};
      data.officials.push_back({official_id, name, title, *rank, department_id, cols.get(row, "联系电话"),
                                std::nullopt, std::nullopt});
      static const std::map<protocol::Rank, const char*> kRankNames = {
          {protocol::Rank::head, "主要负责人"}, {protocol::Rank::deputy, "分管负责人"}, {protocol::Rank::chief, "业务科长"}};
      result.notes.push_back(LineSaid{row.line, {phrase("hq.import.new_official", {{"name", name}, {"title", title},
                                                                                   {"rank", kRankNames.at(*rank)},
                                                                                   {"id", official_id}})}});
    }
    std::string window_id;
    const std::string window = cols.get(row, "窗口");
    if (!window.empty()) {
      if (auto it = windows.find(window); it != windows.end()) window_id = it->second;
      else why.push_back(phrase("hq.import.not_window", {{"window", window}, {"department", department_name}}));
    } else if (windows.empty()) {
      why.push_back(phrase("hq.import.no_window", {{"department", department_name}}));
    } else {
      window_id = windows.begin()->second;  // the department's first window by number
    }
    if (!why.empty()) {
      result.errors.push_back(LineSaid{row.line, why});
      continue;
    }
    const auto& [date, half] = std::get<0>(when);
    protocol::ScheduleEntry e{"s-" + date + "-" + protocol::to_string(half) + "-" + official_id, date, half,
                              official_id, window_id, cols.get(row, "备注")};
    if (auto [it, fresh] = seen.emplace(e.id, row.line); !fresh) {
      result.errors.push_back(LineSaid{row.line, {phrase("hq.import.already_scheduled", {{"name", name},
                                                                                         {"line", std::to_string(it->second)}})}});
      continue;
    }
    data.schedule.push_back(std::move(e));
  }
  if (!result.ok()) {
    result.notes.clear();  // nothing was added
    return result;
  }
  store.import_reference(data);
  std::vector<std::string> added;
  for (const auto& o : data.officials) added.push_back(o.id);
  note_added(store, added, today);
  result.imported = data.schedule.size();
  return result;
}

}  // namespace hq
