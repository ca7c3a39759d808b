#include "sync/hq/export_tables.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "sync/hq/export_cells.h"

namespace hq {

using protocol::decode_body;
using sync_db::Db;
using sync_db::Stmt;

namespace {

// --- Frequency compliance: heads yearly, deputies half-yearly, chiefs quarterly; only sittings that count. ---
struct Period {
  std::string label, first, last;
};

std::vector<Period> periods_for(const Lookup& l, protocol::Rank rank, const std::string& from, const std::string& to) {
  std::vector<Period> out;
  const int y0 = std::stoi(from.substr(0, 4)), y1 = std::stoi(to.substr(0, 4));
  for (int y = y0; y <= y1; ++y) {
    const std::string ys = std::to_string(y);
    std::vector<Period> all;
    const auto label = [&](const char* key, const char* q = "") {
      return export_word(l, key, {{"year", ys}, {"q", q}});
    };
    if (rank == protocol::Rank::head) all = {{label("export.compliance.period.year"), ys + "-01-01", ys + "-12-31"}};
    else if (rank == protocol::Rank::deputy)
      all = {{label("export.compliance.period.h1"), ys + "-01-01", ys + "-06-30"},
             {label("export.compliance.period.h2"), ys + "-07-01", ys + "-12-31"}};
    else
      all = {{label("export.compliance.period.quarter", "1"), ys + "-01-01", ys + "-03-31"},
             {label("export.compliance.period.quarter", "2"), ys + "-04-01", ys + "-06-30"},
             {label("export.compliance.period.quarter", "3"), ys + "-07-01", ys + "-09-30"},
             {label("export.compliance.period.quarter", "4"), ys + "-10-01", ys + "-12-31"}};
    for (auto& p : all)
      if (p.last >= from && p.first <= to) out.push_back(p);
  }
  return out;
}

}  // namespace

std::vector<Standing> frequency_standings(Db& db, const Lookup& l, const ExportOptions& o) {
  std::map<std::string, std::vector<std::string>> sat;  // official → dates of sittings that count
  {
    Stmt s(db,
           "SELECT c.body, o.body FROM records c JOIN records o ON o.subject=c.uuid AND o.kind='checkout' "
           "WHERE c.kind='checkin'");
    while (s.step()) {
      if (!decode_body<protocol::CheckOutBody>(s.text(1)).counts) continue;
      const auto in = decode_body<protocol::CheckInBody>(s.text(0));
      sat[in.official_id].push_back(in.date);
    }
  }
  // In each department heads first, then deputies, then section chiefs.
  std::vector<std::pair<std::tuple<int, std::string, protocol::Rank, std::string>, const protocol::Official*>> officials;
  for (const auto& [id, off] : l.officials) {
    const std::string& dept = off.department_id;
    if (!in_scope(o, dept)) continue;
    officials.push_back({{l.department_sort(dept), dept, off.rank, id}, &off});
  }
  std::sort(officials.begin(), officials.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  std::vector<Standing> out;
  for (const auto& [key, off] : officials) {
    const std::string id = std::get<3>(key);
    const auto added = l.added.find(id);
    for (const auto& p : periods_for(l, off->rank, o.from, o.to)) {
      if (added != l.added.end() && p.last < added->second) continue;  // not graded before they were added
      // Sittings of the whole period up to --to: a head who sat in March meets the yearly rule in a Q3 export.
      const std::string last = std::min(p.last, o.to);
      Standing st{off, p.label, p.first, p.last, 0, Standing::Result::met};
      for (const auto& d : sat[id])
        if (d >= p.first && d <= last) ++st.sittings;
      if (st.sittings == 0)  // undecided while the period is still running
        st.result = p.last > o.to || p.last >= l.today ? Standing::Result::open : Standing::Result::short_;
      out.push_back(st);
    }
  }
  return out;
}

std::vector<Sheet> compliance(Db& db, const Lookup& l, const ExportOptions& o) {
  Sheet per = bureau_sheet(
      l, o, export_word(l, "export.compliance.name"), export_word(l, "export.compliance.title"),
      {export_word(l, "export.compliance.rule")});
  Sheet dep;
  per.headers = export_words(l, {"export.col.department", "export.col.name", "export.compliance.col.title",
                                 "export.compliance.col.rank", "export.compliance.col.period",
                                 "export.compliance.col.sittings", "export.col.result"});
  per.widths = {20, 12, 18, 12, 18, 16, 10};
  per.numeric = {false, false, false, false, false, true, false};
  dep.name = export_word(l, "export.compliance.dep.name");
  dep.title = export_word(l, "export.compliance.dep.title");
  dep.meta = {per.meta[0], per.meta[1]};
  dep.headers = export_words(l, {"export.col.department", "export.compliance.col.graded", "export.compliance.met",
                                 "export.compliance.short", "export.compliance.open", "export.col.result",
                                 "export.compliance.col.short_names"});
  dep.widths = {20, 10, 8, 8, 8, 10, 40};
  dep.numeric = {false, true, true, true, true, false, false};
  struct DeptTally {
    std::int64_t total = 0, ok = 0, short_ = 0, open = 0;
    std::vector<std::string> names;
  };
  std::map<std::pair<int, std::string>, DeptTally> tally;
  for (const auto& [id, off] : l.officials)  // a department whose officials have no graded period yet has its row
    if (in_scope(o, off.department_id)) tally[{l.department_sort(off.department_id), off.department_id}];
  for (const Standing& st : frequency_standings(db, l, o)) {
    const protocol::Official* off = st.official;
    const std::string& dept = off->department_id;
    auto& t = tally[{l.department_sort(dept), dept}];
    ++t.total;
    std::string result;
    switch (st.result) {
      case Standing::Result::met: result = export_word(l, "export.compliance.met"); ++t.ok; break;
      case Standing::Result::open: result = export_word(l, "export.compliance.open"); ++t.open; break;
      case Standing::Result::short_:
        result = export_word(l, "export.compliance.short");
        ++t.short_;
        t.names.push_back(export_word(l, "export.compliance.short_name", {{"name", off->name}, {"period", st.period}}));
        break;
    }
    per.rows.push_back({l.department_name(dept), off->name, off->title, l.labels.of(off->rank), st.period,
                        std::to_string(st.sittings), result});
  }
  for (const auto& [key, t] : tally) {
    std::string names;
    for (const auto& n : t.names) names += (names.empty() ? "" : "、") + n;
    dep.rows.push_back({l.department_name(key.second), std::to_string(t.total), std::to_string(t.ok),
                        std::to_string(t.short_), std::to_string(t.open),
                        // Short if anyone fell short; undecided while a period is still running; else met.
                        export_word(l, t.short_ > 0  ? "export.compliance.short"
                                       : t.open > 0 ? "export.compliance.open"
                                                    : "export.compliance.met"),
                        names});
  }
  return {per, dep, walk_compliance(db, l, o)};
}

}  // namespace hq
