#include "sync/hq/admin.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <tuple>
#include <variant>

#include "sync/common/civil_time.h"
#include "sync/hq/csv_text.h"
#include "sync/protocol/calendar.h"
#include "sync/protocol/record_bodies.h"
#include "sync/protocol/reference_json.h"

namespace hq {
namespace {

using nlohmann::json;
using sync_db::Db;
using sync_db::Stmt;
using sync_db::Transaction;

std::string hex_hash(const std::string& data, std::size_t bytes) {
  std::array<unsigned char, crypto_generichash_BYTES> h{};
  crypto_generichash(h.data(), bytes, reinterpret_cast<const unsigned char*>(data.data()), data.size(), nullptr, 0);
  std::array<char, crypto_generichash_BYTES * 2 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), h.data(), bytes);
  return hex.data();
}

// The live rows of one reference table as protocol JSON.
std::vector<json> reference_rows(Db& db, const char* tbl) {
  std::vector<json> out;
  Stmt s(db, "SELECT body FROM reference WHERE tbl=? AND body IS NOT NULL ORDER BY id");
  s.bind(1, tbl);
  while (s.step()) out.push_back(json::parse(s.text(0)));
  return out;
}

std::vector<json> rows_of(HqStore& store, const char* tbl) {
  return store.locked([&](Db& db) { return reference_rows(db, tbl); });
}

// A header cell without the spaces spreadsheets put in wrapped titles ("坐窗口人员 及职务").
std::string header_key(const std::string& s) {
  std::string out;
  for (char c : trim(s))
    if (c != ' ' && c != '\n' && c != '\r' && c != '\t') out += c;
  return out;
}

// A CSV file as a table: the header is the first line holding every required column, so the title lines a
// spreadsheet has above it (附件2, 填报单位 …) are skipped, and so are lines below it with none of the required
// cells filled (填报人 …). Problems go to `errors`.
class Table {
 public:
  Table(const std::string& bytes, std::vector<std::string>& errors, std::initializer_list<const char*> required)
      : required_(required) {
    std::vector<CsvRow> all;
    try {
      all = parse_csv(to_utf8(bytes));
    } catch (const CsvError& e) {
      errors.push_back(e.what());
      return;
    }
    std::size_t h = 0;
    for (; h < all.size(); ++h) {
      std::map<std::string, std::size_t> index;
      for (std::size_t i = 0; i < all[h].fields.size(); ++i) index.emplace(header_key(all[h].fields[i]), i);
      bool complete = true;
      for (const char* r : required_) complete = complete && index.count(r);
      if (complete) {
        index_ = std::move(index);
        break;
      }
    }
    for (std::size_t i = 0; i < h && i < all.size(); ++i) filler_ = filler_of(all[i].fields, filler_);
    if (h == all.size()) {
      std::string names;
      for (const char* r : required_) names += (names.empty() ? "" : ", ") + std::string(r);
      errors.push_back("no header line with the columns " + names + " was found");
      return;
    }
    for (std::size_t i = h + 1; i < all.size(); ++i) {
      bool any = false;
      for (const char* r : required_) any = any || !get(all[i], r).empty();
      if (any) rows.push_back(std::move(all[i]));
    }
    if (rows.empty()) errors.push_back("line " + std::to_string(all[h].line) + ": the header has no rows under it");
  }
  std::string get(const CsvRow& row, const char* name) const {
    auto it = index_.find(name);
    if (it == index_.end() || it->second >= row.fields.size()) return {};
    return trim(row.fields[it->second]);
  }
  std::vector<CsvRow> rows;
  // The 填报单位 written above the header ("填报单位(盖章):区行政审批局" in one cell or the next), or "".
  const std::string& filler() const { return filler_; }

 private:
  static std::string filler_of(const std::vector<std::string>& cells, const std::string& found) {
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const std::string c = header_key(cells[i]);
      if (c.rfind("填报单位", 0) != 0) continue;
      std::string v = c.substr(std::string("填报单位").size());
      for (const char* drop : {"(盖章)", "（盖章）", ":", "："})
        if (v.rfind(drop, 0) == 0) v = v.substr(std::string(drop).size());
      for (const char* drop : {":", "："})
        if (v.rfind(drop, 0) == 0) v = v.substr(std::string(drop).size());
      if (v.empty() && i + 1 < cells.size()) v = header_key(cells[i + 1]);
      return v;
    }
    return found;
  }
  std::string filler_;
  std::vector<const char*> required_;
  std::map<std::string, std::size_t> index_;
};

std::string line_error(const CsvRow& row, const std::string& what) {
  return "line " + std::to_string(row.line) + ": " + what;
}

bool strip_suffix(std::string& s, const std::string& suffix) {
  if (s.size() < suffix.size() || s.compare(s.size() - suffix.size(), suffix.size(), suffix) != 0) return false;
  s.resize(s.size() - suffix.size());
  return true;
}

std::optional<int> number(const std::string& s) {
  if (s.empty() || s.size() > 4 || s.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoi(s);
}

// The year and month of a YYYY-MM-DD date.
std::pair<int, int> year_month(const std::string& date) {
  return {std::stoi(date.substr(0, 4)), std::stoi(date.substr(5, 2))};
}

// "2026-04-22", "2026/4/22", "2026年4月22日", "4月22日" → YYYY-MM-DD, or nullopt. A date without a year is in
// `year`, or with year 0 in the year that puts it nearest to `today` (a plan for January made in December).
std::optional<std::string> civil_date(const std::string& text, int year, const std::string& today) {
  std::string s = text;
  std::optional<int> y = year, m, d;
  if (year == 0) {
    const auto [ty, tm] = year_month(today);
    const auto mp = s.find("月");
    const auto month = mp == std::string::npos ? std::nullopt : number(s.substr(0, mp));
    y = ty;
    if (month && *month - tm > 6) y = ty - 1;
    if (month && tm - *month > 6) y = ty + 1;
  }
  if (const auto yp = s.find("年"); yp != std::string::npos) {
    y = number(s.substr(0, yp));
    s = s.substr(yp + 3);
  }
  if (const auto mp = s.find("月"); mp != std::string::npos) {
    m = number(s.substr(0, mp));
    std::string rest = s.substr(mp + 3);
    if (!strip_suffix(rest, "日")) strip_suffix(rest, "号");
    d = number(rest);
  } else {
    const char sep = s.find('-') != std::string::npos ? '-' : '/';
    const auto a = s.find(sep), b = s.find(sep, a == std::string::npos ? a : a + 1);
    if (a == std::string::npos || b == std::string::npos) return std::nullopt;
    y = number(s.substr(0, a));
    m = number(s.substr(a + 1, b - a - 1));
    d = number(s.substr(b + 1));
  }
  if (!y || !m || !d || !common::is_real_day(*y, *m, *d)) return std::nullopt;
  return common::format_date(common::days_from_civil(*y, *m, *d));
}

std::string without_spaces(const std::string& text) {
  std::string s;
  for (char c : trim(text))
    if (c != ' ') s += c;
  return s;
}

// "4月22日上午", "2026年4月22日下午", "2026-04-22 上午" → (YYYY-MM-DD, half), or the reason it is not a date.
std::variant<std::pair<std::string, protocol::HalfDay>, std::string> parse_half_day(const std::string& text, int year,
                                                                                     const std::string& today) {
  std::string s = without_spaces(text);
  protocol::HalfDay half;
  if (strip_suffix(s, "上午")) half = protocol::HalfDay::am;
  else if (strip_suffix(s, "下午")) half = protocol::HalfDay::pm;
  else return std::string("日期 \"" + text + "\" must end in 上午 or 下午 (a sitting is half a working day)");
  const auto date = civil_date(s, year, today);
  if (!date) return std::string("日期 \"" + text + "\" is not a date such as 4月22日上午 or 2026年4月22日下午");
  return std::pair<std::string, protocol::HalfDay>{*date, half};
}

// The current document HQ publishes under `tbl` ("calendar", "reason_list"), if any.
std::optional<std::string> current_document(HqStore& store, const char* tbl) {
  return store.locked([&](Db& db) -> std::optional<std::string> {
    Stmt q(db, "SELECT body FROM reference WHERE tbl=? AND id='current' AND body IS NOT NULL");
    q.bind(1, tbl);
    if (!q.step()) return std::nullopt;
    return q.text(0);
  });
}

// A version label for a document published at `now_iso`, with a digest of its content.
std::string new_version(const std::string& now_iso, const std::string& content) {
  std::string stamp = now_iso.substr(0, 19);
  for (char& c : stamp)
    if (c == ':' || c == 'T') c = c == 'T' ? '.' : '-';
  return "hq-" + stamp + "-" + hex_hash(content, crypto_generichash_BYTES_MIN).substr(0, 6);
}

std::size_t code_points(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string joined(const std::vector<std::string>& parts, const char* sep) {
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : sep) + p;
  return out;
}

bool contains(const std::string& s, const char* part) { return s.find(part) != std::string::npos; }

}  // namespace

std::string derived_id(const std::string& prefix, const std::string& department_id, const std::string& name) {
  return prefix + "-" + hex_hash(department_id + '\x1f' + name, crypto_generichash_BYTES_MIN).substr(0, 16);
}



std::vector<std::pair<std::string, std::string>> departments(HqStore& store) {
  std::vector<std::tuple<int, std::string, std::string>> sorted;
  for (const auto& d : rows_of(store, "departments"))
    sorted.emplace_back(d.value("sort", 0), d.at("id").get<std::string>(), d.at("name").get<std::string>());
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::pair<std::string, std::string>> out;
  for (auto& [sort, id, name] : sorted) out.emplace_back(std::move(id), std::move(name));
  return out;
}

std::string department_id(HqStore& store, const std::string& id_or_name) {
  const std::string key = header_key(id_or_name);
  std::vector<std::string> names, suffix;
  for (const auto& d : rows_of(store, "departments")) {
    const std::string id = d.at("id"), name = d.at("name"), short_name = d.value("short_name", std::string());
    if (key == id || key == name || (!short_name.empty() && key == short_name)) return id;
    // "枣庄高新区行政审批局" names 区行政审批局; "行政审批局" too.
    std::string bare = name.rfind("区", 0) == 0 ? name.substr(std::string("区").size()) : name;
    if (bare.size() >= 6 && (key.size() >= bare.size() && key.compare(key.size() - bare.size(), bare.size(), bare) == 0))
      suffix.push_back(id);
    names.push_back(name + " (" + id + ")");
  }
  if (suffix.size() == 1) return suffix.front();
  if (names.empty()) throw NotFound("no departments are known yet (import the departments first)");
  throw NotFound("no department \"" + id_or_name + "\"; the departments are " + joined(names, ", "));
}

std::string official_id(HqStore& store, const std::string& id_or_name, const std::string& department) {
  const std::string dept = department.empty() ? "" : department_id(store, department);
  std::vector<json> named;
  for (auto& o : rows_of(store, "officials")) {
    if (o.at("id") == id_or_name) return id_or_name;
    if (o.at("name") == trim(id_or_name) && (dept.empty() || o.at("department_id") == dept)) named.push_back(o);
  }
  if (named.size() == 1) return named.front().at("id");
  if (named.empty()) throw NotFound("no official \"" + id_or_name + "\"" + (dept.empty() ? "" : " in " + dept));
  std::vector<std::string> where;
  for (const auto& o : named) where.push_back(o.at("department_id").get<std::string>());
  throw AdminError("several officials are called " + id_or_name + " (departments " + joined(where, ", ") +
                   "): give --department");
}

std::optional<protocol::Rank> rank_from_title(const std::string& title) {
  if (contains(title, "科长") || contains(title, "股长") || contains(title, "业务科")) return protocol::Rank::chief;
  if (contains(title, "副") || contains(title, "分管")) return protocol::Rank::deputy;
  for (const char* head : {"局长", "主任", "书记", "所长", "队长", "主要负责人", "负责人"})
    if (contains(title, head)) return protocol::Rank::head;
  return std::nullopt;
}

ImportResult import_schedule(HqStore& store, const ScheduleImport& how, const std::string& bytes) {
  ImportResult result;
  const Table cols(bytes, result.errors, {"日期", "姓名"});
  if (!result.ok()) return result;
  if (how.department.empty() && cols.filler().empty())
    throw AdminError("the file has no 填报单位 line above its header: say which department it is for");
  const std::string department_id = hq::department_id(store, how.department.empty() ? cols.filler() : how.department);
  const int year = how.year;
  const std::string today = store.hall_clock().today();
  std::map<std::string, std::vector<std::string>> officials;  // name → ids in this department
  for (const auto& o : rows_of(store, "officials"))
    if (o.at("department_id") == department_id) officials[o.at("name").get<std::string>()].push_back(o.at("id"));
  std::map<std::string, std::string> windows;  // number → id, ordered by number
  for (const auto& w : rows_of(store, "windows"))
    if (w.at("department_id") == department_id) windows[w.at("number").get<std::string>()] = w.at("id");
  protocol::ReferenceData data;  // the schedule rows, and the officials this file adds
  std::map<std::string, std::size_t> seen;  // schedule id → line
  for (const CsvRow& row : cols.rows) {
    const std::string name = cols.get(row, "姓名");
    const auto when = parse_half_day(cols.get(row, "日期"), year, today);
    std::vector<std::string> why;
    if (const auto* e = std::get_if<std::string>(&when)) why.push_back(*e);
    std::string official_id;
    if (name.empty()) {
      why.push_back("姓名 is empty");
    } else if (auto it = officials.find(name); it != officials.end()) {
      if (it->second.size() > 1) why.push_back("姓名 \"" + name + "\" names several officials of the department");
      else official_id = it->second.front();
    } else if (!how.add_officials) {
      why.push_back("姓名 \"" + name + "\" is not an official of department " + department_id +
                    " (import officials first, or add them from this file's 职务)");
    } else if (const std::string title = cols.get(row, "职务"); title.empty()) {
      why.push_back("姓名 \"" + name + "\" is new and 职务 is empty, so the rank is unknown");
    } else if (const auto rank = rank_from_title(title); !rank) {
      why.push_back("职务 \"" + title + "\" does not say whether " + name +
                    " is a head, a deputy or a section chief (import officials with 级别 first)");
    } else {
      official_id = derived_id("o", department_id, name);
      officials[name] = {official_id};
      data.officials.push_back({official_id, name, title, *rank, department_id, cols.get(row, "联系电话"),
                                std::nullopt, std::nullopt});
      static const std::map<protocol::Rank, const char*> kRankNames = {
          {protocol::Rank::head, "主要负责人"}, {protocol::Rank::deputy, "分管负责人"}, {protocol::Rank::chief, "业务科长"}};
      result.notes.push_back(line_error(row, "new official " + name + " " + title + ", 级别 " +
                                                 kRankNames.at(*rank) + " (read from 职务; check it), id " +
                                                 official_id + ": give a PIN with set-pin"));
    }
    std::string window_id;
    const std::string window = cols.get(row, "窗口");
    if (!window.empty()) {
      if (auto it = windows.find(window); it != windows.end()) window_id = it->second;
      else why.push_back("窗口 \"" + window + "\" is not a window of department " + department_id);
    } else if (windows.empty()) {
      why.push_back("department " + department_id + " has no window to sit at");
    } else {
      window_id = windows.begin()->second;  // the department's first window by number
    }
    if (!why.empty()) {
      result.errors.push_back(line_error(row, joined(why, "; ")));
      continue;
    }
    const auto& [date, half] = std::get<0>(when);
    protocol::ScheduleEntry e{"s-" + date + "-" + protocol::to_string(half) + "-" + official_id, date, half,
                              official_id, window_id, cols.get(row, "备注")};
    if (auto [it, fresh] = seen.emplace(e.id, row.line); !fresh) {
      result.errors.push_back(line_error(row, name + " is already scheduled for this half-day on line " +
                                                  std::to_string(it->second)));
      continue;
    }
    data.schedule.push_back(std::move(e));
  }
  if (!result.ok()) {
    result.notes.clear();  // nothing was added
    return result;
  }
  store.import_reference(data);
  result.imported = data.schedule.size();
  return result;
}

ImportResult import_items(HqStore& store, const std::string& department, const std::string& bytes) {
  const std::string department_id = hq::department_id(store, department);
  ImportResult result;
  const Table cols(bytes, result.errors, {"事项名称", "类型"});
  if (!result.ok()) return result;
  static const std::map<std::string, protocol::ItemType> kTypes = {
      {"高效办成一件事", protocol::ItemType::one_thing}, {"集成办", protocol::ItemType::integrated},
      {"跨域办", protocol::ItemType::cross_region},     {"高频", protocol::ItemType::high_frequency},
      {"其他", protocol::ItemType::other}};
  protocol::ReferenceData data;
  std::map<std::string, std::size_t> seen;
  for (const CsvRow& row : cols.rows) {
    std::string type_text = cols.get(row, "类型");
    for (const char* q : {"“", "”", "\""})
      for (std::size_t p; (p = type_text.find(q)) != std::string::npos;) type_text.erase(p, std::string(q).size());
    const std::string name = cols.get(row, "事项名称");
    std::vector<std::string> why;
    if (name.empty()) why.push_back("事项名称 is empty");
    if (name.size() > 400) why.push_back("事项名称 is longer than 400 bytes");
    const auto type = kTypes.find(type_text);
    if (type == kTypes.end())
      why.push_back("类型 \"" + type_text + "\" is not one of 高效办成一件事, 集成办, 跨域办, 高频, 其他");
    if (why.empty())
      if (auto [it, fresh] = seen.emplace(name, row.line); !fresh)
        why.push_back("事项 \"" + name + "\" is already listed on line " + std::to_string(it->second));
    if (!why.empty()) {
      result.errors.push_back(line_error(row, joined(why, "; ")));
      continue;
    }
    data.service_items.push_back({derived_id("i", department_id, name), department_id, name, type->second,
                                  cols.get(row, "服务对象"), cols.get(row, "办理方式"), cols.get(row, "办理途径"),
                                  cols.get(row, "责任科室"), cols.get(row, "联系方式"), cols.get(row, "备注")});
  }
  if (!result.ok()) return result;
  store.import_reference(data);
  result.imported = data.service_items.size();
  return result;
}

ImportResult import_hall(HqStore& store, const std::string& bytes) {
  ImportResult result;
  const Table cols(bytes, result.errors, {"窗口", "部门"});
  if (!result.ok()) return result;
  std::map<std::string, json> known_departments, known_windows;  // by name, by number
  for (auto& d : rows_of(store, "departments")) known_departments[d.at("name").get<std::string>()] = d;
  for (auto& w : rows_of(store, "windows")) known_windows[w.at("number").get<std::string>()] = w;
  protocol::ReferenceData data;
  std::map<std::string, std::size_t> department_at;           // name → index in data.departments
  std::map<std::string, std::size_t> window_line;             // number → line
  for (const CsvRow& row : cols.rows) {
    const std::string dept = cols.get(row, "部门"), number = cols.get(row, "窗口"), short_name = cols.get(row, "简称");
    std::vector<std::string> why;
    if (dept.empty()) why.push_back("部门 is empty");
    if (code_points(dept) > 30) why.push_back("部门 \"" + dept + "\" is longer than 30 characters");
    if (!number.empty() &&
        (number.size() > 8 || number.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-") !=
                                  std::string::npos))
      why.push_back("窗口 \"" + number + "\" is not a window number such as A01 (letters, digits, -; at most 8)");
    else if (!number.empty())
      if (auto [it, fresh] = window_line.emplace(number, row.line); !fresh)
        why.push_back("窗口 " + number + " is already listed on line " + std::to_string(it->second));
    if (!why.empty()) {
      result.errors.push_back(line_error(row, joined(why, "; ")));
      continue;
    }
    auto at = department_at.find(dept);
    if (at == department_at.end()) {
      const auto known = known_departments.find(dept);
      std::string bare = dept.rfind("区", 0) == 0 ? dept.substr(std::string("区").size()) : dept;
      protocol::Department d{known != known_departments.end() ? known->second.at("id").get<std::string>()
                                                               : derived_id("d", "", dept),
                             dept, short_name.empty() ? bare : short_name,
                             static_cast<int>(data.departments.size()) + 1};
      at = department_at.emplace(dept, data.departments.size()).first;
      data.departments.push_back(std::move(d));
    } else if (!short_name.empty()) {
      data.departments[at->second].short_name = short_name;
    }
    if (number.empty()) continue;
    const auto known = known_windows.find(number);
    data.windows.push_back({known != known_windows.end() ? known->second.at("id").get<std::string>() : "w" + number,
                            number, cols.get(row, "名称"), data.departments[at->second].id});
  }
  if (!result.ok()) return result;
  store.import_reference(data);
  result.imported = data.windows.size();
  result.notes.push_back(std::to_string(data.departments.size()) + " departments, " +
                         std::to_string(data.windows.size()) + " windows");
  return result;
}

ImportResult import_officials(HqStore& store, const std::string& bytes) {
  ImportResult result;
  const Table cols(bytes, result.errors, {"姓名", "职务", "级别", "部门"});
  if (!result.ok()) return result;
  std::map<std::string, std::string> departments;  // id, name or short name → id
  for (const auto& d : rows_of(store, "departments")) {
    const std::string id = d.at("id");
    departments[id] = id;
    departments[d.at("name").get<std::string>()] = id;
    if (!d.value("short_name", std::string()).empty()) departments[d.at("short_name").get<std::string>()] = id;
  }
  std::map<std::string, json> existing;
  for (auto& o : rows_of(store, "officials")) existing[o.at("id").get<std::string>()] = o;
  static const std::map<std::string, protocol::Rank> kRanks = {
      {"主要负责人", protocol::Rank::head}, {"分管负责人", protocol::Rank::deputy}, {"业务科长", protocol::Rank::chief}};
  protocol::ReferenceData data;
  std::map<std::string, std::size_t> seen;
  for (const CsvRow& row : cols.rows) {
    const std::string name = cols.get(row, "姓名"), title = cols.get(row, "职务"), dept = cols.get(row, "部门"),
                      rank_text = cols.get(row, "级别");
    std::vector<std::string> why;
    if (name.empty()) why.push_back("姓名 is empty");
    if (title.empty()) why.push_back("职务 is empty");
    const auto rank = kRanks.find(rank_text);
    if (rank == kRanks.end()) why.push_back("级别 \"" + rank_text + "\" is not one of 主要负责人, 分管负责人, 业务科长");
    const auto d = departments.find(dept);
    if (d == departments.end()) why.push_back("部门 \"" + dept + "\" is not a known department");
    std::string id;
    if (why.empty()) {
      id = derived_id("o", d->second, name);
      if (auto [it, fresh] = seen.emplace(id, row.line); !fresh)
        why.push_back(name + " of " + dept + " is already listed on line " + std::to_string(it->second));
    }
    if (!why.empty()) {
      result.errors.push_back(line_error(row, joined(why, "; ")));
      continue;
    }
    protocol::Official o{id, name, title, rank->second, d->second, cols.get(row, "联系电话"), std::nullopt, std::nullopt};
    if (auto it = existing.find(id); it != existing.end()) {  // a re-import keeps the photo and the PIN hash
      if (it->second.value("photo", json()).is_string()) o.photo = it->second.at("photo").get<std::string>();
      if (it->second.value("pin_hash", json()).is_string()) o.pin_hash = it->second.at("pin_hash").get<std::string>();
    }
    data.officials.push_back(std::move(o));
  }
  if (!result.ok()) return result;
  store.import_reference(data);
  result.imported = data.officials.size();
  return result;
}

namespace {
// A file that may be JSON (the shape of the kiosks' shipped assets) or CSV: its text when it is JSON, nullopt
// for CSV; a file that is not text at all is an error in `result`.
std::optional<std::string> json_text(const std::string& bytes, ImportResult& result) {
  try {
    std::string text = trim(to_utf8(bytes));
    if (text.rfind('{', 0) == 0) return text;
  } catch (const CsvError& e) {
    result.errors.push_back(e.what());
  }
  return std::nullopt;
}
}  // namespace

ImportResult import_calendar(HqStore& store, const std::string& bytes) {
  ImportResult result;
  std::map<std::string, bool> days;  // date → a holiday (true) or a 调休 working day (false)
  const auto text = json_text(bytes, result);
  if (!result.ok()) return result;
  if (text) {  // the JSON of assets/calendar/
    try {
      const protocol::CalendarData c = protocol::decode_calendar(*text);
      for (const auto& d : c.holidays) days[d] = true;
      for (const auto& d : c.workdays) days[d] = false;
    } catch (const protocol::DecodeError& e) {
      result.errors.push_back(e.what());
    }
  } else {
    const Table cols(bytes, result.errors, {"日期", "类型"});
    if (!result.ok()) return result;
    static const std::map<std::string, bool> kKinds = {
        {"放假", true},  {"休", true},    {"休息", true},     {"节假日", true},   {"假日", true}, {"holiday", true},
        {"上班", false}, {"班", false},   {"补班", false},    {"调休上班", false}, {"工作日", false},
        {"workday", false}};
    std::map<std::string, std::size_t> seen;  // date → line
    const std::string today = store.hall_clock().today();
    for (const CsvRow& row : cols.rows) {
      const std::string when = without_spaces(cols.get(row, "日期")), kind = cols.get(row, "类型");
      std::vector<std::string> why;
      const auto k = kKinds.find(kind);
      if (k == kKinds.end()) why.push_back("类型 \"" + kind + "\" is not 放假 (a holiday) or 上班 (a 调休 working day)");
      std::optional<std::string> first = civil_date(when, 0, today), last = first;
      for (const char* sep : {"至", "~", "～", "—", "－"})
        if (const auto p = when.find(sep); !first && p != std::string::npos) {
          first = civil_date(when.substr(0, p), 0, today);
          // "2027年2月15日至2月23日": the end may leave out the year
          last = first ? civil_date(when.substr(p + std::string(sep).size()), std::stoi(first->substr(0, 4)), today)
                       : std::nullopt;
        }
      if (!first || !last)
        why.push_back("日期 \"" + when + "\" is not a date such as 2027-01-01 or a range 2027-02-15至2027-02-23");
      else if (*last < *first || protocol::add_days(*first, 40) < *last)
        why.push_back("日期 \"" + when + "\" is not a range of at most 40 days");
      if (why.empty()) {
        for (std::string d = *first; d <= *last; d = protocol::add_days(d, 1)) {
          if (auto [it, fresh] = seen.emplace(d, row.line); !fresh)
            why.push_back(d + " is already listed on line " + std::to_string(it->second));
          else
            days[d] = k->second;
        }
      }
      if (!why.empty()) result.errors.push_back(line_error(row, joined(why, "; ")));
    }
  }
  if (!result.ok()) return result;
  if (days.empty()) {
    result.errors.push_back("the file lists no days");
    return result;
  }
  // Merge into HQ's calendar: days the file does not list stay as they were.
  std::set<std::string> holidays, workdays;
  if (const auto doc = current_document(store, "calendar")) {
    const protocol::CalendarData c = protocol::decode_calendar(*doc);
    holidays.insert(c.holidays.begin(), c.holidays.end());
    workdays.insert(c.workdays.begin(), c.workdays.end());
  }
  for (const auto& [d, holiday] : days) {
    (holiday ? workdays : holidays).erase(d);
    (holiday ? holidays : workdays).insert(d);
  }
  protocol::CalendarData c{"", {holidays.begin(), holidays.end()}, {workdays.begin(), workdays.end()}};
  c.version = new_version(store.hall_clock().now_iso(), protocol::encode_calendar(c));
  protocol::ReferenceData data;
  data.calendar = std::move(c);
  store.import_reference(data);
  result.imported = days.size();
  result.notes.push_back("calendar version " + data.calendar->version + ": " + std::to_string(holidays.size()) +
                         " holidays, " + std::to_string(workdays.size()) + " 调休 working days in all");
  return result;
}

ImportResult publish_reasons(HqStore& store, const std::string& bytes, const std::string& version) {
  ImportResult result;
  protocol::ReasonList list;
  std::map<std::string, std::string> where;  // reason id → "line N" (CSV) or its place in the JSON
  const auto text = json_text(bytes, result);
  if (!result.ok()) return result;
  if (text) {  // the JSON of assets/reasons/
    try {
      list = protocol::decode_reason_list(*text);
    } catch (const protocol::DecodeError& e) {
      result.errors.push_back(e.what());
      return result;
    }
  } else {
    const Table cols(bytes, result.errors, {"分类", "原因"});
    if (!result.ok()) return result;
    for (const CsvRow& row : cols.rows) {
      const std::string group = cols.get(row, "分类"), zh = cols.get(row, "原因"), en = cols.get(row, "英文"),
                        id = cols.get(row, "编号");
      std::vector<std::string> why;
      if (group.empty()) why.push_back("分类 is empty");
      if (zh.empty()) why.push_back("原因 is empty");
      if (!id.empty() && id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_-") != std::string::npos)
        why.push_back("编号 \"" + id + "\" may hold only a-z, 0-9, _ and -");
      if (!why.empty()) {
        result.errors.push_back(line_error(row, joined(why, "; ")));
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
      if (auto [it, fresh] = where.emplace(rid, "line " + std::to_string(row.line)); !fresh)
        result.errors.push_back(line_error(row, "原因 \"" + zh + "\" (" + rid + ") is already listed on " + it->second));
    }
  }
  // What the kiosk's reason buttons hold in two lines, in 大字模式 too.
  std::set<std::string> ids;
  for (const auto& g : list.groups)
    for (const auto& r : g.reasons) {
      const std::string at = where.count(r.id) ? where.at(r.id) + ": " : "";
      if (code_points(r.zh) > 12) result.errors.push_back(at + "原因 \"" + r.zh + "\" is longer than 12 characters");
      if (code_points(r.en) > 32) result.errors.push_back(at + "英文 \"" + r.en + "\" is longer than 32 characters");
      if (!ids.insert(r.id).second && where.empty()) result.errors.push_back("reason id \"" + r.id + "\" is listed twice");
    }
  if (code_points(version) > 40) result.errors.push_back("the version is longer than 40 characters");
  if (!result.ok()) return result;
  if (!version.empty()) list.version = version;
  if (list.version.empty()) list.version = new_version(store.hall_clock().now_iso(), protocol::encode_reason_list(list));
  if (const auto doc = current_document(store, "reason_list"); doc && protocol::decode_reason_list(*doc).version == list.version) {
    result.errors.push_back("version \"" + list.version + "\" is already published; give a new --version");
    return result;
  }
  protocol::ReferenceData data;
  data.reason_list = list;
  store.import_reference(data);
  result.imported = ids.size();
  result.notes.push_back("reason list version " + list.version + ": " + std::to_string(list.groups.size()) +
                         " groups, " + std::to_string(ids.size()) + " reasons");
  return result;
}

void set_pin(HqStore& store, const std::string& official_id, std::string& pin) {
  const bool digits = pin.size() >= 4 && pin.size() <= 8 && pin.find_first_not_of("0123456789") == std::string::npos;
  if (!digits) {
    sodium_memzero(pin.data(), pin.size());
    throw AdminError("a PIN is 4 to 8 digits");
  }
  std::array<char, crypto_pwhash_STRBYTES> hash{};
  const int rc = crypto_pwhash_str(hash.data(), pin.data(), pin.size(), 2, 8u * 1024u * 1024u);
  sodium_memzero(pin.data(), pin.size());
  if (rc != 0) throw AdminError("out of memory while hashing the PIN");
  store.locked([&](Db& db) {
    Transaction t(db);
    Stmt q(db, "SELECT body FROM reference WHERE tbl='officials' AND id=? AND body IS NOT NULL");
    q.bind(1, official_id);
    if (!q.step()) throw NotFound("no official with id \"" + official_id + "\"");
    json body = json::parse(q.text(0));
    body["pin_hash"] = std::string(hash.data());
    const std::int64_t seq = store.bump_seq();
    Stmt(db, "UPDATE reference SET body=?, seq=? WHERE tbl='officials' AND id=?")
        .bind(1, body.dump()).bind(2, seq).bind(3, official_id).run();
    t.commit();
  });
}

void set_report(HqStore& store, const std::string& receipt, const std::string& status,
                const std::optional<std::string>& reply) {
  const auto state = protocol::from_string<protocol::ReportState>(status);
  if (!state || *state == protocol::ReportState::submitted)
    throw AdminError("--status must be accepted, in_progress or done");
  if (reply && reply->size() > 2000) throw AdminError("the reply is longer than 2000 bytes");
  store.locked([&](Db& db) {
    Transaction t(db);
    Stmt q(db, "SELECT 1 FROM records WHERE receipt=?");
    q.bind(1, receipt);
    if (!q.step()) throw NotFound("no 办不成事 report with receipt \"" + receipt + "\" has reached HQ");
    const std::int64_t seq = store.bump_seq();
    Stmt(db,
         "INSERT INTO report_status(receipt,status,reply,updated_at,seq,done_at) VALUES(?1,?2,coalesce(?3,''),?4,?5,"
         "CASE WHEN ?2='done' THEN ?4 END) ON CONFLICT(receipt) DO UPDATE SET status=excluded.status, "
         "reply=coalesce(?3, report_status.reply), updated_at=excluded.updated_at, seq=excluded.seq, "
         "done_at=CASE WHEN excluded.status<>'done' THEN NULL ELSE coalesce(report_status.done_at, excluded.updated_at) END")
        .bind(1, receipt).bind(2, status).bind(3, reply).bind(4, store.hall_clock().now_iso()).bind(5, seq).run();
    t.commit();
  });
}

void follow_up(HqStore& store, const std::string& rating_uuid, const std::string& note) {
  if (note.empty() || note.size() > 2000) throw AdminError("--note must be 1 to 2000 bytes");
  store.locked([&](Db& db) {
    Stmt q(db, "SELECT body FROM records WHERE kind='rating' AND uuid=?");
    q.bind(1, rating_uuid);
    if (!q.step()) throw NotFound("no rating " + rating_uuid + " has reached HQ");
    const protocol::Level level = protocol::decode_body<protocol::RatingBody>(q.text(0)).level;
    if (!protocol::is_bad(level))
      throw AdminError("rating " + rating_uuid + " is not a 差评 (level " + protocol::to_string(level) + ")");
    Stmt(db,
         "INSERT INTO follow_ups(rating_uuid,note,updated_at,first_at) VALUES(?1,?2,?3,?3) ON CONFLICT(rating_uuid) "
         "DO UPDATE SET note=excluded.note, updated_at=excluded.updated_at")
        .bind(1, rating_uuid).bind(2, note).bind(3, store.hall_clock().now_iso()).run();
  });
}

std::size_t purge_personal(HqStore& store, int days) {
  const std::string cutoff =
      protocol::format_timestamp_utc(store.hall_clock().now() - std::int64_t{days} * 86400);
  return store.locked([&](Db& db) {
    Transaction t(db);
    // The matters closed long enough ago; which of their fields are personal is the body type's business.
    Stmt s(db,
           "SELECT uuid, kind, body FROM records WHERE (kind='rating' AND uuid IN (SELECT rating_uuid FROM follow_ups "
           "WHERE first_at < ?1)) OR (kind='report' AND receipt IN (SELECT receipt FROM report_status WHERE done_at < ?1))");
    s.bind(1, cutoff);
    std::vector<std::pair<std::string, std::string>> kept;  // uuid, body without its personal fields
    while (s.step()) {
      const std::string body = s.text(2);
      std::string without = protocol::without_personal(*protocol::from_string<protocol::RecordKind>(s.text(1)), body);
      if (without != body) kept.emplace_back(s.text(0), std::move(without));
    }
    Stmt set(db, "UPDATE records SET body=? WHERE uuid=?");
    for (const auto& [uuid, body] : kept) set.bind(1, body).bind(2, uuid).run();
    t.commit();
    return kept.size();
  });
}

std::string new_admin_token(HqStore& store) {
  std::array<unsigned char, 32> raw{};
  randombytes_buf(raw.data(), raw.size());
  std::array<char, 65> token{};
  sodium_bin2hex(token.data(), token.size(), raw.data(), raw.size());
  store.locked([&](Db& db) {
    Stmt(db, "INSERT INTO admin_tokens(token_hash, created_at) VALUES(?,?)")
        .bind(1, hex_hash(token.data(), crypto_generichash_BYTES))
        .bind(2, store.hall_clock().now()).run();
  });
  return token.data();
}

bool admin_token_ok(HqStore& store, const std::string& token) {
  if (token.size() != 64) return false;
  const std::string h = hex_hash(token, crypto_generichash_BYTES);
  return store.locked([&](Db& db) {
    Stmt q(db, "SELECT 1 FROM admin_tokens WHERE token_hash=?");
    q.bind(1, h);
    return q.step();
  });
}

}  // namespace hq
