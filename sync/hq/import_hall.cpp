#include "sync/hq/importers.h"

#include <map>

#include "sync/hq/csv_table.h"
#include "sync/hq/name_rules.h"
#include "sync/hq/reference_lookup.h"

namespace hq {

ImportResult import_hall(HqStore& store, const std::string& bytes) {
  ImportResult result;
  const CsvTable cols(bytes, result.errors, {"窗口", "部门"});
  if (!result.ok()) return result;
  std::map<std::string, std::string> known_departments, known_windows;  // id by name, id by number
  std::map<std::string, std::string> known_codes;                       // 统一社会信用代码 by name
  for (auto& d : stored_departments(store)) {
    known_departments[d.name] = d.id;
    known_codes[d.name] = d.credit_code;
  }
  for (auto& w : stored_windows(store)) known_windows[w.number] = w.id;
  protocol::ReferenceData data;
  std::map<std::string, std::size_t> department_at;           // name → index in data.departments
  std::map<std::string, std::size_t> window_line;             // number → line
  for (const CsvRow& row : cols.rows) {
    const std::string dept = cols.get(row, "部门"), number = cols.get(row, "窗口"), short_name = cols.get(row, "简称");
    std::vector<protocol::Phrase> why;
    if (const auto bad = name_problem("部门", dept, 30)) why.push_back(*bad);
    if (const auto bad = text_problem("名称", cols.get(row, "名称"), 40)) why.push_back(*bad);
    if (!number.empty() &&
        (number.size() > 8 || number.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-") !=
                                  std::string::npos))
      why.push_back(phrase("hq.import.bad_window_number", {{"window", number}}));
    else if (!number.empty())
      if (auto [it, fresh] = window_line.emplace(number, row.line); !fresh)
        why.push_back(phrase("hq.import.window_twice", {{"window", number}, {"line", std::to_string(it->second)}}));
    if (!why.empty()) {
      result.errors.push_back(LineSaid{row.line, why});
      continue;
    }
    auto at = department_at.find(dept);
    if (at == department_at.end()) {
      const auto known = known_departments.find(dept);
      std::string bare = dept.rfind("区", 0) == 0 ? dept.substr(std::string("区").size()) : dept;
      protocol::Department d{known != known_departments.end() ? known->second
                                                               : derived_id("d", "", dept),
                             dept, short_name.empty() ? bare : short_name,
                             static_cast<int>(data.departments.size()) + 1, known_codes[dept]};
      at = department_at.emplace(dept, data.departments.size()).first;
      data.departments.push_back(std::move(d));
    } else if (!short_name.empty()) {
      data.departments[at->second].short_name = short_name;
    }
    // The optional column of the provincial forwarding's deptCode; a table without it keeps the code HQ has.
    if (const std::string code = cols.get(row, "统一社会信用代码"); !code.empty())
      data.departments[at->second].credit_code = code;
    if (number.empty()) continue;
    const auto known = known_windows.find(number);
    data.windows.push_back({known != known_windows.end() ? known->second : "w" + number,
                            number, cols.get(row, "名称"), data.departments[at->second].id});
  }
  if (!result.ok()) return result;
  store.import_reference(data);
  result.imported = data.windows.size();
  result.notes.push_back(LineSaid{0, {phrase("hq.import.hall_done", {{"departments", std::to_string(data.departments.size())},
                                                                     {"windows", std::to_string(data.windows.size())}})}});
  return result;
}

}  // namespace hq
