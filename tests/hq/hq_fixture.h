#pragma once
// What the bureau-side tests share: the hqd binary, files written and read back, a kiosk database enrolled
// with a real hqd, and reading the CSV exports.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "kiosk/core/store.h"
#include "sync_fixture.h"

namespace hq_test {

inline std::string hqd() { return HQD_BINARY; }

// The integer a query of the database at db_path answers (a count).
inline std::int64_t count(const std::string& db_path, const std::string& sql) {
  sync_db::Db d(db_path);
  sync_db::Stmt s(d, sql);
  s.step();
  return s.integer(0);
}

// A 差评 of 冯堃 (o01, 区行政审批局) for waiting long, with a call-back phone.
inline core::Rating complaint_with_phone(std::int64_t at) {
  core::Rating r;
  r.target_id = "o01";
  r.target_name = "冯堃";
  r.level = core::Level::dissatisfied;
  r.reasons = {"long_wait"};
  r.phone = "13812345678";
  r.at = at;
  return r;
}

// A 办不成事 report to 区行政审批局 (d08) on 企业开办: three trips and still not done, reply promised by 2026-11-27.
inline core::Report many_trips_report(std::int64_t at) {
  core::Report rep;
  rep.department_id = "d08";
  rep.item_name = "企业开办";
  rep.kind = core::ReportKind::many_trips;
  rep.description = "跑了三次还没办成";
  rep.due_date = "2026-11-27";
  rep.at = at;
  return rep;
}

inline void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

inline std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A kiosk database enrolled with HQ.
struct Kiosk {
  Kiosk(const sync_test::TempDir& dir, sync_test::Hq& hq, const std::string& name) : db(dir.file(name + ".db")) {
    sync_test::make_kiosk_db(db);
    config = sync_test::client_config(hq, name, hq.enrol(name), db);
  }
  std::string db;
  core::HqConfig config;
};

// A running hqd holding the demo reference data, and one kiosk database enrolled with it (not yet pulled).
// Tests take its parts by name: auto& [dir, hq, k, client] = f;
struct HqWithKiosk {
  HqWithKiosk() { hq.start(); }
  sync_test::TempDir dir;
  sync_test::Hq hq{dir};
  Kiosk k{dir, hq, "kiosk-a"};
  sync_client::SyncClient client{k.config, k.db};
};

// Minimal CSV reading for the exports (quoted fields with commas, "" and line breaks).
inline std::vector<std::vector<std::string>> read_csv(std::string text) {
  EXPECT_EQ(text.rfind("\xEF\xBB\xBF", 0), 0u) << "CSV exports start with a UTF-8 BOM";
  text = text.substr(text.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0);
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += text[++i];
      else if (c == '"') quoted = false;
      else field += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(field);
      field.clear();
    } else if (c == '\n') {
      rows.back().push_back(field);
      field.clear();
      rows.emplace_back();
    } else if (c != '\r') {
      field += c;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

// The first row whose cells include all of `cells`.
inline std::vector<std::string> find_row(const std::vector<std::vector<std::string>>& rows,
                                         const std::vector<std::string>& cells) {
  for (const auto& r : rows) {
    bool all = true;
    for (const auto& c : cells)
      if (std::find(r.begin(), r.end(), c) == r.end()) all = false;
    if (all) return r;
  }
  return {};
}

}  // namespace hq_test
