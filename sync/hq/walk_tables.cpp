#include <algorithm>
#include <map>
#include <tuple>

#include "sync/hq/export_cells.h"
#include "sync/hq/export_tables.h"

namespace hq {

using protocol::decode_body;
using sync_db::Db;
using sync_db::Stmt;

namespace {

// Each walk of the period in scope, in date order, with the official HQ knows ("" department when unknown).
template <typename F>
void each_walk(Db& db, const Lookup& l, const ExportOptions& o, F&& each) {
  const char* sql =
      "SELECT uuid, body FROM records WHERE kind='walk' AND hall_date BETWEEN ? AND ? ORDER BY hall_date, created_at, uuid";
  each_in_period(db, sql, o, [&](Stmt& s) {
    const auto w = decode_body<protocol::WalkBody>(s.text(1));
    const auto off = l.officials.find(w.official_id);
    const protocol::Official* official = off == l.officials.end() ? nullptr : &off->second;
    if (!in_scope(o, official ? official->department_id : "")) return;
    each(s.text(0), w, official);
  });
}

}  // namespace

// --- 走流程 附件3 问题整改台账: one row per problem found (a walk that found none has one row saying so). ---
Sheet walk_ledger(Db& db, const Lookup& l, const ExportOptions& o) {
  Sheet sh;
  sh.name = export_word(l, "export.walks.name");
  sh.title = export_word(l, "export.walks.title");
  sh.meta = {filler_meta(l, o), export_word(l, "export.a3.filled", {{"today", chinese_date(l.today)}}),
             export_word(l, "export.a3.period", {{"from", chinese_date(o.from)}, {"to", chinese_date(o.to)}})};
  sh.headers = export_words(l, {"export.col.seq", "export.walks.col.time", "export.walks.col.person", "export.walks.col.item"});
  constexpr auto kForms = protocol::all_values<protocol::WalkForm>();
  for (const auto f : kForms) sh.headers.push_back(l.labels.of(f));
  for (const auto& h : export_words(l, {"export.walks.col.problem", "export.walks.col.measure", "export.walks.col.done",
                                        "export.walks.col.section"}))
    sh.headers.push_back(h);
  sh.groups = {{4, 7, export_word(l, "export.walks.col.forms")}};
  sh.widths = {6, 16, 22, 24, 8, 8, 8, 8, 36, 30, 22, 14};
  sh.numeric = {true};
  sh.numeric.resize(sh.headers.size(), false);
  Stmt fixes(db, "SELECT idx, done_on FROM walk_findings WHERE walk_uuid=?");
  int n = 0;
  each_walk(db, l, o, [&](const std::string& uuid, const protocol::WalkBody& w, const protocol::Official* off) {
    std::map<std::int64_t, std::string> done;
    fixes.bind(1, uuid);
    while (fixes.step())
      if (auto d = fixes.opt_text(1)) done[fixes.integer(0)] = *d;
    fixes.reset();
    std::string person = off ? off->name + " " + off->title : w.official_id;
    if (o.department_id.empty() && off)
      person += export_word(l, "export.a3.person_department", {{"department", l.department_name(off->department_id)}});
    std::vector<std::string> lead = {"", chinese_date(w.date), person, w.item_name};
    for (const auto f : kForms)
      lead.push_back(std::find(w.forms.begin(), w.forms.end(), f) != w.forms.end() ? "√" : "");
    if (w.findings.empty()) {
      lead[0] = std::to_string(++n);
      lead.insert(lead.end(), {export_word(l, "export.walks.none_found"), "", "", ""});
      sh.rows.push_back(std::move(lead));
      return;
    }
    for (std::size_t i = 0; i < w.findings.size(); ++i) {
      const auto& f = w.findings[i];
      std::vector<std::string> row = lead;
      row[0] = std::to_string(++n);
      std::string when;
      if (!f.due_date) when = export_word(l, "export.walks.on_spot");
      else if (const auto d = done.find(static_cast<std::int64_t>(i)); d != done.end()) when = chinese_date(d->second);
      else
        when = export_word(l, *f.due_date < l.today ? "export.walks.overdue" : "export.walks.open",
                           {{"date", chinese_date(*f.due_date)}});
      row.insert(row.end(), {f.description, f.measure, when, f.section});
      sh.rows.push_back(std::move(row));
    }
  });
  return sh;
}

// --- 走流程 附件2 事项清单: the department's items as HQ publishes them to the kiosks. ---
Sheet item_list(Db&, const Lookup& l, const ExportOptions& o) {
  Sheet sh;
  sh.name = export_word(l, "export.items.name");
  sh.title = export_word(l, "export.items.title");
  sh.meta = {filler_meta(l, o), export_word(l, "export.items.filled", {{"today", chinese_date(l.today)}})};
  sh.headers = export_words(l, {"export.col.seq", "export.items.col.name", "export.items.col.type",
                                "export.items.col.audience", "export.items.col.mode", "export.items.col.channel",
                                "export.items.col.section", "export.items.col.contact", "export.items.col.note"});
  sh.widths = {6, 30, 16, 14, 14, 36, 14, 16, 16};
  sh.numeric = {true};
  sh.numeric.resize(sh.headers.size(), false);
  // By department in the bureau's order, then by name; with every department, the department in 备注's place.
  std::vector<const protocol::ServiceItem*> items;
  for (const auto& [id, item] : l.items)
    if (in_scope(o, item.department_id)) items.push_back(&item);
  std::sort(items.begin(), items.end(), [&](const auto* a, const auto* b) {
    return std::tuple(l.department_sort(a->department_id), a->department_id, a->name) <
           std::tuple(l.department_sort(b->department_id), b->department_id, b->name);
  });
  int n = 0;
  for (const auto* i : items) {
    std::string note = i->note;
    if (o.department_id.empty())
      note = l.department_name(i->department_id) + (note.empty() ? "" : "；" + note);
    sh.rows.push_back({std::to_string(++n), i->name, l.labels.of(i->type), i->audience, i->mode, i->channel, i->section,
                       i->contact, note});
  }
  sh.footer.push_back(export_word(l, "export.items.note1"));
  sh.footer.push_back(export_word(l, "export.items.note2"));
  return sh;
}

// --- 各部门领导干部每年至少体验1次: each official's walks in each year of the period. ---
Sheet walk_compliance(Db& db, const Lookup& l, const ExportOptions& o) {
  Sheet sh = bureau_sheet(l, o, export_word(l, "export.walks.compliance.name"),
                          export_word(l, "export.walks.compliance.title"), {export_word(l, "export.walks.compliance.rule")});
  sh.headers = export_words(l, {"export.col.department", "export.col.name", "export.compliance.col.title",
                                "export.walks.compliance.col.year", "export.walks.compliance.col.walks", "export.col.result"});
  sh.widths = {20, 12, 18, 10, 14, 10};
  sh.numeric = {false, false, false, false, true, false};
  // Walks of every year the period touches, up to its last day.
  const std::string first_year = o.from.substr(0, 4), last_year = o.to.substr(0, 4);
  ExportOptions years = o;
  years.from = first_year + "-01-01";
  std::map<std::pair<std::string, std::string>, std::int64_t> walks;  // (official, year) → walks
  each_walk(db, l, years, [&](const std::string&, const protocol::WalkBody& w, const protocol::Official*) {
    ++walks[{w.official_id, w.date.substr(0, 4)}];
  });
  std::vector<std::pair<std::tuple<int, std::string, protocol::Rank, std::string>, const protocol::Official*>> officials;
  for (const auto& [id, off] : l.officials)
    if (in_scope(o, off.department_id)) officials.push_back({{l.department_sort(off.department_id), off.department_id, off.rank, id}, &off});
  std::sort(officials.begin(), officials.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& [key, off] : officials)
    for (int y = std::stoi(first_year); y <= std::stoi(last_year); ++y) {
      const std::string year = std::to_string(y);
      const auto added = l.added.find(off->id);
      if (added != l.added.end() && year + "-12-31" < added->second) continue;  // not graded before they were added
      const std::int64_t count = walks[{off->id, year}];
      const char* result = count > 0 ? "export.compliance.met"
                           : year + "-12-31" > o.to || year + "-12-31" >= l.today ? "export.compliance.open"
                                                                                   : "export.compliance.short";
      sh.rows.push_back({l.department_name(off->department_id), off->name, off->title,
                         export_word(l, "export.compliance.period.year", {{"year", year}}), std::to_string(count),
                         export_word(l, result)});
    }
  return sh;
}

}  // namespace hq
