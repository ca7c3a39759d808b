#include "sync/hq/admin.h"

#include <sodium.h>

#include <array>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <variant>

#include "sync/hq/csv_text.h"
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

 private:
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

int days_in_month(int y, int m) {
  static constexpr std::array<int, 12> kDays = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

// "4月22日上午", "2026年4月22日下午", "2026-04-22 上午" → (YYYY-MM-DD, half), or the reason it is not a date.
std::variant<std::pair<std::string, protocol::HalfDay>, std::string> parse_half_day(std::string text, int year) {
  std::string s;
  for (char c : text)
    if (c != ' ') s += c;
  protocol::HalfDay half;
  if (strip_suffix(s, "上午")) half = protocol::HalfDay::am;
  else if (strip_suffix(s, "下午")) half = protocol::HalfDay::pm;
  else return std::string("日期 \"" + text + "\" must end in 上午 or 下午 (a sitting is half a working day)");
  std::optional<int> y = year, m, d;
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
    if (a != std::string::npos && b != std::string::npos) {
      y = number(s.substr(0, a));
      m = number(s.substr(a + 1, b - a - 1));
      d = number(s.substr(b + 1));
    }
  }
  if (!y || !m || !d || *y < 2000 || *y > 2099 || *m < 1 || *m > 12 || *d < 1 || *d > days_in_month(*y, *m))
    return std::string("日期 \"" + text + "\" is not a date such as 4月22日上午 or 2026年4月22日下午");
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", *y, *m, *d);
  return std::pair<std::string, protocol::HalfDay>{buf, half};
}

json department_row(HqStore& store, const std::string& department_id) {
  for (auto& d : rows_of(store, "departments"))
    if (d.at("id") == department_id) return d;
  throw AdminError("no department with id \"" + department_id + "\" (import the departments first)");
}

}  // namespace

std::string derived_id(const std::string& prefix, const std::string& department_id, const std::string& name) {
  return prefix + "-" + hex_hash(department_id + '\x1f' + name, crypto_generichash_BYTES_MIN).substr(0, 16);
}

std::string now_iso() { return protocol::format_timestamp_utc(static_cast<std::int64_t>(std::time(nullptr))); }

int current_year() {
  const std::time_t t = std::time(nullptr) + 8 * 3600;  // Beijing time
  std::tm tm{};
  gmtime_r(&t, &tm);
  return tm.tm_year + 1900;
}

ImportResult import_schedule(HqStore& store, const std::string& department_id, const std::string& bytes, int year) {
  department_row(store, department_id);
  ImportResult result;
  const Table cols(bytes, result.errors, {"日期", "姓名"});
  if (!result.ok()) return result;
  std::map<std::string, std::vector<std::string>> officials;  // name → ids in this department
  for (const auto& o : rows_of(store, "officials"))
    if (o.at("department_id") == department_id) officials[o.at("name").get<std::string>()].push_back(o.at("id"));
  std::map<std::string, std::string> windows;  // number → id, ordered by number
  for (const auto& w : rows_of(store, "windows"))
    if (w.at("department_id") == department_id) windows[w.at("number").get<std::string>()] = w.at("id");
  protocol::ReferenceData data;
  std::map<std::string, std::size_t> seen;  // schedule id → line
  for (const CsvRow& row : cols.rows) {
    const std::string name = cols.get(row, "姓名");
    const auto when = parse_half_day(cols.get(row, "日期"), year);
    std::vector<std::string> why;
    if (const auto* e = std::get_if<std::string>(&when)) why.push_back(*e);
    std::string official_id;
    if (name.empty()) why.push_back("姓名 is empty");
    else if (auto it = officials.find(name); it == officials.end())
      why.push_back("姓名 \"" + name + "\" is not an official of department " + department_id +
                    " (import officials first)");
    else if (it->second.size() > 1) why.push_back("姓名 \"" + name + "\" names several officials of the department");
    else official_id = it->second.front();
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
      std::string all;
      for (const auto& w : why) all += (all.empty() ? "" : "; ") + w;
      result.errors.push_back(line_error(row, all));
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
  if (!result.ok()) return result;
  store.import_reference(data);
  result.imported = data.schedule.size();
  return result;
}

ImportResult import_items(HqStore& store, const std::string& department_id, const std::string& bytes) {
  department_row(store, department_id);
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
      std::string all;
      for (const auto& w : why) all += (all.empty() ? "" : "; ") + w;
      result.errors.push_back(line_error(row, all));
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
      std::string all;
      for (const auto& w : why) all += (all.empty() ? "" : "; ") + w;
      result.errors.push_back(line_error(row, all));
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
    if (!q.step()) throw AdminError("no official with id \"" + official_id + "\"");
    json body = json::parse(q.text(0));
    body["pin_hash"] = std::string(hash.data());
    const std::int64_t seq = store.bump_seq();
    Stmt(db, "UPDATE reference SET body=?, seq=? WHERE tbl='officials' AND id=?")
        .bind(1, body.dump()).bind(2, seq).bind(3, official_id).run();
    t.commit();
  });
}

void set_report(HqStore& store, const std::string& receipt, const std::string& status, const std::string& reply) {
  if (status != "accepted" && status != "in_progress" && status != "done")
    throw AdminError("--status must be accepted, in_progress or done");
  if (reply.size() > 2000) throw AdminError("the reply is longer than 2000 bytes");
  store.locked([&](Db& db) {
    Transaction t(db);
    Stmt q(db, "SELECT 1 FROM records WHERE kind='report' AND json_extract(body,'$.receipt')=?");
    q.bind(1, receipt);
    if (!q.step()) throw AdminError("no 办不成事 report with receipt \"" + receipt + "\" has reached HQ");
    const std::int64_t seq = store.bump_seq();
    Stmt(db,
         "INSERT INTO report_status(receipt,status,reply,updated_at,seq) VALUES(?,?,?,?,?) ON CONFLICT(receipt) DO "
         "UPDATE SET status=excluded.status, reply=excluded.reply, updated_at=excluded.updated_at, seq=excluded.seq")
        .bind(1, receipt).bind(2, status).bind(3, reply).bind(4, now_iso()).bind(5, seq).run();
    t.commit();
  });
}

void follow_up(HqStore& store, const std::string& rating_uuid, const std::string& note) {
  if (note.empty() || note.size() > 2000) throw AdminError("--note must be 1 to 2000 bytes");
  store.locked([&](Db& db) {
    Stmt q(db, "SELECT json_extract(body,'$.level') FROM records WHERE kind='rating' AND uuid=?");
    q.bind(1, rating_uuid);
    if (!q.step()) throw AdminError("no rating " + rating_uuid + " has reached HQ");
    const std::string level = q.text(0);
    if (level != "dissatisfied" && level != "very_dissatisfied")
      throw AdminError("rating " + rating_uuid + " is not a 差评 (level " + level + ")");
    Stmt(db,
         "INSERT INTO follow_ups(rating_uuid,note,updated_at) VALUES(?,?,?) ON CONFLICT(rating_uuid) DO UPDATE SET "
         "note=excluded.note, updated_at=excluded.updated_at")
        .bind(1, rating_uuid).bind(2, note).bind(3, now_iso()).run();
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
        .bind(2, static_cast<std::int64_t>(std::time(nullptr))).run();
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
