#include "sync/hq/export_tables.h"

#include <array>
#include <optional>

#include "sync/hq/export_cells.h"

namespace hq {

using protocol::decode_body;
using sync_db::Db;
using sync_db::Stmt;

// --- 附件3: one row per sitting; several problems of one sitting are numbered within its cells. ---
Sheet attachment3(Db& db, const Lookup& l, const ExportOptions& o) {
  Sheet sh;
  sh.name = export_word(l, "export.a3.name");
  sh.title = export_word(l, "export.a3.title");
  sh.meta = {filler_meta(l, o), export_word(l, "export.a3.filled", {{"today", chinese_date(l.today)}}),
             export_word(l, "export.a3.period", {{"from", chinese_date(o.from)}, {"to", chinese_date(o.to)}})};
  sh.headers = export_words(l, {"export.col.seq", "export.a3.col.time", "export.a3.col.person", "export.a3.col.visitors"});
  constexpr auto kSources = protocol::all_values<protocol::ProblemSource>();
  for (const auto source : kSources) sh.headers.push_back(l.labels.of(source));
  for (const auto& h : export_words(l, {"export.a3.col.description", "export.a3.col.measure", "export.a3.col.done",
                                        "export.a3.col.section"}))
    sh.headers.push_back(h);
  sh.groups = {{4, 7, l.labels.get("problem.source")}};
  sh.widths = {6, 26, 22, 12, 10, 10, 10, 8, 36, 30, 14, 14};
  sh.numeric = {true, false, false, true};
  sh.numeric.resize(sh.headers.size(), false);
  int n = 0;
  const char* sql =
      "SELECT c.body, o.body FROM records c LEFT JOIN records o ON o.subject=c.uuid AND o.kind='checkout' "
      "WHERE c.kind='checkin' AND c.hall_date BETWEEN ? AND ? ORDER BY c.hall_date, c.created_at, c.uuid";
  each_in_period(db, sql, o, [&](Stmt& s) {
    const auto in = decode_body<protocol::CheckInBody>(s.text(0));
    const auto out = s.opt_text(1) ? std::optional(decode_body<protocol::CheckOutBody>(*s.opt_text(1))) : std::nullopt;
    const std::string& official_id = in.official_id;
    const auto off = l.officials.find(official_id);
    const std::string dept = off == l.officials.end() ? "" : off->second.department_id;
    if (!in_scope(o, dept)) return;
    std::string when = chinese_date(in.date) + l.labels.of(in.half) + " " + hhmm(in.checkin_at) + "—";
    if (!out) when += export_word(l, "export.a3.no_checkout");
    else {
      when += hhmm(out->checkout_at);
      if (out->auto_closed) when += export_word(l, "export.a3.auto_closed");
      else if (!out->counts) when += export_word(l, "export.a3.short");
    }
    std::string person = off == l.officials.end() ? official_id
                                                  : off->second.name + " " + off->second.title;
    if (o.department_id.empty() && !dept.empty()) person += export_word(l, "export.a3.person_department", {{"department", l.department_name(dept)}});
    std::vector<std::string> row = {std::to_string(++n), when, person,
                                    out ? std::to_string(out->visitors) : ""};
    std::array<std::vector<std::string>, kSources.size()> marks;
    std::vector<std::string> desc, measure, done, section;
    const std::vector<protocol::Problem> problems = out ? out->problems : std::vector<protocol::Problem>{};
    for (std::size_t i = 0; i < problems.size(); ++i) {
      const protocol::Problem& p = problems[i];
      marks[static_cast<std::size_t>(p.source)].push_back(std::to_string(i + 1));
      desc.push_back(p.description);
      measure.push_back(p.measure);
      done.push_back(p.solved_on_spot ? export_word(l, "export.a3.solved_on_spot") : p.due_date ? chinese_date(*p.due_date) : "");
      section.push_back(p.section);
    }
    for (const auto& m : marks) {
      std::string cell;
      if (!m.empty() && problems.size() == 1) cell = "√";
      else
        for (const auto& x : m) cell += (cell.empty() ? "√" : "、") + x;
      row.push_back(cell);
    }
    for (const auto* v : {&desc, &measure, &done, &section}) row.push_back(v->empty() ? "" : numbered(*v));
    sh.rows.push_back(std::move(row));
  });
  return sh;
}

}  // namespace hq
